"""The break prompt: one size for every break, no clipped button, never in a corner."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPushButton

from backbreak.ui.prompt import BreakPrompt
from tests.helpers.routines import make_routine


def buttons(prompt: BreakPrompt) -> list[QPushButton]:
    return [prompt.start_button, prompt.snooze_button, prompt.skip_button, prompt.other_button]


def test_the_prompt_keeps_its_width_and_shows_every_button_whole(qtbot):
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    short = make_routine()
    long = replace(
        short,
        title="Upper back, shoulders and neck release, seated, with a towel roll",
        summary="A longer summary that says what this routine does and for whom, " * 3,
    )
    widths = set()
    for routine, minutes, left in ((short, 5, 3), (long, 119, 2), (short, 1, 1)):
        prompt.show_for(routine, minutes, left)
        qtbot.waitExposed(prompt)
        widths.add(prompt.width())
        for button in buttons(prompt):
            if button.isVisible():
                text = button.text().replace("&", "")
                needed = QFontMetrics(button.font()).horizontalAdvance(text)
                assert needed < button.width(), (button.text(), button.width())
    assert len(widths) == 1


def test_the_prompt_opens_half_way_down_the_right_edge_not_in_a_corner(qtbot):
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    prompt.show_for(make_routine(), 5, 3)
    area = prompt.screen().availableGeometry()
    middle = prompt.frameGeometry().center().y()
    assert abs(middle - area.center().y()) <= 2
    assert prompt.frameGeometry().right() <= area.right()


def test_the_notifications_buttons_answer_as_the_windows_do(qtbot):
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    heard: list[str] = []
    prompt.snooze_requested.connect(lambda: heard.append("snooze"))
    prompt.skip_requested.connect(lambda: heard.append("skip"))
    prompt.show_for(make_routine(), 5, 3)
    prompt.answer_from_notification("snooze")
    assert heard == ["snooze"] and not prompt.isVisible()
    prompt.answer_from_notification("skip")  # the notification outlived its break
    assert heard == ["snooze"]
    prompt.show_for(make_routine(), 5, 0, confirm_skip=True)
    prompt.answer_from_notification("snooze")  # none left: the window asks instead
    prompt.answer_from_notification("skip")  # many skips: the window asks instead
    assert heard == ["snooze"] and prompt.isVisible()


def test_a_prompt_held_for_its_notification_answers_from_it_and_comes_when_asked(qtbot):
    """With the notification alone, the window stays away yet the answer is the window's;
    a click on the notification (or a second launch) brings the window."""
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    heard: list[str] = []
    prompt.start_requested.connect(lambda: heard.append("start"))
    prompt.show_for(make_routine(), 5, 3, window=False)
    assert prompt.asking and not prompt.isVisible()
    prompt.bring_up()
    assert prompt.isVisible()
    prompt.answer_from_notification("start")
    assert heard == ["start"] and not prompt.asking and not prompt.isVisible()
    prompt.bring_up()  # nothing waits any more: nothing comes
    assert not prompt.isVisible()
    prompt.show_for(make_routine(), 5, 3, window=False)
    prompt.withdraw()  # answered elsewhere (the tray, the CLI)
    prompt.answer_from_notification("start")
    assert heard == ["start"]
