"""The care note: what the user's own check-ins showed, in plain numbers, and when to see
a professional. A calm window, never a notification; two answers, both kept in files
(`services.care`, the settings), so they hold across restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backbreak.content.safety import PRIVATE, SEED_TITLES
from backbreak.core.care import NUDGE_HEADING, Observation
from backbreak.core.i18n import N_, _
from backbreak.ui.player.red_flag_page import professional_html
from backbreak.ui.widgets import scaled_font

TITLE = N_("A note from your check-ins")
NOTHING = N_("Nothing in your check-ins calls for a note right now.")
WIDTH = 580
GAP = "margin-bottom: 10px"  # between one observation (with its sources) and the next


def observations_html(found: Sequence[Observation]) -> str:
    """Each observation, with the words of the source it rests on (never a file name)."""
    if not found:
        return f"<p>{escape(_(NOTHING))}</p>"
    parts = []
    for item in found:
        cited = "".join(
            f"<br><i>{escape(SEED_TITLES[t.file])}: “{escape(t.quote)}”</i>"
            for t in item.sources
            if t.file in SEED_TITLES
        )
        parts.append(
            f"<p style='margin-bottom: 10px'>{escape(item.text)}<small>{cited}</small></p>"
        )
    return "".join(parts)


class CareWindow(QWidget):
    """`remind_later` and `never_again` are the two answers; closing answers neither (the
    note was snoozed when it was shown)."""

    remind_later = Signal()
    never_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("careWindow")
        self.setWindowTitle(_(TITLE))
        self.heading = QLabel(_(NUDGE_HEADING))
        self.heading.setFont(scaled_font(self, 1.4, bold=True))
        self.heading.setWordWrap(True)
        self.noticed = QLabel()
        self.noticed.setObjectName("careNoticed")
        self.noticed.setTextFormat(Qt.TextFormat.RichText)
        self.noticed.setWordWrap(True)
        self.advice = QLabel(professional_html())
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.advice.setWordWrap(True)
        self.private = QLabel(_(PRIVATE))
        self.private.setWordWrap(True)
        self.private.setFont(scaled_font(self, 0.9))
        self.later_button = QPushButton(_("&Remind me in a month"))
        self.later_button.setDefault(True)
        self.later_button.setAutoDefault(True)
        self.never_button = QPushButton(_("&Don't show this again"))
        self.never_button.setAutoDefault(True)
        self.later_button.clicked.connect(self._later)
        self.never_button.clicked.connect(self._never)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.never_button)
        buttons.addWidget(self.later_button)
        # The words scroll, the answers stay: on a short screen (a laptop at 150 %) the
        # note is taller than the room it has.
        words = QWidget()
        inner = QVBoxLayout(words)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.heading)
        inner.addSpacing(8)
        inner.addWidget(self.noticed)
        inner.addWidget(self.advice)
        inner.addWidget(self.private)
        inner.addStretch(1)
        self.words_area = QScrollArea()
        self.words_area.setObjectName("careScroll")
        self.words_area.setWidgetResizable(True)
        self.words_area.setFrameShape(QFrame.Shape.NoFrame)
        self.words_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.words_area.setWidget(words)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.words_area, 1)
        layout.addSpacing(12)
        layout.addLayout(buttons)

    def fitting_size(self) -> QSize:
        """Its width, and the height its words and answers need at that width."""
        words = self.words_area.widget()
        inner = words.layout() if words is not None else None
        width = WIDTH - 48 - 16  # the margins, and room for a scroll bar
        needed = inner.totalHeightForWidth(width) if inner is not None else 300
        rest = 40 + 12 + self.later_button.sizeHint().height() + 16  # margins, gap, answers
        return QSize(WIDTH, max(needed + rest, 360))

    def show_observations(self, found: Sequence[Observation], notes_on: bool) -> None:
        """Fill the note; "Don't show this again" only while notes are on."""
        self.noticed.setText(observations_html(found))
        self.never_button.setEnabled(notes_on)
        self.later_button.setFocus()

    def _later(self) -> None:
        self.remind_later.emit()
        self.close()

    def _never(self) -> None:
        self.never_again.emit()
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
