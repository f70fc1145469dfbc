"""What the running app says about settings that name things it does not have: a routine id
or a time zone. Said at start and when the file changes to say it, not at every change."""

from __future__ import annotations

import logging

import pytest

from backbreak.core.settings import MICRO_ON, MICRO_ROUTINES, STRETCH_ROUTINES, THEME, TIMEZONE


@pytest.fixture
def told(caplog):
    """What the shell tells the user (every message box is logged as a warning)."""

    def messages() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "backbreak.ui.windows"]

    caplog.set_level(logging.WARNING, logger="backbreak.ui.windows")
    return messages


def test_an_unknown_routine_id_is_said_at_start(make_desk, told):
    make_desk(**{STRETCH_ROUTINES.key: ("neck-release", "neck-relase")}).start()
    [notice] = told()
    assert "breaks.routines" in notice and '"neck-relase"' in notice
    assert '"neck-release"' not in notice  # the known one is fine


def test_the_notice_is_not_repeated_at_every_settings_change(make_desk, told, clock):
    desk = make_desk(**{TIMEZONE.key: "Mars/Olympus_Mons"}).start()
    assert len(told()) == 1 and "Mars/Olympus_Mons" in told()[0]
    desk.store.update({THEME: "dark"}, clock.now())
    assert len(told()) == 1
    desk.store.update({MICRO_ON: True, MICRO_ROUTINES: ("posture-rest",)}, clock.now())
    assert len(told()) == 2 and '"posture-rest"' in told()[1]


def test_micro_routines_matter_only_when_micro_checks_are_on(make_desk, told):
    make_desk(**{MICRO_ROUTINES.key: ("posture-rest",)}).start()
    assert told() == []
