"""The real app (shell, service, agenda, waker, windows) on a simulated clock, with a fake
notifier and a real log in a temporary profile."""

from __future__ import annotations

from typing import Any

import pytest

from backbreak.content.loader import Library
from backbreak.core.model import Routine
from backbreak.core.settings import CHECKIN, OPTIONS, SOUND_VOLUME, Option, Settings
from tests.helpers.desk import BERLIN, Desk
from tests.helpers.fakes import START, FakeClock, FakeNotifier
from tests.helpers.routines import library_of, make_routine

__all__ = ["make_routine"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START, BERLIN)


@pytest.fixture
def library() -> Library:
    return library_of(make_routine(), make_routine("upper-back-reset"))


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def settings() -> Settings:
    # Check-ins have their own tests; elsewhere they would only add a click to every flow.
    # The chime (on by default) has its own tests too; elsewhere it would only make noise.
    return Settings().replace({CHECKIN: False, SOUND_VOLUME: 0})


@pytest.fixture
def make_desk(qtbot, clock, library, notifier, settings):
    """Build the app with changed settings or extra routines (closed after the test)."""
    made: list[Desk] = []

    def build(*routines: Routine, **changes: Any) -> Desk:
        for routine in routines:
            library.routines[routine.id] = routine
        chosen = settings.replace({_option(k): v for k, v in changes.items()})
        desk = Desk(clock, library, chosen, notifier=notifier)
        made.append(desk)
        return desk

    yield build
    for desk in made:
        desk.close()


@pytest.fixture
def desk(make_desk):
    return make_desk()


def _option(name: str) -> Option[Any]:
    """`snooze_limit` or `schedule.snooze_limit` -> the option."""
    found = [o for o in OPTIONS if o.key == name or o.key.endswith("." + name)]
    assert len(found) == 1, (name, found)
    return found[0]
