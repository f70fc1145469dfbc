"""How the shell carries out each effect of the reminder engine (`core.agenda_model`):
windows, notifications and sounds. Every decision was the engine's; this only draws it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a
from backbreak.core.i18n import N_, _
from backbreak.platform.notify import Notice

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell

REMINDER_BUTTONS = (("start", N_("Start")), ("snooze", N_("Snooze")), ("skip", N_("Skip")))
"""A reminder's notification answers like its window, where the daemon shows actions."""


def reminder_buttons(strict: bool) -> tuple[tuple[str, str], ...]:
    """A strict break is started, or left by its emergency exit in the window."""
    buttons = REMINDER_BUTTONS[:1] if strict else REMINDER_BUTTONS
    return tuple((key, _(label)) for key, label in buttons)


def carry_out(shell: Shell, effect: a.Effect) -> None:
    """Windows, notifications and sounds for one effect of the engine."""
    built = shell.built()
    match effect:
        case a.Notify(title=title, body=body, opens_prompt=opens, seconds=seconds):
            shell.notifier.notify(
                Notice(
                    title=title,
                    body=body,
                    icon=shell.icon_file,
                    timeout_ms=10_000 if seconds is None else int(seconds * 1000),
                    tag="prompt" if opens else "",
                    action=_("Open the break") if opens else "",
                    buttons=reminder_buttons(shell.state.rules.mode.has_escape) if opens else (),
                )
            )
            if opens:
                shell.clicks.watch()
        case a.ShowPrompt(pending=pending, snoozes_left=left, confirm_skip=confirm):
            minutes = shell.state.rules.snooze.total_seconds() / 60
            # Alone, the notification must be one whose buttons answer (just sent).
            window = effect.window or not (effect.new and shell.notifier.last_answers)
            shell.prompt.show_for(
                pending.routine,
                minutes,
                left,
                confirm_skip=confirm,
                window=window,
                mode=shell.state.rules.mode,
            )
            if effect.new:
                shell.cues.chime()
                shell.reminded.emit(pending)
        case a.HidePrompt():
            if built.prompt is not None:
                built.prompt.withdraw()
        case a.Play(routine=routine, held=held):
            if held:
                shell.player.play(routine, shell.state.rules.mode)
            else:
                shell.player.play(routine)
        case a.StopPlayer():
            if built.player is not None:
                built.player.stop()
        case a.AskReplace(running=running, new=new):
            running_left = shell.session_left()
            when = (
                _(" ({step}, {time} left)").format(
                    step=running_left[0], time=_minutes(running_left[1])
                )
                if running_left
                else ""
            )
            shell.windows.ask_replace(
                running, new, when, lambda stop: shell.dispatch(a.ReplaceAnswered(stop))
            )


def _minutes(left: timedelta) -> str:
    seconds = max(0, int(left.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"
