"""Shared settings for the reliability suite (soak, fuzzing, faults, security)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Fuzzing runs in CI on a 2-core machine: enough examples to find crashes, no flaky deadlines.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")
