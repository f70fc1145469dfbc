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


def _menu_texts(menu) -> set[str]:
    texts = set()
    for action in menu.actions():
        texts.add(action.text())
        if action.menu() is not None:
            texts |= _menu_texts(action.menu())
    return texts


def test_the_routines_change_language_with_the_app_and_back(qtbot, desk):
    english = {r.id: r.title for r in desk.shell.library}
    desk.store.update({LANGUAGE: "de"}, desk.clock.now())
    german = {r.id: r.title for r in desk.shell.library}
    assert german.keys() == english.keys()
    assert sum(german[i] != english[i] for i in german) >= len(german) - 2
    shown = " ".join(_menu_texts(desk.shell.menu.start_menu))
    assert all(title in shown for title in german.values())
    prompt = due(desk)  # the break is offered in German words, its routine's too
    said = prompt.accessibleName()
    assert any(said.endswith(": " + t) for t in german.values()), said
    click(qtbot, prompt.snooze_button)
    desk.store.update({LANGUAGE: "en"}, desk.clock.now())
    assert {r.id: r.title for r in desk.shell.library} == english


def test_in_a_right_to_left_layout_back_and_next_point_the_way_they_sit(qtbot, desk):
    from PySide6.QtCore import Qt

    desk.shell.start_routine_by_id("neck-release")
    player = desk.shell.player
    if player.preparing:
        player.safety_page.start_button.click()
    page = player.step_page
    assert "▶" in page.next_button.text() and "◀" in page.back_button.text()
    player.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    desk.run_for(timedelta(seconds=2))  # the next tick redraws the buttons
    qtbot.waitUntil(lambda: page.next_button.x() < page.back_button.x())  # Next: left now
    assert "◀" in page.next_button.text() and "▶" in page.back_button.text()


def test_a_hidden_status_window_comes_back_in_the_new_language(qtbot, desk):
    desk.shell.show_main_window()
    window = desk.shell.status_window
    assert window.quit_button.text() == "Quit backbreak"
    window.hide()
    desk.store.update({LANGUAGE: "fr"}, desk.clock.now())
    desk.shell.show_main_window()
    assert desk.shell.status_window.isVisible()
    assert desk.shell.status_window.quit_button.text() != "Quit backbreak"
