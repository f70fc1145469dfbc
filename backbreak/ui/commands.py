"""What another process may ask the running app (a second launch, `backbreak status`,
`pause`, `start`, `config set`): one table of commands, their arguments and help.

Every request is checked against the table before anything runs: a known command, exactly
its arguments, each a short line of text without control characters. A request that fails
changes nothing and gets an error reply naming what was wrong.

The table lives in the UI layer, not in services/, because each command drives the Shell
(a Qt object): split in two, names and runners would be two lists to keep in step. What
both sides need without Qt, the wire format, is in platform/ipc.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a
from backbreak.core.guidance import needs_precautions
from backbreak.platform.ipc import Reply, Request

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell

log = logging.getLogger(__name__)

MAX_ARGUMENT = 200
"""Longer arguments are not from backbreak's CLI (ids and durations are short)."""
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories refused in arguments: controls, format and bidi marks, line breaks."""


@dataclass(frozen=True, slots=True)
class Argument:
    name: str
    help: str


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    run: Callable[[Shell, Mapping[str, str]], Reply]
    arguments: tuple[Argument, ...] = ()


def _show(shell: Shell, _args: Mapping[str, str]) -> Reply:
    shell.show_main_window()
    return Reply.done("ok")


def _status(shell: Shell, _args: Mapping[str, str]) -> Reply:
    return Reply.done(shell.status_text())


def _resume(shell: Shell, _args: Mapping[str, str]) -> Reply:
    shell.dispatch(a.Resume())
    return Reply.done(shell.status_text())


def _pause(shell: Shell, args: Mapping[str, str]) -> Reply:
    length = args["length"]
    if length.strip().lower() == "off":
        return _resume(shell, args)
    try:
        shell.pause(length)
    except ValueError as exc:  # nothing was dispatched: the pause stays as it was
        return Reply.error(str(exc))
    return Reply.done(shell.status_text())


def _start(shell: Shell, args: Mapping[str, str]) -> Reply:
    """Says what really happened: started, waiting for the user in the window (a heat or
    cold timer's checklist, or the question whether to stop one), or not started."""
    wanted = args["routine"]
    routine = shell.library.get(wanted)
    if routine is None:
        return Reply.error(f'no routine "{wanted}"; see backbreak routines list')
    if not routine.played_steps:
        return Reply.error(f"{routine.title} has no steps to play")
    shell.start_routine_by_id(routine.id)
    session = shell.state.session
    if session is None:
        return Reply.error(f"{routine.title} did not start; see the log file")
    if session.asked is not None:
        return Reply.done(
            f"{session.routine.title} is running: answer in the backbreak window whether to "
            f"stop its timer and start {session.asked.title}"
        )
    if session.then is not None:
        return Reply.done(f"stopping {session.routine.title}, then starting {routine.title}")
    if session.routine.id != routine.id:
        return Reply.error(
            f"{session.routine.title} is still running; {routine.title} did not start"
        )
    if session.began is None and needs_precautions(routine):
        return Reply.done(
            f"{routine.title} is waiting in the backbreak window: confirm its safety "
            "checklist to start the timer"
        )
    return Reply.done(f"started {routine.title}")


def _reload(shell: Shell, _args: Mapping[str, str]) -> Reply:
    """`backbreak config set/reset` changed the file: read it (never write it back)."""
    notices = shell.store.reload(shell.clock.now())
    if notices:
        return Reply.error(" ".join(notices))
    return Reply.done(shell.status_text())


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("show", "bring up the prompt, the routine or the status window", _show),
        Command("status", "what the app is doing, in one line", _status),
        Command(
            "pause",
            "pause reminders",
            _pause,
            (Argument("length", "a duration like 30m, until-tomorrow, forever, or off"),),
        ),
        Command("resume", "resume reminders", _resume),
        Command(
            "start",
            "start a routine",
            _start,
            (Argument("routine", "its id, from backbreak routines list"),),
        ),
        Command("reload", "re-read the settings file", _reload),
    )
}


def check(request: Request) -> Command | str:
    """The command a request names, with exactly its arguments; else why not."""
    found = COMMANDS.get(request.command)
    if found is None:
        known = ", ".join(COMMANDS)
        return f"unknown request {request.command[:40]!a}; known: {known}"
    wanted = {argument.name for argument in found.arguments}
    for name in request.args:
        if name not in wanted:
            expected = ", ".join(sorted(wanted)) or "none"
            return f"{found.name} takes no argument {name[:40]!a} (its arguments: {expected})"
    for argument in found.arguments:
        value = request.args.get(argument.name)
        if not isinstance(value, str) or not value.strip():
            return f"{found.name} needs its {argument.name}: {argument.help}"
        if len(value) > MAX_ARGUMENT:
            return f"the {argument.name} is longer than {MAX_ARGUMENT} characters"
        import unicodedata  # on the first request: a tray app that is never asked needs none

        if any(unicodedata.category(ch) in _UNSEEN for ch in value):
            return f"the {argument.name} holds control or invisible characters"
    return found


def handle(shell: Shell, request: Request) -> Reply:
    """One request in, one reply out; never raises, and a refused request changes nothing."""
    found = check(request)
    if isinstance(found, str):
        log.info("refused a request from another process: %s", found)
        return Reply.error(found)
    log.info("request from another process: %s %s", found.name, ascii(dict(request.args)))
    try:
        return found.run(shell, request.args)
    except Exception as exc:  # a request must never take the app down
        log.exception("request %s failed", found.name)
        return Reply.error(f"{found.name} failed ({exc.__class__.__name__}); see the log file")
