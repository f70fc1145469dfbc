"""The language setting in the running app: windows made after a change speak the new
language, the tray menu changes at once, and the log keeps its details in English (they
are data: exported, imported, read back), whatever is spoken."""

from __future__ import annotations

from datetime import timedelta

from backbreak.core.events import EventKind
from backbreak.core.settings import LANGUAGE
from tests.ui.test_break_flow import click, due

MIN = timedelta(minutes=1)


def test_a_language_change_reaches_the_menu_at_once_and_the_next_prompt(qtbot, desk):
    prompt = due(desk)
    assert prompt.start_button.text() == "&Start"
    click(qtbot, prompt.snooze_button)  # the prompt is idle now
    desk.store.update({LANGUAGE: "de"}, desk.clock.now())
    assert desk.shell.menu.quit_action.text() == "Beenden"
    desk.run_for(6 * MIN)  # the snoozed break comes back, in a prompt made in German
    prompt = desk.shell.prompt
    assert prompt.isVisible()
    assert prompt.start_button.text() == "&Starten"
    assert desk.shell.status_text() == "Eine Pause wartet auf Sie"


def test_the_logs_details_stay_english_in_any_language(qtbot, desk):
    desk.store.update({LANGUAGE: "ja"}, desk.clock.now())
    prompt = due(desk)
    assert prompt.start_button.text() == "開始(&S)"
    click(qtbot, prompt.snooze_button)
    snoozed = desk.event_log.recent(1)[0]
    assert snoozed.kind is EventKind.SNOOZED and snoozed.detail == "for 5 min"
