"""What the running app does for each request another process may send (a second launch,
`backbreak status|pause|start`, `config set`).

The requests themselves (names, arguments, help, and the check every request passes before
anything runs) are declared once in platform/ipc/commands.py, shared with the CLI. Here each
name gets its handler, which drives the Shell (a Qt object); a test holds the two in step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a
from backbreak.core.guidance import needs_precautions
from backbreak.core.i18n import _
from backbreak.platform.ipc import Reply, Request
from backbreak.platform.ipc.commands import REMOTE, check

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell

log = logging.getLogger(__name__)

Handler = Callable[["Shell", Mapping[str, str]], Reply]


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
        return Reply.error(_('no routine "{id}"; see backbreak routines list').format(id=wanted))
    if not routine.played_steps:
        return Reply.error(_("{title} has no steps to play").format(title=routine.title))
    shell.start_routine_by_id(routine.id)
    session = shell.state.session
    if session is None:
        return Reply.error(_("{title} did not start; see the log file").format(title=routine.title))
    if session.asked is not None:
        return Reply.done(
            _(
                "{running} is running: answer in the backbreak window whether to "
                "stop its timer and start {asked}"
            ).format(running=session.routine.title, asked=session.asked.title)
        )
    if session.then is not None:
        return Reply.done(
            _("stopping {running}, then starting {wanted}").format(
                running=session.routine.title, wanted=routine.title
            )
        )
    if session.routine.id != routine.id:
        return Reply.error(
            _("{running} is still running; {wanted} did not start").format(
                running=session.routine.title, wanted=routine.title
            )
        )
    if session.began is None and needs_precautions(routine):
        return Reply.done(
            _(
                "{title} is waiting in the backbreak window: confirm its safety "
                "checklist to start the timer"
            ).format(title=routine.title)
        )
    return Reply.done(_("started {title}").format(title=routine.title))


def _reload(shell: Shell, _args: Mapping[str, str]) -> Reply:
    """`backbreak config set/reset` changed the file: read it (never write it back)."""
    notices = shell.store.reload(shell.clock.now())
    if notices:
        return Reply.error(" ".join(notices))
    return Reply.done(shell.status_text())


def _open(shell: Shell, args: Mapping[str, str]) -> Reply:
    """`backbreak open history|settings` while the app runs: one window of each, its own."""
    shell.open_window(args["window"])
    return Reply.done(_("opening the {window} window").format(window=args["window"]))


HANDLERS: dict[str, Handler] = {
    "show": _show,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "start": _start,
    "reload": _reload,
    "open": _open,
}
assert set(HANDLERS) == set(REMOTE), (  # not translated: programmer error
    "every remote command has its handler, and no more"
)


def handle(shell: Shell, request: Request) -> Reply:
    """One request in, one reply out; never raises, and a refused request changes nothing."""
    found = check(request)
    if isinstance(found, str):
        log.info("refused a request from another process: %s", found)
        return Reply.error(found)
    log.info("request from another process: %s %s", found.name, ascii(dict(request.args)))
    try:
        return HANDLERS[found.name](shell, request.args)
    except Exception as exc:  # a request must never take the app down
        log.exception("request %s failed", found.name)
        return Reply.error(
            _("{command} failed ({error}); see the log file").format(
                command=found.name, error=exc.__class__.__name__
            )
        )
