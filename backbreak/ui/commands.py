"""What another process may ask the running app (a second launch, `backbreak status`,
`pause`, `start`, `config set`): one table of commands with their help, one reply line each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell

log = logging.getLogger(__name__)

#: Longer arguments are not from backbreak's CLI.
MAX_ARGUMENT = 200


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    run: Callable[[Shell, str], str]


def _show(shell: Shell, _argument: str) -> str:
    shell.show_main_window()
    return "ok"


def _status(shell: Shell, _argument: str) -> str:
    return shell.status_text()


def _resume(shell: Shell, _argument: str) -> str:
    shell.dispatch(a.Resume())
    return shell.status_text()


def _pause(shell: Shell, argument: str) -> str:
    if argument == "off":
        return _resume(shell, argument)
    try:
        shell.pause(argument)
    except ValueError as exc:
        return f"error: {exc}; or until-tomorrow, forever or off"
    return shell.status_text()


def _start(shell: Shell, argument: str) -> str:
    routine = shell.start_routine_by_id(argument)
    if routine is None:
        return f'error: no routine "{argument}"; see backbreak routines list'
    session = shell.state.session
    if session is not None and session.asked is not None:
        return (
            f"{session.routine.title} is running: answer in the backbreak window whether "
            "to stop its timer"
        )
    if session is not None and session.then is not None:
        return f"stopping {session.routine.title}, then starting {routine.title}"
    if session is not None and session.routine.id == routine.id:
        return f"started {routine.title}"
    return "not started"


def _reload(shell: Shell, _argument: str) -> str:
    """`backbreak config set/reset` changed the file: read it (never write it back)."""
    notices = shell.store.reload(shell.clock.now())
    if notices:
        return "error: " + " ".join(notices)
    return shell.status_text()


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("show", "bring up the prompt, the routine or the status window", _show),
        Command("status", "what the app is doing, in one line", _status),
        Command("pause", "pause reminders: DURATION, until-tomorrow, forever or off", _pause),
        Command("resume", "resume reminders", _resume),
        Command("start", "start a routine by its id", _start),
        Command("reload", "re-read the settings file", _reload),
    )
}


def handle(shell: Shell, line: str) -> str:
    """One request line in, one reply line out; never raises."""
    command, _, argument = line.strip().partition(" ")
    argument = argument.strip()
    log.info("request from another process: %s", line[:MAX_ARGUMENT])
    found = COMMANDS.get(command)
    if found is None:
        known = ", ".join(COMMANDS)
        return f'error: unknown request "{command[:40]}"; known: {known}'
    if len(argument) > MAX_ARGUMENT or any(ord(ch) < 32 for ch in argument):
        return "error: the argument is too long or holds control characters"
    try:
        return found.run(shell, argument)
    except Exception as exc:  # a request must never take the app down
        log.exception("request %r failed", command)
        return f"error: {command} failed ({exc.__class__.__name__}); see the log file"
