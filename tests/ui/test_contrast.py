"""Body text is readable: WCAG AA (4.5:1) between every label's rendered text and the
background behind it, in the player's pages and the prompt, light and dark.

The colours are sampled from the rendered window, not read from the palette: a label drawn
disabled, a style sheet colour or a theme that forgets a role all show up here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from backbreak.ui.prompt import BreakPrompt
from backbreak.ui.theme import apply_theme
from tests.helpers.routines import make_routine, make_thermal

AA = 4.5


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrast(image: QImage, label: QLabel, window: QWidget) -> float:
    """The background is the commonest colour in the label's box; the text is the pixel
    that stands out most from it (a glyph's solid stem)."""
    top_left = label.mapTo(window, label.rect().topLeft())
    pixels = Counter(
        image.pixel(x, y)
        for x in range(top_left.x(), top_left.x() + label.width())
        for y in range(top_left.y(), top_left.y() + label.height())
    )
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(ratio(QColor.fromRgb(p), background) for p in pixels)


def labels(window: QWidget) -> Iterator[QLabel]:
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text().strip() and label.width() > 4:
            yield label


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def assert_readable(window: QWidget, what: str) -> None:
    image = window.grab().toImage()
    for label in labels(window):
        found = text_contrast(image, label, window)
        assert found >= AA, f"{what}: {label.text()[:40]!r} has {found:.1f}:1"


def test_the_prompt_is_readable(qtbot, theme):
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    prompt.show_for(make_routine(), 5, 3)
    qtbot.waitExposed(prompt)
    assert_readable(prompt, f"prompt ({theme})")


def test_every_player_page_is_readable(qtbot, theme, clock):
    from backbreak.ui.player import RoutinePlayer

    player = RoutinePlayer(clock)
    qtbot.addWidget(player)
    player.show()
    player.play(make_thermal())
    assert_readable(player, f"safety page ({theme})")
    player.safety_page.start_button.click()
    assert_readable(player, f"heat timer ({theme})")
    player.stop()
    player.checkin_enabled = True
    player.play(make_routine())
    assert_readable(player, f"check-in ({theme})")
    player.stop()
    player.checkin_enabled = False
    player.play(make_routine())
    assert_readable(player, f"a step ({theme})")
    player.stop()
    player.play(make_checklist())
    player.checks[0].setChecked(True)
    assert_readable(player, f"a checklist with one item ticked ({theme})")
    player.checks[0].setChecked(False)  # a tick counts once: it stays, and readable
    assert player.checks[0].isChecked() and player.checks[0].isEnabled()


def make_checklist():
    from dataclasses import replace

    from backbreak.core.model import Guidance, Side

    routine = make_routine("desk-check")
    steps = tuple(replace(s, side=Side.NONE) for s in routine.steps)
    return replace(routine, guidance=Guidance.CHECKLIST, steps=steps, duration_seconds=35)


def test_tick_boxes_stand_out_from_the_window(qtbot, theme):
    """A control's edge needs 3:1 against what surrounds it (WCAG 1.4.11): Fusion's own
    edge on a dark window was about 1.1:1, an empty box nobody could see."""
    from PySide6.QtWidgets import QCheckBox

    box = QCheckBox("Back support")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    window = QColor.fromRgb(image.pixel(image.width() - 2, image.height() // 2))
    middle = image.height() // 2
    edge = max(ratio(QColor.fromRgb(image.pixel(x, middle)), window) for x in range(0, 8))
    assert edge >= 3.0, f"{theme}: tick box edge {edge:.1f}:1"


def test_the_routine_pickers_tick_boxes_stand_out_from_the_list(qtbot, theme):
    from backbreak.ui.settings_editors import RoutinePicker

    picker = RoutinePicker([("neck-release", "Neck release"), ("box-breathing", "Box breathing")])
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    image = picker.viewport().grab().toImage()
    base = QColor.fromRgb(image.pixel(image.width() - 4, 4))
    rect = picker.visualItemRect(picker.item(0))
    middle = rect.center().y()
    edge = max(ratio(QColor.fromRgb(image.pixel(x, middle)), base) for x in range(0, 24))
    assert edge >= 3.0, f"{theme}: the picker's tick box edge {edge:.1f}:1"
