"""The last page of a routine played to its end: done, or honestly "stopped early" when it
was hurried through, how long it took, and whether the log has it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core.agenda_model import FEELINGS
from backbreak.core.i18n import _, mid_sentence
from backbreak.core.model import format_duration
from backbreak.core.session import COMPLETE_SHARE, SessionEnd
from backbreak.ui.widgets import scaled_font


def tension_change(before: int, after: int) -> str:
    """The check-ins before and after, as a line for the finish page."""
    change = (
        _("Tension {before} → {after} (lower)")
        if after < before
        else _("Tension {before} → {after} (the same)")
        if after == before
        else _("Tension {before} → {after} (higher)")
    )
    return change.format(before=before, after=after)


class FinishPage(QWidget):
    """Says "done" truthfully: the window passes on why the session could not be saved."""

    close_requested = Signal()
    felt = Signal(str)
    """One of `agenda_model.FEELINGS`: the one-click "how did that feel"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.done_label = QLabel()
        self.done_label.setFont(scaled_font(self, 1.6, bold=True))
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label.setWordWrap(True)
        self.details_label = QLabel()
        self.details_label.setObjectName("finishDetails")
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details_label.setWordWrap(True)
        self.details_label.setFont(scaled_font(self, 1.1))
        self.feel_label = QLabel(_("How did that feel?"))
        self.feel_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feel_buttons = []
        feel_row = QHBoxLayout()
        feel_row.addStretch(1)
        buttons = (_("&Better"), _("About the s&ame"), _("&Worse"))
        names = (_("It felt better"), _("It felt the same"), _("It felt worse"))
        for word, text, name in zip(FEELINGS, buttons, names, strict=True):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, w=word: self._felt(w))
            self.feel_buttons.append(button)
            feel_row.addWidget(button)
        feel_row.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close_requested.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.done_label)
        layout.addWidget(self.note_label)
        layout.addSpacing(16)
        layout.addWidget(self.details_label)
        layout.addSpacing(16)
        layout.addWidget(self.feel_label)
        layout.addLayout(feel_row)
        layout.addSpacing(20)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_result(
        self,
        title: str,
        end: SessionEnd,
        history_problem: str | None,
        details: list[str] | None = None,
    ) -> None:
        """`details`: lines worth seeing after a break (tension before and after, today
        against the target, when the next break comes); none when there are none."""
        self.feel_label.setText(_("How did that feel?"))
        for button in self.feel_buttons:  # asked of a break done and saved, and only once
            button.setVisible(end.completed and history_problem is None)
        self.feel_label.setVisible(end.completed and history_problem is None)
        self.details_label.setText("\n".join(details or []))
        self.details_label.setVisible(bool(details))
        took = format_duration(end.elapsed.total_seconds())
        if end.completed:
            self.done_label.setText(
                _("Done: {duration}, {routine}").format(duration=took, routine=mid_sentence(title))
            )
            said = _("Nicely done.")
            logged = _("It is in your history.")
        else:
            spent = format_duration(end.spent.total_seconds())
            planned = format_duration(end.planned.total_seconds())
            enough = format_duration(end.planned.total_seconds() * COMPLETE_SHARE)
            self.done_label.setText(
                _("Stopped early: {spent} of {planned}, {routine}").format(
                    spent=spent, planned=planned, routine=mid_sentence(title)
                )
            )
            said = _(
                "A break counts as done when you spend at least {share} of its time in it "
                "({duration} here)."
            ).format(share=f"{COMPLETE_SHARE:.0%}", duration=enough)
            logged = _("It is in your history as stopped early.")
        self.note_label.setText(
            f"{said} {logged}"
            if history_problem is None
            else f"{said} "
            + _("It could not be saved to your history: {reason}.").format(reason=history_problem)
        )

    def _felt(self, word: str) -> None:
        for button in self.feel_buttons:
            button.hide()
        noted = {  # not translated: the keys are agenda_model.FEELINGS, the log's words
            "better": _("Noted: it felt better. Thank you."),
            "the same": _("Noted: it felt the same. Thank you."),
            "worse": _("Noted: it felt worse. Thank you."),
        }
        self.feel_label.setText(noted.get(word, ""))
        self.close_button.setFocus()
        self.felt.emit(word)
