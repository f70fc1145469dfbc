"""The settings dialog's rows that are more than one option's field: the week's working
hours as one grid, and what the Data tab says and offers. Split from ui/settings_dialog.py,
which makes each day's editor and keeps its value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from backbreak.core.i18n import _
from backbreak.core.settings import WORKING_DAYS, Option
from backbreak.storage.paths import AppPaths
from backbreak.ui.settings_editors import note, plain, small


def label_for(option: Option[Any]) -> str:
    """The option's label for a form row, in the current language: "Snooze for:"."""
    # TRANSLATORS: a settings label before its field; some languages put a space before ":".
    return _("{label}:").format(label=option.shown_label())


def week_grid(
    parent: QWidget, day_editor: Callable[[Option[Any]], tuple[QLineEdit, QLabel]]
) -> QWidget:
    """A row per weekday: its time ranges, with live validation per day (`day_editor` makes
    a day's editor and error line, filled with the saved value)."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(4)
    editors: list[QLineEdit] = []
    for row, option in enumerate(WORKING_DAYS.values()):
        editor, error = day_editor(option)
        editor.setPlaceholderText(_("day off"))
        editor.setAccessibleName(_("Working hours on {day}").format(day=option.shown_label()))
        editor.setAccessibleDescription(plain(option.shown_help()))
        editor.setToolTip(_('Time ranges like "09:00-12:30, 13:30-17:30"; empty for a day off.'))
        label = QLabel(label_for(option))
        label.setBuddy(editor)
        grid.addWidget(label, 2 * row, 0)
        grid.addWidget(editor, 2 * row, 1)
        grid.addWidget(error, 2 * row + 1, 1)
        editors.append(editor)
    copy = QPushButton(_("Copy &Monday to Tuesday-Friday"))
    copy.clicked.connect(lambda: _copy_monday(editors))
    grid.addWidget(copy, 2 * len(WORKING_DAYS), 1, Qt.AlignmentFlag.AlignLeft)
    grid.addWidget(
        small(
            _(
                'Ranges like "09:00-12:30, 13:30-17:30"; leave a day empty for '
                'a day off. Used when "Only during working hours" is on.'
            ),
            parent,
        ),
        2 * len(WORKING_DAYS) + 1,
        1,
    )
    box = QWidget()
    box.setLayout(grid)
    return box


def _copy_monday(editors: list[QLineEdit]) -> None:
    for editor in editors[1:5]:
        editor.setText(editors[0].text())


def data_rows(
    form: QFormLayout,
    paths: AppPaths,
    parent: QWidget,
    history_requested: SignalInstance,
    delete_requested: SignalInstance,
) -> QPushButton:
    """Where the data lives, Open history and Delete all my history; returns the latter."""
    form.addRow(
        _("Your data:"),
        note(
            _(
                "Your history and settings stay on this computer; backbreak sends nothing "
                "anywhere. History: {database}. Settings: {settings}."
            ).format(database=paths.database, settings=paths.settings_file),
            parent,
        ),
    )
    open_history = QPushButton(_("Open &history"))
    open_history.clicked.connect(history_requested)
    delete_button = QPushButton(_("&Delete all my history…"))
    delete_button.setToolTip(_("Forget every logged break and check-in (asks first)"))
    delete_button.clicked.connect(delete_requested)
    buttons = QHBoxLayout()
    buttons.addWidget(open_history)
    buttons.addWidget(delete_button)
    buttons.addStretch(1)
    form.addRow("", buttons)
    form.addRow(
        "",
        note(
            _(
                "Export your history from the History window (CSV or JSON) "
                "before you delete it if you may want it back."
            ),
            parent,
        ),
    )
    return delete_button
