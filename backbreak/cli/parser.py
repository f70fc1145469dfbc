"""The command line's parser: every command, option and its help, in one place."""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from backbreak import __version__
from backbreak.core.i18n import N_, _, ngettext

MAX_ARGUMENT = 4096
"""Characters in one argument: a path is at most 4096 bytes on Linux; nothing else is long."""
MAX_DAYS = 36_525
"""--days: a hundred years (datetime arithmetic ends at the year 9999)."""
MAX_ENTRIES = 1_000_000
"""-n: far more breaks than a working life holds."""

EPILOG = N_("""\
With no command, backbreak starts in the system tray (or in a small window when the
desktop has no tray). Set BACKBREAK_HOME to keep settings, history and logs in one
folder (portable mode).
""")


class _Parser(argparse.ArgumentParser):
    """argparse, but an argument like "-5m" is a value, not an unknown option: `backbreak
    pause -5m` then says that a pause cannot be negative instead of "the following arguments
    are required". No option of backbreak's starts with a digit. Sub-parsers are of this
    class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\.?\d")


def whole_number(low: int, high: int, days: bool = False) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (of days when `days`), or a
    usage error saying so."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", digits):
            raise argparse.ArgumentTypeError(
                _('"{text}" is not a whole number').format(text=shown(text))
            )
        value = int(digits) if len(digits) <= 20 else high + 1  # int() of 5000 digits fails
        if not low <= value <= high:
            said = (
                ngettext(
                    '"{text}" is out of range: use {low} to {high} days',
                    '"{text}" is out of range: use {low} to {high} days',
                    high,
                )
                if days
                else _('"{text}" is out of range: use {low} to {high}')
            )
            raise argparse.ArgumentTypeError(said.format(text=shown(text), low=low, high=high))
        return value

    return parse


def _argparse_type(read: Callable[[str], str]) -> Callable[[str], str]:
    """A remote argument's own reading as an argparse type: what the running app would refuse
    is a usage error before it is asked."""

    def checked(text: str) -> str:
        try:
            return read(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return checked


def shown(text: str, width: int = 40) -> str:
    """Text from outside (an argument, a reply) safe to print: control and invisible
    characters escaped (a terminal would obey an escape sequence), at most `width` long: the
    middle is left out, so the end of a message that quotes a long value still shows."""
    half = max(1, width // 2)
    cut = text if len(text) <= width else text[:half] + "…" + text[len(text) - half + 1 :]
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch) in _UNSEEN else ch for ch in cut)


def printable(text: str) -> str:
    """`shown` without the cut, for whole replies."""
    return shown(text, len(text) + 1)


_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def refusal(argv: Sequence[str]) -> str | None:
    """Why these arguments are refused before parsing, or None. A control character (an
    escape sequence, a newline, a NUL) is never typed on purpose and would be echoed back
    raw in messages; bytes that are not UTF-8 cannot be printed; 100 KB is not an argument."""
    for number, argument in enumerate(argv, 1):
        if len(argument) > MAX_ARGUMENT:
            return _(
                "argument {number} is {length} characters long; backbreak takes at most {limit}"
            ).format(number=number, length=len(argument), limit=MAX_ARGUMENT)
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in argument):
            return _('argument {number} ("{text}") is not valid UTF-8 text').format(
                number=number, text=shown(argument)
            )
        if any(unicodedata.category(ch) == "Cc" for ch in argument):
            return _(
                'argument {number} ("{text}") holds a control character '
                "(like a newline or an escape); type it without"
            ).format(number=number, text=shown(argument))
    return None


def build_parser() -> argparse.ArgumentParser:
    from backbreak.platform.ipc.commands import REMOTE, WINDOW_NAMES

    parser = _Parser(
        prog="backbreak",
        description=_("Posture and stretch breaks for desk-bound necks and backs."),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"backbreak {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    routines = commands.add_parser(
        "routines",
        help=_("list, show, check and write routines"),
        description=_("The routines backbreak can guide you through."),
    )
    routines.set_defaults(routines_command="list", json=False, category=None)
    routine_commands = routines.add_subparsers(dest="routines_command", metavar="ACTION")
    listing = routine_commands.add_parser("list", help=_("list routines (the default)"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing.add_argument("--category", help=_("only this category (stretch, posture, …)"))
    show = routine_commands.add_parser("show", help=_("everything about one routine"))
    show.add_argument("id", help=_("a routine id from `backbreak routines list`"))
    show.add_argument(
        "--lang",
        metavar="LANG",
        help=_("in this language (de, es, fr, pt_BR, ja), listing the strings still in English"),
    )
    validate = routine_commands.add_parser(
        "validate",
        help=_("check routine files (exit 0 when all are valid)"),
        description=_(
            "Check routine files and report every problem. With no PATH: the shipped "
            "routines and yours, and their translation catalogs (locale/<language>.toml)."
        ),
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help=_("files or folders"))
    new = routine_commands.add_parser(
        "new", help=_("write a commented template into your routines folder")
    )
    new.add_argument(
        "id", nargs="?", default="my-routine", help=_("the new routine's id (default: my-routine)")
    )

    history = commands.add_parser(
        "history",
        help=_("show the most recent entries of the log"),
        description=_("The most recent breaks, newest first."),
    )
    history.add_argument(
        "-n",
        "--limit",
        type=whole_number(1, MAX_ENTRIES),
        default=None,
        metavar="N",
        help=_("at most N entries (default 20, or all of them with --days)"),
    )
    history.add_argument(
        "--days",
        type=whole_number(1, MAX_DAYS, days=True),
        default=None,
        metavar="N",
        help=_("only the last N days (today is day 1)"),
    )
    history.add_argument("--json", action="store_true", help=_("machine-readable output"))
    history.add_argument(
        "--delete-all",
        action="store_true",
        help=_("delete your whole history (asks first; see --yes)"),
    )
    history.add_argument(
        "--yes", action="store_true", help=_("with --delete-all: do not ask (for scripts)")
    )

    planning = commands.add_parser(
        "plan",
        help=_("the reminders your settings will produce"),
        description=_(
            "The reminders the current settings produce in a time window, assuming you "
            "are at the computer throughout and answer each at once. Default: the rest "
            "of today."
        ),
    )
    planning.add_argument(
        "--from", dest="start", metavar="ISO", help=_("start, like 2026-11-30T08:00 (default: now)")
    )
    planning.add_argument(
        "--until", metavar="ISO", help=_("end, like 2026-12-05T20:00 (default: midnight tonight)")
    )
    planning.add_argument("--json", action="store_true", help=_("machine-readable output"))
    planning.add_argument(
        "--answer",
        choices=("skip", "start"),
        default="skip",
        help=_(
            "how the simulated you answers each reminder: skip it at once (the default), "
            "or start it and complete the routine in its own length"
        ),
    )
    for remote in REMOTE.values():  # declared once, with the running app (platform/ipc)
        if not remote.typed:
            continue
        sub = commands.add_parser(
            remote.name,
            help=_(remote.help),
            description=_(remote.description) if remote.description else None,
        )
        for argument in remote.arguments:
            sub.add_argument(
                argument.name,
                metavar=argument.metavar,
                help=_(argument.help),
                type=_argparse_type(argument.read) if argument.read else str,
            )
    stats = commands.add_parser(
        "stats",
        help=_("streaks, adherence and the tension summary"),
        description=_("The figures the history window shows."),
    )
    stats.add_argument(
        "--days",
        type=whole_number(1, MAX_DAYS, days=True),
        default=30,
        metavar="N",
        help=_("how many days of adherence (default 30)"),
    )
    stats.add_argument("--json", action="store_true", help=_("machine-readable output"))
    export = commands.add_parser("export", help=_("write your whole history as CSV or JSON"))
    export.add_argument(
        "--format",
        choices=("csv", "json"),
        default=None,
        help=_("default: from the --out file's name (.csv or .json), else json"),
    )
    export.add_argument("--out", metavar="FILE", help=_("a new file (default: standard output)"))
    export.add_argument(
        "--force", action="store_true", help=_("replace the --out file if it exists")
    )
    restore = commands.add_parser("import", help=_("add an export back (twice adds nothing)"))
    restore.add_argument("file", metavar="FILE")
    config = commands.add_parser(
        "config",
        help=_("show and change settings from a terminal"),
        description=_(
            "Read and change the settings file. `set` and `reset` tell a running "
            "backbreak to use the new values at once."
        ),
        epilog=_(
            "Values as you would type them: durations like 45m or 1h30m, true/false "
            "(yes/no, on/off), numbers, one of the listed words, comma-separated lists "
            "(routine ids, or working-hours ranges like 09:00-12:30,13:30-18:00; none for "
            "an empty list)."
        ),
    )
    config.set_defaults(config_command="show", json=False, key=None)
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_commands.add_parser("path", help=_("the settings file's path"))
    config_show = config_commands.add_parser(
        "show", help=_("every option and its value; * marks a change (the default action)")
    )
    config_show.add_argument(
        "key",
        nargs="?",
        metavar="KEY",
        help=_("only this option, with its help, like schedule.stretch_every"),
    )
    config_show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    config_set = config_commands.add_parser(
        "set",
        help=_("change one option"),
        description=_("Change one option, like: backbreak config set schedule.stretch_every 45m"),
    )
    config_set.add_argument("key", metavar="KEY", help=_("like schedule.stretch_every"))
    config_set.add_argument(
        "value",
        nargs="+",
        metavar="VALUE",
        help=_("as you would type it; several words make a list"),
    )
    config_reset = config_commands.add_parser(
        "reset", help=_("put one option (or --all) back to its default")
    )
    config_reset.add_argument("key", nargs="?", metavar="KEY", help=_("like schedule.snooze"))
    config_reset.add_argument(
        "--all",
        action="store_true",
        help=_("every option (asks first; keys backbreak does not know stay)"),
    )
    config_reset.add_argument(
        "--yes", action="store_true", help=_("with --all: do not ask (for scripts)")
    )
    commands.add_parser("paths", help=_("show where settings, history and logs live"))
    commands.add_parser("safety", help=_("when to see a professional"))
    opening = commands.add_parser(
        "open",
        help=_("open the history or the settings window"),
        description=_(
            "Open a backbreak window: through the running app if there is one, else on its own."
        ),
    )
    opening.add_argument("window", choices=WINDOW_NAMES, help=_("which window"))
    opening.add_argument("--from-app", action="store_true", help=argparse.SUPPRESS)
    return parser
