"""The settings dialog, generated from the declared settings table (core.settings.OPTIONS).

Tabs group the table's sections; every option gets the editor its type calls for, its help
text and live validation from the option's own parser, so the dialog, the file and
`backbreak config` can never disagree. Apply keeps the dialog open.

The dialog never saves a whole Settings: each editor remembers the value it was last filled
with (its baseline), and Apply sends the store only the options the user changed. While it is
open it listens to the store, so an edit made outside (`backbreak config set`) shows up here
instead of being written back over by the dialog's stale copy.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.clock import Clock
from backbreak.core.i18n import N_, _
from backbreak.core.settings import OPTIONS, WORKING_DAYS, Option, Settings
from backbreak.platform.autostart import Autostart
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_store import SettingsChange, SettingsStore, WeakSubscription
from backbreak.ui.settings_editors import (
    AutostartBox,
    RoutinePicker,
    changed_outside,
    fill,
    follow_switches,
    make_editor,
    note,
    plain,
    read,
    shown,
    small,
)
from backbreak.ui.settings_rows import data_rows, label_for, week_grid


def _call(method: Callable[[], Callable[[Option[Any]], None] | None], option: Option[Any]) -> None:
    """Call a weakly held method, unless its object is gone."""
    bound = method()
    if bound is not None:
        bound(option)


TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("&Schedule"), ("schedule", "working_hours", "micro", "fixed")),
    (N_("&Routines"), ("breaks", "break_screen", "checkin", "care")),
    (N_("&Notifications and sound"), ("notifications", "sound")),
    (N_("A&ppearance"), ("appearance",)),
    (N_("&Data and privacy"), ("history",)),
)
"""Which settings tables each tab shows, in order (a test checks every table has a tab);
the titles are translated where shown (`_(title)`)."""
DAY_KEYS = {option.key for option in WORKING_DAYS.values()}
_BY_KEY = {option.key: option for option in OPTIONS}
ERROR_COLOUR = "#d9534f"


class SettingsDialog(QDialog):
    """Edits the options of a SettingsStore; the app hears of changes from the store."""

    history_requested = Signal()
    delete_history_requested = Signal()  # the shell asks for confirmation

    def __init__(
        self,
        store: SettingsStore,
        paths: AppPaths,
        clock: Clock,
        parent: QWidget | None = None,
        autostart: Autostart | None = None,
        routines: Sequence[tuple[str, str]] = (),
    ) -> None:
        """`routines`: (id, title) of every routine, for pickers instead of typed ids."""
        super().__init__(parent)
        self._routines = tuple(routines)
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        self._store = store
        self._clock = clock
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._baseline: dict[str, Any] = {}
        """Per option key: the value (in file form, `option.dump`) its editor was last filled
        with or applied. The user has edited an option when its editor differs from this."""
        self._subscription = WeakSubscription(store, self._on_store_changed)
        self.autostart_box = AutostartBox(autostart)
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
            _("Open settings &file"), QDialogButtonBox.ButtonRole.HelpRole
        )
        open_file.setToolTip(str(paths.settings_file))
        open_file.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.settings_file)))
        )
        # After the buttons: filling an editor validates it, which enables or disables them.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, tables in TABS:
            self.tabs.addTab(self._tab(tables, paths), _(title))
        greyed = weakref.WeakMethod(self._greyed)  # the store must not keep a closed dialog
        follow_switches(self._editors, lambda option: _call(greyed, option))
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(700, 640)
        self._subscription.start()
        # Deleted while still subscribed (its parent went first, deleteLater): the lambda
        # holds the subscription, not the widget, so it still runs once the widget is gone.
        subscription = self._subscription
        self.destroyed.connect(lambda *_args: subscription.stop())

    # -- building ----------------------------------------------------------------------
    def _tab(self, tables: tuple[str, ...], paths: AppPaths) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(10, 10, 18, 10)  # keep clear of the scroll bar
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        if "schedule" in tables:
            form.addRow(_("Start at login:"), self.autostart_box)
        week_shown = False
        for option in OPTIONS:
            if option.table not in tables:
                continue
            if option.key in DAY_KEYS:  # the seven days share one grid, where the first is
                if not week_shown:
                    form.addRow(_("Working hours:"), week_grid(self, self._day_editor))
                    week_shown = True
                continue
            if not option.name:  # a whole table (like [fixed]) is edited in the file
                form.addRow(
                    label_for(option),
                    note(
                        _("{help} Edit these in the settings file.").format(
                            help=plain(option.shown_help())
                        ),
                        self,
                    ),
                )
                continue
            field = self._field(option)
            if isinstance(self._editors[option.key], QCheckBox):
                form.addRow("", field)  # the box says what it is
            else:
                form.addRow(label_for(option), field)
        if "history" in tables:
            self.delete_button = data_rows(
                form, paths, self, self.history_requested, self.delete_history_requested
            )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        return scroll

    def _field(self, option: Option[Any]) -> QWidget:
        """Editor, error line and help, in one widget: the form then sizes the wrapped help
        for the width it really gets (a bare nested layout would clip or overlap it)."""
        editor = self._editor_for(option)
        editor.setToolTip(plain(option.shown_help()))
        editor.setAccessibleName(option.shown_label())
        editor.setAccessibleDescription(plain(option.shown_help()))
        field = QWidget()
        box = QVBoxLayout(field)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self._error_label(option))
        if isinstance(editor, QCheckBox):
            editor.setText(option.shown_label())  # short: check boxes do not wrap
        box.addWidget(small(plain(option.shown_help()), self))
        self._editors[option.key] = editor
        self._fill(option, self._store.current[option])
        return field

    def _error_label(self, option: Option[Any]) -> QLabel:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.setWordWrap(True)
        error.hide()
        self._errors[option.key] = error
        return error

    def _day_editor(self, option: Option[Any]) -> tuple[QLineEdit, QLabel]:
        """One weekday's editor and error line for the week's grid (ui/settings_rows.py)."""
        editor = self._editor_for(option)
        assert isinstance(editor, QLineEdit)
        error = self._error_label(option)
        self._editors[option.key] = editor
        self._fill(option, self._store.current[option])
        return editor, error

    def _editor_for(self, option: Option[Any]) -> QWidget:
        editor = make_editor(option, self._routines)
        editor.setObjectName(option.key)
        # A bound method, not a lambda holding `self`: Qt would keep that alive for good.
        if isinstance(editor, QLineEdit):
            editor.textChanged.connect(self._text_changed)
        elif isinstance(editor, QSpinBox):
            editor.valueChanged.connect(self._text_changed)
        elif isinstance(editor, RoutinePicker):
            editor.changed.connect(self._text_changed)
        return editor

    def _text_changed(self) -> None:
        self._check(_BY_KEY[self.sender().objectName()])

    def _fill(self, option: Option[Any], value: Any) -> None:
        """Show `value` in the option's editor; it becomes the baseline edits are seen against."""
        dumped = option.dump(value)
        fill(self._editors[option.key], option, dumped)
        self._baseline[option.key] = dumped

    def _greyed(self, option: Option[Any]) -> None:
        """Greyed out while its value does not parse: the saved value comes back, so a field
        nobody can edit now never blocks OK and Apply."""
        if not self._errors[option.key].isHidden():
            fill(self._editors[option.key], option, self._baseline[option.key])
            self._check(option)

    # -- values ------------------------------------------------------------------------
    def _check(self, option: Option[Any]) -> Any:
        error = self._errors[option.key]
        try:
            value = option.parse(read(self._editors[option.key], option))
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

    def _value_of(self, option: Option[Any]) -> Any:
        return option.parse(read(self._editors[option.key], option))

    def editor(self, option: Option[Any]) -> QWidget:
        return self._editors[option.key]

    def error_for(self, option: Option[Any]) -> QLabel:
        """The line under the option's editor that says what is wrong with its value."""
        return self._errors[option.key]

    def _changes(self) -> dict[Option[Any], Any] | None:
        """The options the user changed, parsed; None (the first bad one shown) if any is bad."""
        changes: dict[Option[Any], Any] = {}
        for option in OPTIONS:
            if option.key not in self._editors:
                continue
            try:
                value = self._value_of(option)
            except ValueError:
                self._check(option)
                self._show_tab_of(option)
                return None
            if option.dump(value) != self._baseline[option.key]:
                changes[option] = value
        return changes

    def _show_tab_of(self, option: Option[Any]) -> None:
        for index, (_title, tables) in enumerate(TABS):
            if option.table in tables:
                self.tabs.setCurrentIndex(index)
                self._editors[option.key].setFocus()
                return

    def show_message(self, text: str, problem: bool = True) -> None:
        """A line above the buttons: a problem (not saved, start at login failed) has a red
        bar, news (a change made outside) the accent colour's, so the two are not confused."""
        bar = ERROR_COLOUR if problem else "palette(highlight)"
        self.message.setStyleSheet(  # not translated: a Qt style sheet
            f"QLabel#settingsMessage {{ background: palette(alternate-base); "
            f"border-left: 3px solid {bar}; padding: 6px 8px; }}"
        )
        self.message.setText(text)
        self.message.show()

    def apply(self) -> bool:
        """Save and use what the user changed; the dialog stays open.

        False when something is off, with the reason on screen: a bad value, settings that
        could not be saved (they still apply until backbreak quits) or start at login.
        """
        changes = self._changes()
        if changes is None:
            return False
        self.message.hide()
        saved = True
        if changes:
            notice = self._store.update(changes, self._clock.now())
            for option, value in changes.items():  # also when the store told us already
                self._baseline[option.key] = option.dump(value)
            if notice is not None:
                self.show_message(notice)
                saved = False
        failed = self.autostart_box.switch()
        if failed is not None:
            self.show_message(failed)
        return failed is None and saved

    def _accept(self) -> None:
        if self.apply():
            self.accept()

    # -- changes from outside ----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Shown again after a close: catch up with what changed while it was not listening."""
        if not self._subscription.active:
            self._subscription.start()
            self._take(self._store.current, set(self._editors))
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """Closed (OK, Cancel, Esc, the window's X): stop listening, so the store does not
        keep a closed dialog alive. A spontaneous hide is a minimise: still open."""
        if not event.spontaneous():
            self._subscription.stop()
        super().hideEvent(event)

    def _on_store_changed(self, change: SettingsChange) -> None:
        if not shiboken6.isValid(self):  # deleted without its destroyed signal reaching us
            return
        self._take(change.after, change.keys)

    def _take(self, settings: Settings, keys: set[str] | frozenset[str]) -> None:
        """Show `settings` for `keys`: an editor the user has not touched follows; one they
        edited keeps their text (Apply sends it) and the message line says what happened.
        The dialog's own Apply lands here too and, its editors already agreeing, says nothing.
        """
        kept: list[tuple[str, str]] = []
        followed: list[tuple[str, str]] = []
        for option in OPTIONS:
            if option.key not in keys or option.key not in self._editors:
                continue
            value = settings[option]
            dumped = option.dump(value)
            baseline = self._baseline[option.key]
            if dumped == baseline:
                continue
            mine = self._editor_dump(option)  # None: text that does not parse, an edit too
            said = (option.shown_label(), shown(option, dumped))
            if mine == baseline:
                self._fill(option, value)
                followed.append(said)
                continue
            self._baseline[option.key] = dumped
            if mine != dumped:
                kept.append(said)
        if kept or followed:
            self.show_message(changed_outside(kept, followed), problem=False)

    def _editor_dump(self, option: Option[Any]) -> Any:
        """The editor's value in file form, or None when it does not parse."""
        try:
            return option.dump(self._value_of(option))
        except ValueError:
            return None
