"""Hostile settings files: the app still starts, the file is kept, the message names it."""

from __future__ import annotations

import pytest

from tests.reliability.hostile.harness import Case, check


def settings_text(text: str):
    def setup(paths):
        paths.settings_file.write_text(text, encoding="utf-8")

    return setup


CASES = [
    Case(
        "huge-duration",
        settings_text('[schedule]\nstretch_every = "999999999999h"\n'),
        ["config", "show", "schedule.stretch_every"],
        0,
        ["stretch_every"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_settings_file(qtbot, case):
    check(case)
