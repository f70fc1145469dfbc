"""What the player shows after a yes to the red-flag question: the routine stopped, and
when to see a professional, in the safety text's own words (core.care, content.safety)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.content import safety
from backbreak.core.care import RED_FLAG_STOPPED
from backbreak.core.i18n import N_, _
from backbreak.ui.widgets import scaled_font

HEADING = N_("Stopped")


def professional_html() -> str:
    """The red flags as a list, then the disclaimer: the same words as the safety page."""
    flags = "".join(f"<li>{escape(_(flag))}</li>" for flag in safety.RED_FLAGS)
    return (
        f"<p>{escape(_(safety.STOP_RULE))}</p><p><b>{escape(_(safety.SEE_A_PROFESSIONAL))}</b></p>"
        f"<ul>{flags}</ul><p>{escape(_(safety.DISCLAIMER))}</p>"
    )


class RedFlagPage(QWidget):
    """One way on: Close (Esc and the close button too)."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_(HEADING))
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.why = QLabel(_(RED_FLAG_STOPPED))
        self.why.setObjectName("redFlagWhy")
        self.why.setWordWrap(True)
        self.why.setFont(scaled_font(self, 1.1, bold=True))
        self.advice = QLabel(professional_html())
        self.advice.setObjectName("redFlagAdvice")
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.advice.setWordWrap(True)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setDefault(True)
        self.close_button.setAutoDefault(True)
        self.close_button.clicked.connect(self.close_requested.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.why)
        layout.addSpacing(8)
        layout.addWidget(self.advice)
        layout.addSpacing(16)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
