"""The pieces the settings dialog is made of, each decided from the option alone.

One editor per kind of option (choice, switch, text): built, filled and read from the table,
so what an option looks like on screen is decided in one place. Also the help labels, the
start-at-login box and the sentence that reports a change made outside the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.i18n import _
from backbreak.core.option_kinds import Kind
from backbreak.core.settings import Option
from backbreak.platform.autostart import Autostart
from backbreak.ui.widgets import scaled_font

HELP_WIDTH = 300


def plain(text: str) -> str:
    """Help texts are written for the TOML file; drop its Markdown-style backticks."""
    return text.replace("`", "")


def small(text: str, parent: QWidget) -> QLabel:
    """A wrapped line of help, a little smaller than the window's font."""
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


def note(text: str, parent: QWidget) -> QWidget:
    """A wrapped note for a form row, inside its own widget so its height follows its width."""
    holder = QWidget()
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.addWidget(small(text, parent))
    return holder


class RoutinePicker(QListWidget):
    """Routines by title, ticked to choose: the file keeps ids, people see titles. Ticked
    ones keep the order they had (the rotation's order); new ticks go last. An id the file
    names but no routine has stays, ticked and marked, so nothing is dropped unseen."""

    changed = Signal()

    def __init__(self, routines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._order: list[str] = []
        self._show_tick_boxes()
        for routine_id, title in routines:
            self._add(routine_id, title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        rows = min(max(self.count(), 3), 7)
        self.setFixedHeight(rows * self.sizeHintForRow(0) + 2 * self.frameWidth() + 4)
        self.itemChanged.connect(self._ticked)

    def _show_tick_boxes(self) -> None:
        """Fusion edges an item's tick box with the window colour, darkened: on a dark
        theme that is about 1.1:1, an empty row. A lighter "window" for this list alone
        gives the edge 3:1 or more in both themes (the list itself is drawn in Base)."""
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        palette.setColor(QPalette.ColorRole.Window, QColor("#d8dbe0" if dark else "#8a8e96"))
        self.setPalette(palette)

    def _add(self, routine_id: str, title: str) -> QListWidgetItem:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, routine_id)
        item.setToolTip(routine_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.addItem(item)
        return item

    def _item(self, routine_id: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == routine_id:
                return item
        return None

    def set_ids(self, ids: Sequence[str]) -> None:
        self.blockSignals(True)
        for row in range(self.count()):
            self.item(row).setCheckState(Qt.CheckState.Unchecked)
        for routine_id in ids:
            item = self._item(routine_id) or self._add(
                routine_id, _("{id} (no such routine)").format(id=routine_id)
            )
            item.setCheckState(Qt.CheckState.Checked)
        self.blockSignals(False)
        self._order = list(ids)

    def ids(self) -> list[str]:
        return list(self._order)

    def _ticked(self, item: QListWidgetItem) -> None:
        routine_id = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() is Qt.CheckState.Checked and routine_id not in self._order:
            self._order.append(routine_id)
        elif item.checkState() is not Qt.CheckState.Checked and routine_id in self._order:
            self._order.remove(routine_id)
        self.changed.emit()


def make_editor(option: Option[Any], routines: Sequence[tuple[str, str]] = ()) -> QWidget:
    """An empty editor of the kind the option declares; `fill` gives it a value. Routine
    ids get a picker of titles when the routines are known."""
    if option.kind is Kind.IDS and routines:
        return RoutinePicker(routines)
    if option.kind is Kind.CHOICE:
        combo = QComboBox()
        combo.addItems([option.choice_label(c) for c in option.choices])
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo
    if option.kind is Kind.SWITCH:
        box = QCheckBox()
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return box
    if option.kind is Kind.NUMBER and option.bounds is not None:
        spin = QSpinBox()
        spin.setRange(*option.bounds)
        spin.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return spin
    return QLineEdit()


def fill(editor: QWidget, option: Option[Any], dumped: Any) -> None:
    """Show a value, in its file form (`option.dump`), in the editor `make_editor` built."""
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(option.choices.index(str(dumped)))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(dumped))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(dumped))
    elif isinstance(editor, RoutinePicker):
        editor.set_ids([str(x) for x in dumped])
    else:
        assert isinstance(editor, QLineEdit)
        editor.setText(", ".join(dumped) if isinstance(dumped, list) else str(dumped))


def read(editor: QWidget, option: Option[Any]) -> Any:
    """What the editor holds, as the TOML value `option.parse` expects (not yet checked);
    typed text is read by the option itself, as the CLI reads it."""
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return option.choices[editor.currentIndex()]
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, RoutinePicker):
        return editor.ids()
    assert isinstance(editor, QLineEdit)
    return option.from_text(editor.text())


def shown(option: Option[Any], dumped: Any) -> str:
    """A value as the editors show it, for a sentence: "10m", "on", "Any (rotate)", "a, b"."""
    if isinstance(dumped, bool):
        # TRANSLATORS: a switch's value in a sentence ("Spoken cues was changed ... (now on)").
        return _("on") if dumped else _("off")
    if isinstance(dumped, list):
        # TRANSLATORS: an empty list's value in a sentence ("... (now none)").
        return ", ".join(map(str, dumped)) or _("none")
    if option.kind is Kind.CHOICE:
        return option.choice_label(str(dumped))
    return str(dumped)


def changed_outside(kept: list[tuple[str, str]], followed: list[tuple[str, str]]) -> str:
    """The message line after an outside change: (label, new value) of the options whose
    edit the user keeps, then of those whose editor now shows the new value."""
    lines = []
    if len(kept) == 1:
        label, value = kept[0]
        lines.append(
            _("{label} was changed outside this window (now {value}); Apply keeps yours.").format(
                label=label, value=value
            )
        )
    elif kept:
        options = _joined(
            [_("{label} (now {value})").format(label=label, value=value) for label, value in kept]
        )
        lines.append(
            _("{options} were changed outside this window; Apply keeps yours.").format(
                options=options
            )
        )
    if followed:
        now = _joined(
            [
                _("{label}, now {value}").format(label=label, value=value)
                for label, value in followed
            ]
        )
        lines.append(
            _("Also changed there: {options}.").format(options=now)
            if kept
            else _("Changed outside this window: {options}.").format(options=now)
        )
    return " ".join(lines)


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    # TRANSLATORS: the end of a list: "{items}" are the others, joined with ", ".
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


class AutostartBox(QCheckBox):
    """Start at login: not a setting in the file but the system's own entry, read from the
    system each time the dialog opens (the user may have removed it elsewhere)."""

    def __init__(self, autostart: Autostart | None) -> None:
        super().__init__(_("Start backbreak when I log in"))
        self.setAccessibleName(_("Start at login"))
        self._autostart = autostart
        availability = autostart.availability() if autostart is not None else None
        if autostart is not None and availability is not None and availability.available:
            self.setChecked(autostart.is_enabled())
        else:
            self.setEnabled(False)
            why = availability.reason if availability is not None else _("not available")
            self.setToolTip(_("Not available here: {reason}").format(reason=why))
        self._was = self.isChecked()

    def switch(self) -> str | None:
        """Make the system match the box; None when done, else why it failed (for the user)."""
        from backbreak.platform.autostart import AutostartError, launch_command

        wanted = self.isChecked()
        if self._autostart is None or wanted == self._was:
            return None
        try:
            if wanted:
                self._autostart.enable(launch_command())
            else:
                self._autostart.disable()
        except AutostartError as exc:
            return str(exc)
        self._was = wanted
        return None


def follow_switches(
    editors: Mapping[str, QWidget], greyed: Callable[[Option[Any]], None] = lambda _o: None
) -> None:
    """An option that only means something while another is on is greyed out while it is
    off (its value is kept): the tingling question without the check-in it rides on, the
    care note's thresholds without the note, the micro checks' timing without them.
    `greyed` hears of each option greyed out by a click (a half-typed value there can no
    longer be fixed, so the dialog puts the saved one back)."""
    from backbreak.core.care import HIGH_TENSION, NUDGES_ON, RED_FLAG_ON, WEEKS
    from backbreak.core.settings import CHECKIN, MICRO_EVERY, MICRO_ON, MICRO_ROUTINES

    enabled_by: dict[Option[Any], Option[bool]] = {
        RED_FLAG_ON: CHECKIN,
        HIGH_TENSION: NUDGES_ON,
        WEEKS: NUDGES_ON,
        MICRO_EVERY: MICRO_ON,
        MICRO_ROUTINES: MICRO_ON,
    }
    for option, switch in enabled_by.items():
        editor, box = editors.get(option.key), editors.get(switch.key)
        if editor is None or not isinstance(box, QCheckBox):
            continue
        editor.setEnabled(box.isChecked())
        box.toggled.connect(editor.setEnabled)
        box.toggled.connect(lambda on, option=option: None if on else greyed(option))
