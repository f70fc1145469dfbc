"""The settings dialog, generated from the declared settings table (core.settings.OPTIONS)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.settings import OPTIONS, Option, Settings
from backbreak.storage.paths import AppPaths
from backbreak.ui.widgets import scaled_font


def _plain(text: str) -> str:
    """Help texts are written for the TOML file; drop its Markdown-style backticks."""
    return text.replace("`", "")


class SettingsDialog(QDialog):
    settings_accepted = Signal(object)  # the new Settings
    history_requested = Signal()
    delete_history_requested = Signal()  # the controller asks for confirmation

    def __init__(self, settings: Settings, paths: AppPaths,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._settings = settings
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for option in OPTIONS:
            if not option.name:  # a whole table (like [fixed]) is edited in the file
                note = QLabel(f"{_plain(option.help)} Edit these in the settings file.")
                note.setWordWrap(True)
                note.setFont(scaled_font(self, 0.9))
                note.setMinimumWidth(360)
                note.setMinimumHeight(note.heightForWidth(360))
                form.addRow(f"{option.label}:", note)
                continue
            editor = self._editor_for(option, settings[option])
            editor.setToolTip(_plain(option.help))
            editor.setAccessibleName(option.label or option.key)
            editor.setAccessibleDescription(option.help)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setStyleSheet("color: #c0392b;")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            if isinstance(editor, QCheckBox):
                editor.setText(_plain(option.help))  # a check box carries its own words
            else:
                help_label = QLabel(_plain(option.help))
                help_label.setWordWrap(True)
                help_label.setFont(scaled_font(self, 0.9))
                help_label.setMinimumWidth(360)
                # QFormLayout does not ask wrapped labels for their height: reserve it.
                help_label.setMinimumHeight(help_label.heightForWidth(360))
                box.addWidget(help_label)
            form.addRow(f"{option.label or option.key}:", box)
            self._editors[option.key] = editor
            self._errors[option.key] = error
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        open_file = self.buttons.addButton("Open settings file",
                                           QDialogButtonBox.ButtonRole.HelpRole)
        open_file.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(paths.settings_file))))
        data = QLabel(f"Your history stays on this computer, in {paths.database}. Export it "
                      "from the History window.")
        data.setWordWrap(True)
        data.setFont(scaled_font(self, 0.9))
        open_history = QPushButton("Open &history")
        open_history.clicked.connect(self.history_requested)
        self.delete_button = QPushButton("&Delete all my history…")
        self.delete_button.setToolTip("Forget every logged break and check-in (asks first)")
        self.delete_button.clicked.connect(self.delete_history_requested)
        data_buttons = QHBoxLayout()
        data_buttons.addWidget(open_history)
        data_buttons.addWidget(self.delete_button)
        data_buttons.addStretch(1)
        data_box = QVBoxLayout()
        data_box.addWidget(data)
        data_box.addLayout(data_buttons)
        form.addRow("Your data:", data_box)
        where = QLabel(f"Saved in {paths.settings_file}")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        layout = QVBoxLayout(self)
        # Grow to fit wrapped help texts instead of clipping them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _editor_for(self, option: Option[Any], value: Any) -> QWidget:
        dumped = option.dump(value)
        if option.choices:
            combo = QComboBox()
            combo.addItems(list(option.choices))
            combo.setCurrentText(str(dumped))
            return combo
        if isinstance(dumped, bool):
            box = QCheckBox()
            box.setChecked(dumped)
            return box
        line = QLineEdit(", ".join(dumped) if isinstance(dumped, list) else str(dumped))
        line.textChanged.connect(lambda _t, o=option: self._check(o))
        return line

    def _raw(self, option: Option[Any]) -> Any:
        editor = self._editors[option.key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        if isinstance(option.dump(option.default), list):
            return [part.strip() for part in text.split(",") if part.strip()]
        if isinstance(option.default, int):
            return int(text) if text.lstrip("-").isdigit() else text
        return text

    def _check(self, option: Option[Any]) -> Any:
        error = self._errors[option.key]
        try:
            value = option.parse(self._raw(option))
        except ValueError as exc:
            error.setText(str(exc))
            error.show()
            self._update_ok()
            return None
        error.hide()
        self._update_ok()
        return value

    def _update_ok(self) -> None:
        ok = all(not label.isVisibleTo(self) for label in self._errors.values())
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)

    def value_of(self, option: Option[Any]) -> Any:
        return option.parse(self._raw(option))

    def editor(self, option: Option[Any]) -> QWidget:
        return self._editors[option.key]

    def _accept(self) -> None:
        changes: dict[Option[Any], Any] = {}
        for option in OPTIONS:
            if option.key not in self._editors:
                continue
            try:
                changes[option] = option.parse(self._raw(option))
            except ValueError:
                self._check(option)
                return
        self.settings_accepted.emit(self._settings.replace(changes))
        self.accept()
