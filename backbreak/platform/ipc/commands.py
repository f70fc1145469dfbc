"""What another process may ask the running app, declared once: name, help, arguments.

`backbreak status|pause|start` are built from this table (so `backbreak --help` lists them
with the same words), the app binds one handler to each name (ui/commands.py, where the
handlers can drive the Qt shell), and every request is checked against it before anything
runs: a known command, exactly its arguments, each a short line of text without control
characters, read the way the command reads it. A request that fails changes nothing and
gets an error reply that says what was wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backbreak.core.i18n import N_, _
from backbreak.platform.ipc import Request

MAX_ARGUMENT = 200
"""Longer arguments are not from backbreak's CLI (ids and durations are short)."""
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories refused in arguments: controls, format and bidi marks, line breaks."""


def _pause_word(text: str) -> str:
    from backbreak.core.reminder_rules import pause_word  # only when a pause is asked for

    return pause_word(text)


WINDOW_NAMES = ("history", "settings", "care")
"""The windows `backbreak open` opens (in the app's window process): the one list of them."""
FOR_A_BREAK = "break"
"""What the app starts its window process with for a break (`open break --from-app`): it
opens nothing until the app asks. Not a command of the user's."""


def standalone_windows(profile: str) -> str:
    """The profile key a window process started alone (`backbreak open`, no app running)
    listens on: a later `backbreak open` brings its window up there, instead of opening a
    second Settings over the same file."""
    return f"{profile}\0windows"  # not translated: a key, hashed into the socket's name


def _window_name(text: str) -> str:
    if text not in WINDOW_NAMES:
        raise ValueError(
            _("no window {name}; open history or settings").format(name=ascii(text[:40]))
        )
    return text


@dataclass(frozen=True, slots=True)
class Argument:
    name: str
    help: str
    """Marked with N_ (the table exists before the language is chosen): shown as _(help)."""
    metavar: str | None = None
    read: Callable[[str], str] | None = None
    """Reads the text as the command will (ValueError with the reason): checked on both
    sides, so the CLI refuses at once what the app would refuse."""


@dataclass(frozen=True, slots=True)
class RemoteCommand:
    name: str
    help: str
    """Marked with N_, like `description`: shown as _(help)."""
    arguments: tuple[Argument, ...] = ()
    typed: bool = True
    """A command line of its own (`backbreak status`); False for what backbreak sends by
    itself (a second launch says show; `config set` says reload)."""
    description: str = ""


REMOTE: dict[str, RemoteCommand] = {
    c.name: c
    for c in (
        RemoteCommand(
            "show", N_("bring up the prompt, the routine or the status window"), typed=False
        ),
        RemoteCommand(
            "status",
            N_("what the running app is doing"),
            description=N_("Ask the running backbreak when the next break is."),
        ),
        RemoteCommand(
            "pause",
            N_("pause the running app's reminders"),
            (
                Argument(
                    "length",
                    N_('like "30m" or "1h30m"; until-tomorrow; forever; off resumes'),
                    "DURATION|until-tomorrow|forever|off",
                    _pause_word,
                ),
            ),
            description=N_("Pause reminders in the running backbreak."),
        ),
        RemoteCommand("resume", N_("resume reminders"), typed=False),
        RemoteCommand(
            "start",
            N_("start a routine in the running app"),
            (Argument("routine", N_("a routine id from `backbreak routines list`"), "ID"),),
        ),
        RemoteCommand("reload", N_("re-read the settings file"), typed=False),
        RemoteCommand(
            "open",
            N_("open the history or the settings window"),
            (Argument("window", N_("history or settings"), "history|settings", _window_name),),
            typed=False,
        ),
    )
}


def check(request: Request) -> RemoteCommand | str:
    """The command a request names, with exactly its arguments, each readable; else why not."""
    found = REMOTE.get(request.command)
    if found is None:
        known = ", ".join(REMOTE)
        return _("unknown request {name}; known: {known}").format(
            name=ascii(request.command[:40]), known=known
        )
    wanted = {argument.name for argument in found.arguments}
    for name in request.args:
        if name not in wanted:
            expected = ", ".join(sorted(wanted)) or _("none")
            return _("{command} takes no argument {name} (its arguments: {expected})").format(
                command=found.name, name=ascii(name[:40]), expected=expected
            )
    for argument in found.arguments:
        value = request.args.get(argument.name)
        if not isinstance(value, str) or not value.strip():
            return _("{command} needs its {argument}: {help}").format(
                command=found.name, argument=argument.name, help=_(argument.help)
            )
        if len(value) > MAX_ARGUMENT:
            return _("the {argument} is longer than {limit} characters").format(
                argument=argument.name, limit=MAX_ARGUMENT
            )
        import unicodedata  # on the first request: a tray app that is never asked needs none

        if any(unicodedata.category(ch) in _UNSEEN for ch in value):
            return _("the {argument} holds control or invisible characters").format(
                argument=argument.name
            )
        if argument.read is not None:
            try:
                argument.read(value)
            except ValueError as exc:
                return str(exc)
    return found
