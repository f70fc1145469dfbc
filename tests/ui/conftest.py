"""A real Controller with fake time, a fake notifier and a real log in a temp profile."""

from __future__ import annotations

import pytest

from backbreak.adapters.notify import NotifierChain
from backbreak.content.loader import Library
from backbreak.core.model import Category, Difficulty, Guidance, Routine, Side, Source, Step
from backbreak.core.settings import CHECKIN, Settings
from backbreak.storage.db import open_log
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import FakeNotifier


def make_routine(rid: str = "neck-release", category: Category = Category.STRETCH) -> Routine:
    steps = (
        Step("Side tilt", "Tilt your ear towards your shoulder.", 20, Side.BOTH),
        Step("Chin tuck", "Draw your chin straight back.", 15, reps=5),
    )
    return Routine(
        rid,
        2,
        rid.replace("-", " ").capitalize(),
        category,
        "Loosen a stiff neck.",
        55,
        Difficulty.GENTLE,
        Guidance.STRETCH,
        steps,
        (Source("000_1b5c86ec2cb6c9dd.txt", "take short breaks to stretch"),),
    )


@pytest.fixture
def library() -> Library:
    lib = Library()
    for routine in (make_routine(), make_routine("upper-back-reset")):
        lib.routines[routine.id] = routine
    return lib


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def controller(qtbot, clock, library, notifier):
    from backbreak.ui.controller import Controller

    paths = AppPaths.from_environment()
    paths.ensure()
    event_log = open_log(paths.database, clock.now()).log
    # Check-ins have their own tests; elsewhere they would only add a click to every flow.
    settings = Settings().replace({CHECKIN: False})
    ctl = Controller(
        clock, paths, settings, library, event_log, NotifierChain([notifier]), tray_available=False
    )
    yield ctl
    ctl.driver.stop()
    for window in (ctl._prompt, ctl._player, ctl._status_window):
        if window is None:
            continue
        window.hide()
    event_log.close()
