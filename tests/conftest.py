"""Shared fixtures. Every test gets its own BACKBREAK_HOME: nothing touches a real profile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Properties and state machines: hundreds of examples in CI; thousands on request with
# `pytest --hypothesis-profile=thorough`. No deadlines: CI machines have two busy cores.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")

# Without a display and without this, Qt aborts the whole run. The e2e tests give their
# child processes a real X server explicitly.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("BACKBREAK_DEBUG", None)
# The tests read what backbreak says in English, on any machine's locale (the translation
# tests choose their language themselves); child processes inherit it.
os.environ["LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def backbreak_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "backbreak-home"
    monkeypatch.setenv("BACKBREAK_HOME", str(home))
    # Start-at-login writes to the desktop's own folder, not the profile: keep it in tmp too.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A test that speaks another language leaves the next one in English."""
    yield
    from backbreak.core import i18n

    if i18n.current_language() != "en":
        i18n.install("en")
    language = sys.modules.get("backbreak.ui.language")
    if language is not None:  # Qt's own translator too
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            language.speak(app, "en", {})


@pytest.fixture
def clock():
    from tests.helpers.fakes import FakeClock

    return FakeClock()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item, so fixtures can react to a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
