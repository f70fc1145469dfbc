"""The settings dialog, generated from the declared settings table (core.settings.OPTIONS).

Tabs group the table's sections; every option gets the editor its type calls for, its help
text and live validation from the option's own parser, so the dialog, the file and
`backbreak config` can never disagree. Apply re-plans at once and keeps the dialog open.
"""

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
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backbreak.adapters.autostart import Autostart
from backbreak.core.settings import OPTIONS, WORKING_DAYS, Option, Settings
from backbreak.storage.paths import AppPaths
from backbreak.ui.widgets import scaled_font

TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&Schedule", ("schedule", "working_hours", "micro", "fixed")),
    ("&Routines", ("breaks", "checkin")),
    ("&Notifications and sound", ("notifications", "sound")),
    ("A&ppearance", ("appearance",)),
    ("&Data and privacy", ("history",)),
)
"""Which settings tables each tab shows, in order (a test checks every table has a tab)."""
DAY_KEYS = {option.key for option in WORKING_DAYS.values()}
HELP_WIDTH = 300


def _plain(text: str) -> str:
    """Help texts are written for the TOML file; drop its Markdown-style backticks."""
    return text.replace("`", "")


def _small(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFont(scaled_font(parent, 0.9))
    label.setMinimumWidth(HELP_WIDTH)
    # A scroll area's first layout pass ignores height-for-width, which clipped wrapped text
    # on first open: reserve the height the text needs at its narrowest. Wider rows only
    # leave a little room below.
    label.setMinimumHeight(label.heightForWidth(HELP_WIDTH))
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _note(text: str, parent: QWidget) -> QWidget:
    """A wrapped note for a form row, inside its own widget so its height follows its width."""
    holder = QWidget()
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.addWidget(_small(text, parent))
    return holder


class SettingsDialog(QDialog):
    settings_accepted = Signal(object)  # the new Settings (OK or Apply)
    history_requested = Signal()
    delete_history_requested = Signal()  # the controller asks for confirmation

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        parent: QWidget | None = None,
        autostart: Autostart | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._settings = settings
        self._autostart = autostart
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, tables in TABS:
            self.tabs.addTab(self._tab(tables, paths), title)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        open_file = self.buttons.addButton(
            "Open settings &file", QDialogButtonBox.ButtonRole.HelpRole
        )
        open_file.setToolTip(str(paths.settings_file))
        open_file.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.settings_file)))
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(700, 640)

    # -- building ----------------------------------------------------------------------
    def _tab(self, tables: tuple[str, ...], paths: AppPaths) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(10, 10, 18, 10)  # keep clear of the scroll bar
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        if "schedule" in tables:
            self._autostart_row(form)
        week_shown = False
        for option in OPTIONS:
            if option.table not in tables:
                continue
            if option.key in DAY_KEYS:  # the seven days share one grid, where the first is
                if not week_shown:
                    form.addRow("Working hours:", self._week_grid())
                    week_shown = True
                continue
            if not option.name:  # a whole table (like [fixed]) is edited in the file
                form.addRow(
                    f"{option.label}:",
                    _note(f"{_plain(option.help)} Edit these in the settings file.", self),
                )
                continue
            field = self._field(option)
            if isinstance(self._editors[option.key], QCheckBox):
                form.addRow("", field)  # the box says what it is
            else:
                form.addRow(f"{option.label or option.key}:", field)
        if "history" in tables:
            self._data_rows(form, paths)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        return scroll

    def _field(self, option: Option[Any]) -> QWidget:
        """Editor, error line and help, in one widget: the form then sizes the wrapped help
        for the width it really gets (a bare nested layout would clip or overlap it)."""
        editor = self._editor_for(option, self._settings[option])
        editor.setToolTip(_plain(option.help))
        editor.setAccessibleName(option.label or option.key)
        editor.setAccessibleDescription(_plain(option.help))
        field = QWidget()
        box = QVBoxLayout(field)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self._error_label(option))
        if isinstance(editor, QCheckBox):
            editor.setText(option.label or option.key)  # short: check boxes do not wrap
        box.addWidget(_small(_plain(option.help), self))
        self._editors[option.key] = editor
        return field

    def _error_label(self, option: Option[Any]) -> QLabel:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setStyleSheet("color: #d9534f;")
        error.setWordWrap(True)
        error.hide()
        self._errors[option.key] = error
        return error

    def _week_grid(self) -> QWidget:
        """A row per weekday: its time ranges, with live validation per day."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for row, option in enumerate(WORKING_DAYS.values()):
            editor = self._editor_for(option, self._settings[option])
            assert isinstance(editor, QLineEdit)
            editor.setPlaceholderText("day off")
            editor.setAccessibleName(f"Working hours on {option.label}")
            editor.setAccessibleDescription(_plain(option.help))
            editor.setToolTip('Time ranges like "09:00-12:30, 13:30-17:30"; empty for a day off.')
            label = QLabel(f"{option.label}:")
            label.setBuddy(editor)
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(editor, 2 * row, 1)
            grid.addWidget(self._error_label(option), 2 * row + 1, 1)
            self._editors[option.key] = editor
        copy = QPushButton("Copy &Monday to Tuesday-Friday")
        copy.clicked.connect(self._copy_monday)
        grid.addWidget(copy, 2 * len(WORKING_DAYS), 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(
            _small(
                'Ranges like "09:00-12:30, 13:30-17:30"; leave a day empty for '
                'a day off. Used when "Only during working hours" is on.',
                self,
            ),
            2 * len(WORKING_DAYS) + 1,
            1,
        )
        box = QWidget()
        box.setLayout(grid)
        return box

    def _copy_monday(self) -> None:
        days = list(WORKING_DAYS.values())
        monday = self._editors[days[0].key]
        assert isinstance(monday, QLineEdit)
        for option in days[1:5]:
            editor = self._editors[option.key]
            assert isinstance(editor, QLineEdit)
            editor.setText(monday.text())

    def _autostart_row(self, form: QFormLayout) -> None:
        self.autostart_box = QCheckBox("Start backbreak when I log in")
        self.autostart_box.setAccessibleName("Start at login")
        available = self._autostart is not None and self._autostart.availability().available
        if self._autostart is not None and available:
            self.autostart_box.setChecked(self._autostart.is_enabled())
        else:
            self.autostart_box.setEnabled(False)
            why = (
                self._autostart.availability().reason
                if self._autostart is not None
                else "not available"
            )
            self.autostart_box.setToolTip(f"Not available here: {why}")
        self._autostart_was = self.autostart_box.isChecked()
        form.addRow("Start at login:", self.autostart_box)

    def _data_rows(self, form: QFormLayout, paths: AppPaths) -> None:
        form.addRow(
            "Your data:",
            _note(
                "Your history and settings stay on this computer; backbreak sends nothing "
                f"anywhere. History: {paths.database}. Settings: {paths.settings_file}.",
                self,
            ),
        )
        open_history = QPushButton("Open &history")
        open_history.clicked.connect(self.history_requested)
        self.delete_button = QPushButton("&Delete all my history…")
        self.delete_button.setToolTip("Forget every logged break and check-in (asks first)")
        self.delete_button.clicked.connect(self.delete_history_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(open_history)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow(
            "",
            _note(
                "Export your history from the History window (CSV or JSON) "
                "before you delete it if you may want it back.",
                self,
            ),
        )

    def _editor_for(self, option: Option[Any], value: Any) -> QWidget:
        dumped = option.dump(value)
        if option.choices:
            combo = QComboBox()
            combo.addItems([c or "any (rotate)" for c in option.choices])
            combo.setCurrentIndex(option.choices.index(str(dumped)))
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            return combo
        if isinstance(dumped, bool):
            box = QCheckBox()
            box.setChecked(dumped)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            return box
        line = QLineEdit(", ".join(dumped) if isinstance(dumped, list) else str(dumped))
        line.textChanged.connect(lambda _t, o=option: self._check(o))
        return line

    # -- values ------------------------------------------------------------------------
    def _raw(self, option: Option[Any]) -> Any:
        editor = self._editors[option.key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return option.choices[editor.currentIndex()]
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
            self._update_buttons()
            return None
        error.hide()
        self._update_buttons()
        return value

    def _update_buttons(self) -> None:
        ok = all(label.isHidden() for label in self._errors.values())
        for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
            self.buttons.button(which).setEnabled(ok)

    def value_of(self, option: Option[Any]) -> Any:
        return option.parse(self._raw(option))

    def editor(self, option: Option[Any]) -> QWidget:
        return self._editors[option.key]

    def _collect(self) -> Settings | None:
        changes: dict[Option[Any], Any] = {}
        for option in OPTIONS:
            if option.key not in self._editors:
                continue
            try:
                changes[option] = option.parse(self._raw(option))
            except ValueError:
                self._check(option)
                self._show_tab_of(option)
                return None
        return self._settings.replace(changes)

    def _show_tab_of(self, option: Option[Any]) -> None:
        for index, (_title, tables) in enumerate(TABS):
            if option.table in tables:
                self.tabs.setCurrentIndex(index)
                self._editors[option.key].setFocus()
                return

    def _switch_autostart(self) -> bool:
        """Apply the Start-at-login box; False (with the reason shown) when it failed."""
        from backbreak.adapters.autostart import AutostartError, launch_command

        wanted = self.autostart_box.isChecked()
        if self._autostart is None or wanted == self._autostart_was:
            return True
        try:
            if wanted:
                self._autostart.enable(launch_command())
            else:
                self._autostart.disable()
        except AutostartError as exc:
            self.show_message(str(exc))
            return False
        self._autostart_was = wanted
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def apply(self) -> bool:
        """Save and use the values now; the dialog stays open. False when something is off."""
        settings = self._collect()
        if settings is None:
            return False
        self._settings = settings
        self.settings_accepted.emit(settings)
        return self._switch_autostart()

    def _accept(self) -> None:
        if self.apply():
            self.accept()
