"""How the running app follows its settings: the rules the engine gets, what changes at
once when the file changes (language, theme, tray icon, the player), and the theme itself,
applied only once something is about to show.

Split from the shell (ui/shell.py), which owns the windows these reach through its public
face; every decision about breaks stays the engine's (a changed rule is an event to it).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from backbreak.core import agenda_model as a
from backbreak.core.care import RED_FLAG_ON
from backbreak.core.i18n import _, current_language
from backbreak.core.reminder_rules import Rules, rules_from_settings
from backbreak.core.settings import CHECKIN, LANGUAGE, REDUCE_MOTION, THEME, TIMEZONE, TRAY_ICON
from backbreak.core.settings_references import reference_problems
from backbreak.platform.zone import resolve_zone
from backbreak.ui.break_windows import local_player

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from backbreak.core.settings import Settings
    from backbreak.storage.settings_store import SettingsChange, SettingsStore
    from backbreak.ui.shell import Shell


class Theming:
    """Light or dark, applied when the first window or the menu is about to show.

    Deciding it loads Qt's whole namespace of enums and the Fusion style: a tray app that
    only waits for the next break does without them. The style sheet (tick boxes) costs
    3 MiB more, and only windows with tick boxes need it: the tray menu alone (`sheet`
    False) does without it, and since the break's windows, History and Settings live in
    the window process, that is all most days show here.
    """

    def __init__(self, store: SettingsStore) -> None:
        self._store = store
        self.themed = False
        self.sheet = False

    def apply(self, sheet: bool = True) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        sheet = sheet or self.sheet
        if not self.themed or sheet != self.sheet:
            from backbreak.ui.theme import apply_theme

            apply_theme(app, self._store.current[THEME], sheet=sheet)
            self.themed, self.sheet = True, sheet

    def apply_to_menu(self) -> None:
        """The tray menu, drawn here (an X11 tray, the status window): in the chosen theme;
        "system" leaves it in the platform's own look, as the desktop's other menus are.
        Deciding what "system" means loads Qt's whole namespace of enums and the Fusion
        style (1.3 MiB for the rest of the day), which a menu alone does not need."""
        if self._store.current[THEME] != "system":  # (once a window themed it: no-op)
            self.apply(sheet=False)

    def theme_changed(self) -> None:
        """The setting changed: what shows (or showed) follows at once; else nothing loads
        until a window or the menu shows."""
        if self.themed:
            self.themed = False
            self.apply(sheet=self.sheet)


class SettingsFollower:
    """The engine's rules from the settings, and what a change of the file changes now."""

    def __init__(self, shell: Shell) -> None:
        self._shell = shell
        self.notices: list[str] = []
        """What to tell the user about the settings (shown at start, or at the change)."""
        self._rule_notices: list[str] = []

    def rules(self, settings: Settings) -> Rules:
        """The engine's rules; an unknown time zone or routine is told once, not again at
        every later change while it stays."""
        shell = self._shell
        tz, problem = resolve_zone(settings[TIMEZONE], shell.local_zone)
        said = [problem] if problem else []
        unknown = reference_problems(settings, shell.library.routines)
        if unknown:
            said.append(
                _(
                    "Some routines the settings name are not there, so others are used "
                    "instead:\n{list}"
                ).format(list="\n".join(f"• {p}" for p in unknown))
            )
        self.notices += [n for n in said if n not in self._rule_notices]
        self._rule_notices = said
        return rules_from_settings(settings, tz, shell.library)

    def tell(self) -> None:
        """Show what is to be told about the settings (once)."""
        for notice in self.notices:
            self._shell.windows.tell_user(notice)
        self.notices.clear()

    def take_edit(self) -> None:
        """The settings file edited by hand (a `[fixed]` entry, say) is taken at the next
        wake-up, within a minute and without a restart: one stat a minute, no read until
        it changed. What could not be used is told once for each edit."""
        shell = self._shell
        said = shell.store.take_edit(shell.clock.now())
        if said is None:
            return
        log.info("the settings file changed on disk: read again")
        self.notices += said
        self.tell()

    def changed(self, change: SettingsChange) -> None:
        shell, settings = self._shell, change.after
        if shell.window_process is not None:
            shell.window_process.tell("reload")
        if LANGUAGE.key in change.keys:  # the windows made from now on speak it
            from backbreak.ui.language import speak

            app = QApplication.instance()
            if app is not None:
                speak(app, settings[LANGUAGE], dict(os.environ))
            shell.library.use_language(current_language())  # routines too, string by string
            shell.menu.set_routines(shell.library)
            shell.menu.retranslate()  # the tray's menu is made once: its words change now
            shell.forget_idle_break_windows()
        if THEME.key in change.keys:
            shell.theming.theme_changed()
        if shell.tray is not None and TRAY_ICON.key in change.keys:
            shell.tray.set_style(settings[TRAY_ICON])
        self.player_settings(settings)
        rules = self.rules(settings)
        self.tell()
        if rules != shell.state.rules:
            shell.dispatch(a.RulesChanged(rules))
        prompt = shell.built().prompt
        if prompt is not None and prompt.asking and not prompt.isVisible() and rules.asks_with[1]:
            prompt.bring_up()  # a break waiting in its notification, and now windows ask

    def player_settings(self, settings: Settings) -> None:
        player = local_player(self._shell.built().player)  # the window process reads its own
        if player is not None:
            player.pacer.reduce_motion = settings[REDUCE_MOTION]
            player.checkin_enabled = settings[CHECKIN]
            player.red_flag_enabled = settings[RED_FLAG_ON]
