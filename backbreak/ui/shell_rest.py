"""What the app does at each heartbeat once nothing asks or plays: how often the heartbeat
comes, the care note, and letting the day's windows go. Split from the shell (ui/shell.py),
whose public face it uses.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell

log = logging.getLogger(__name__)

LET_GO_BEFORE = timedelta(minutes=10)
"""Windows are let go at rest only when the next reminder is further away than this."""
WAITING_POLL = 5.0
"""Seconds between looks while a due reminder waits for the user, where nothing says when
they are back (and always while they are busy: a call's end sends no input)."""


def poll_seconds(shell: Shell) -> float:
    """The heartbeat: a third of the natural break (at most a minute), so an absence is seen
    in time; every few seconds while a due break waits, unless the desktop will say when an
    away user is back (the watch is armed then, and taken down once nothing waits)."""
    rest = min(60.0, max(1.0, shell.state.rules.natural_break.total_seconds() / 3))
    watch, state = shell.back_watch, shell.state
    if not shell.reminders.waiting():
        if watch is not None:
            watch.disarm()
        return rest
    if watch is not None and state.away and not state.busy and watch.arm():
        return rest
    if watch is not None:
        watch.disarm()
    return WAITING_POLL


def let_go_at_rest(shell: Shell) -> bool:
    """With nothing on screen and no break asked or playing, delete the windows made so far
    (each is made again when next needed) and give the memory back.

    A closed window kept its widgets, pictures and their caches until quit: by evening the
    app carried every window of the day. Not while the next reminder is near (a snoozed
    break comes back to the same prompt). True if it let go.
    """
    built, windows = shell.built(), shell.windows_made
    kept = [w for w in (built.prompt, built.player) if w is not None]
    soon = shell.reminders.next_wake()
    if (
        (soon is not None and soon - shell.clock.now() < LET_GO_BEFORE)
        or shell.state.on_screen()
        or shell.covers is not None
        or any(w.isVisible() for w in kept)
        or (windows is not None and not windows.at_rest())
        or (not kept and windows is None)
    ):
        return False
    shell.drop_windows()
    log.info("nothing on screen and the next reminder far off: the windows are let go")
    return True


def care_note(shell: Shell) -> None:
    """The care note, at the first heartbeat with no break asking or playing after the
    history changed: never over a routine, at most once a month (services.care)."""
    state, built = shell.state, shell.built()
    if state.session is not None or state.pending is not None:
        return
    if any(w is not None and w.isVisible() for w in (built.prompt, built.player)):
        return  # the check-in after, the finish page: the note waits for them to close
    found = shell.care.due(shell.store.current, shell.clock.now().date())
    if found:
        log.info("the check-ins call for a care note: %s", ", ".join(o.rule for o in found))
        shell.open_window("care")
