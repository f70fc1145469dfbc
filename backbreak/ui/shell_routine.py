"""The shell's part in a routine: the cues at each step, the outcome and what the finish
page adds, and the question before quitting stops a heat or cold timer. Split from the
shell (ui/shell.py), whose public face it uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a
from backbreak.core.i18n import _
from backbreak.core.settings import DAILY_TARGET
from backbreak.core.stats_words import tally_lines
from backbreak.platform.notify import Notice
from backbreak.ui.break_remote import RemotePlayer

if TYPE_CHECKING:
    from backbreak.core.model import Routine
    from backbreak.core.session import SessionEnd
    from backbreak.ui.shell import Shell


def may_quit(shell: Shell) -> bool:
    """Asked before quitting from the menu: a running heat or cold timer stops with the app,
    so the user is told to take the pack off (anything else quits without asking)."""
    session = shell.state.session
    if session is None or not session.began or not session.routine.thermal:
        return True
    return shell.windows.confirm(
        _("Quit backbreak?"),
        _("{title} is running. Quitting stops its timer: take the pack off now.").format(
            title=session.routine.title
        ),
        _("Stop the timer and quit"),
    )


def session_ended(shell: Shell, end: SessionEnd) -> None:
    """The player's outcome: logged, then what the finish page should add."""
    shell.dispatch(a.Ended(end))
    player = shell.built().player
    if isinstance(player, RemotePlayer):
        # The tally reads the log: only for an end that shows the finish page.
        details = finish_details(shell) if end.completed or end.rushed else []
        player.finish(shell.reminders.completed_problem, details)
    elif player is not None:
        player.history_problem = shell.reminders.completed_problem


def finish_details(shell: Shell) -> list[str]:
    """For the finish page: today's breaks against the target, and the next break."""
    now, target = shell.clock.now(), shell.store.current[DAILY_TARGET]
    streak = shell.reminders.streak(now, target)
    done = shell.reminders.done_today(now)
    return [*tally_lines(done, target, streak), shell.status_text()]


def step_started(shell: Shell, routine: Routine, index: int) -> None:
    """A chime and the spoken cue at each step; heat and cold phases also notify, since
    their window may be hidden."""
    step = routine.played_steps[index]
    shell.cues.say(step.cue or step.title)
    if routine.thermal is not None:
        shell.notifier.notify(Notice(title=step.title, body=step.instruction, icon=shell.icon_file))
    shell.refresh()


def write_failed(shell: Shell, reason: str) -> None:
    """Told once per run of failures: a full disk fails every write until it is freed."""
    shell.windows.tell_user(
        _(
            "Your breaks could not be saved to the history: {reason}. backbreak keeps "
            "reminding you, and saves again as soon as it can; breaks taken meanwhile are "
            "missing from the history."
        ).format(reason=reason)
    )
