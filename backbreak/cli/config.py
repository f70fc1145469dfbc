"""`backbreak config`: the settings file as a terminal sees it.

Values typed the way a shell passes them (45m, yes, 09:00-12:30,13:30-18:00) are turned
into the TOML value the file holds, and the option's own parse() judges them, so the CLI can
never accept what the app would reject.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backbreak.cli.parser import printable, shown
from backbreak.core.option_kinds import typed_text as _typed

if TYPE_CHECKING:
    from backbreak.core.settings import Option, Settings


def cmd_config(args: argparse.Namespace) -> int:
    action = args.config_command
    if action == "path":
        return cmd_config_path(sys.stdout)
    if action == "set":
        return cmd_config_set(args.key, args.value, sys.stdout)
    if action == "reset":
        if args.all == (args.key is not None):
            print(
                "backbreak: name one option to reset (like schedule.snooze), or --all",
                file=sys.stderr,
            )
            return 2
        if args.all:
            return cmd_config_reset_all(args.yes, sys.stdin, sys.stdout)
        return cmd_config_reset(args.key, sys.stdout)
    return cmd_config_show(args.key, args.json, sys.stdout)


def _settings_path() -> Path:
    from backbreak.storage.paths import AppPaths

    return AppPaths.from_environment().settings_file


def cmd_config_path(out: TextIO) -> int:
    print(_settings_path(), file=out)
    return 0


def _option(key: str) -> Option[Any] | None:
    """The option called `key`, or None after saying which keys come close."""
    import difflib

    from backbreak.core.settings import OPTIONS

    for option in OPTIONS:
        if option.key == key:
            return option

    def closest(word: str, candidates: list[str]) -> list[str]:
        # Only the near-best: "schedule.x" is somewhat like every schedule option.
        scores = {c: difflib.SequenceMatcher(None, word, c).ratio() for c in candidates}
        best = max(scores.values())
        return [
            c
            for c, score in sorted(scores.items(), key=lambda kv: -kv[1])
            if score >= max(0.6, best - 0.1)
        ]

    last = key.rsplit(".", 1)[-1]
    names = {o.key: o.name for o in OPTIONS if o.name}
    known_table = "." in key and key.split(".", 1)[0] in {o.table for o in OPTIONS}
    by_name = (
        [] if known_table else [k for k in names if names[k] in closest(last, list(names.values()))]
    )
    suggestions = list(dict.fromkeys(closest(key, [o.key for o in OPTIONS]) + by_name))[:4]
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else "."
    print(
        f'backbreak: there is no setting "{shown(key, 60)}"{hint} `backbreak config show` lists '
        "them all",
        file=sys.stderr,
    )
    return None


def _settable(key: str) -> Option[Any] | None:
    """An option `set` and `reset` can change on one line, or None after saying why not."""
    option = _option(key)
    if option is not None and not option.name:
        print(
            f"backbreak: [{option.key}] holds entries you name yourself; edit them in "
            f"{_settings_path()} (`backbreak config show {option.key}` explains the format)",
            file=sys.stderr,
        )
        return None
    return option


def _describe(option: Option[Any], settings: Settings) -> dict[str, Any]:
    value, default = option.dump(settings[option]), option.dump(option.default)
    return {
        "key": option.key,
        "value": value,
        "default": default,
        "changed": value != default,
        "label": option.label,
        "help": option.help,
        "choices": list(option.choices),
    }


def cmd_config_show(key: str | None, as_json: bool, out: TextIO) -> int:
    from backbreak.core.settings import OPTIONS
    from backbreak.storage.settings_file import load_settings

    path = _settings_path()
    options: tuple[Option[Any], ...] = OPTIONS
    if key is not None:
        option = _option(key)
        if option is None:
            return 2
        options = (option,)
    # read_only: showing never creates, rewrites or moves the file, even a broken one.
    loaded = load_settings(path, datetime.now().astimezone(), read_only=True)
    rows = [_describe(o, loaded.settings) for o in options]
    from backbreak.cli.routines import load_routines
    from backbreak.core.settings import reference_problems

    every = [*loaded.problems, *reference_problems(loaded.settings, load_routines().routines)]
    problems = [p for p in every if key is None or p.key == key]
    if as_json:
        document: dict[str, Any] = {
            "path": str(path),
            "exists": path.exists(),
            "options": rows,
            "problems": [
                {"key": p.key, "message": p.message, "severity": p.severity} for p in problems
            ],
            "notices": loaded.notices,
        }
        json.dump(
            rows[0] | {"problems": document["problems"], "notices": loaded.notices}
            if key is not None
            else document,
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if key is not None:
        row = rows[0]
        changed = f"   (default {_typed(row['default'])})" if row["changed"] else "   (the default)"
        print(f"{row['key']} = {_typed(row['value'])}{changed}", file=out)
        print(row["help"], file=out)
        if row["choices"]:
            print("One of: " + ", ".join(_typed(c) for c in row["choices"]), file=out)
        if not options[0].name:
            print(f"Edit it in {path}", file=out)
    else:
        where = "" if path.exists() else " (not there yet: every option has its default)"
        print(
            f"Settings file: {path}{where}\n* marks a value that differs from the default\n",
            file=out,
        )
        width = max(len(r["key"]) for r in rows)
        for row in rows:
            mark = "*" if row["changed"] else " "
            was = f"   (default {_typed(row['default'])})" if row["changed"] else ""
            print(f"{mark} {row['key']:<{width}}  {_typed(row['value'])}{was}", file=out)
    if problems or loaded.notices:
        print("\nProblems in the file:", file=out)
        for line in [*loaded.notices, *map(str, problems)]:
            print(f"  {line}", file=out)
    return 0


def cmd_config_set(key: str, words: Sequence[str], out: TextIO) -> int:
    option = _settable(key)
    if option is None:
        return 2
    try:
        value = option.read_text(("," if option.is_list else " ").join(words))
    except ValueError as exc:
        print(
            f"backbreak: {option.key}: {shown(str(exc), 200)}. Nothing was changed.\n"
            f"  {option.help}",
            file=sys.stderr,
        )
        return 1
    return _change({option: value}, out)


def cmd_config_reset(key: str, out: TextIO) -> int:
    option = _settable(key)
    if option is None:
        return 2
    return _change({option: option.default}, out)


def _unreadable(path: Path) -> str | None:
    """Why the file at `path` cannot be used, or None (a missing file is fine). Read the way
    the app reads it: one bounded reader, so a pipe, a BOM or a deep document behave alike."""
    from backbreak.storage.settings_file import load_settings

    loaded = load_settings(path, datetime.now().astimezone(), read_only=True)
    return loaded.unusable or None


def _change(changes: dict[Option[Any], Any], out: TextIO) -> int:
    """Write `changes` into the settings file (atomically) and tell a running app."""
    from backbreak.storage.settings_file import load_settings, save_settings

    path = _settings_path()
    broken = _unreadable(path)
    if broken:  # rewriting it would silently throw away whatever the user wrote there
        print(
            f"backbreak: the settings file {path} {broken}, so nothing was changed. Fix it in "
            "a text editor, or run `backbreak config reset --all` to start afresh (it keeps "
            "a copy of the old file)",
            file=sys.stderr,
        )
        return 1
    loaded = load_settings(path, datetime.now().astimezone(), read_only=True)
    before = loaded.settings
    try:
        save_settings(path, before.replace(changes))
    except OSError as exc:
        print(
            f"backbreak: could not write {path}: {exc.strerror or exc}. Nothing was changed.",
            file=sys.stderr,
        )
        return 1
    for option, value in changes.items():
        old, new = _typed(option.dump(before[option])), _typed(option.dump(value))
        default = " (the default)" if option.dump(value) == option.dump(option.default) else ""
        print(
            f"{option.key} = {new}{default}" + (f"   (was {old})" if old != new else ""), file=out
        )
    keys = {o.key for o in changes}
    for problem in loaded.problems:  # the file now holds the default the app was using
        if problem.severity == "error" and problem.key not in keys:
            print(f"backbreak: note: {problem}, which the file now holds", file=sys.stderr)
    for problem in _warnings_about(keys, path):
        print(f"backbreak: warning: {problem}", file=sys.stderr)
    _tell_running_app(out)
    return 0


def _warnings_about(keys: set[str], path: Path) -> list[Any]:
    """What is saved but will not work as meant: a time zone this computer does not know, a
    routine id no routine has. Said now, not discovered weeks later."""
    from backbreak.cli.routines import load_routines
    from backbreak.core.settings import reference_problems
    from backbreak.storage.settings_file import load_settings

    saved = load_settings(path, datetime.now().astimezone(), read_only=True)
    found = [*saved.problems, *reference_problems(saved.settings, load_routines().routines)]
    return [p for p in found if p.severity == "warning" and p.key in keys]


def _tell_running_app(out: TextIO) -> None:
    """A running backbreak re-reads the file at once; without one, say when it applies."""
    from backbreak.adapters.ipc import request
    from backbreak.storage.paths import AppPaths

    reply = request(str(AppPaths.from_environment().data_dir), "reload")
    if reply is None:
        print("saved; backbreak will use it when it starts", file=out)
    elif not reply.ok:
        print(
            f"saved, but the running backbreak did not take it ({printable(reply.text)}); "
            "quit it and start it again to use it",
            file=out,
        )
    else:
        print(f"saved; the running backbreak uses it now. {printable(reply.text)}", file=out)


def cmd_config_reset_all(confirmed: bool, answers: TextIO, out: TextIO) -> int:
    """Every option back to its default; keys backbreak does not know are kept, because
    they may belong to a newer version or be the user's own and change nothing here."""
    from backbreak.core.settings import Settings
    from backbreak.storage.atomic import backup_name
    from backbreak.storage.settings_file import load_settings, save_settings

    path = _settings_path()
    if not path.exists():
        print(
            f"Every option already has its default (there is no settings file yet; it "
            f"will be {path}).",
            file=out,
        )
        return 0
    broken = _unreadable(path)
    if not confirmed:
        if broken:
            what = f"{path} {broken}. This moves it aside (a copy is kept) and writes the defaults"
        else:
            what = (
                f"This puts every option in {path} back to its default (keys backbreak "
                "does not know are kept)"
            )
        print(f"{what}. Type reset to go on: ", end="", file=out, flush=True)
        if answers.readline().strip().lower() != "reset":
            print("Nothing was changed.", file=out)
            return 1
    now = datetime.now().astimezone()
    try:
        if broken:
            backup = backup_name(path, now, "corrupt")
            path.rename(backup)
            print(f"The old file was kept as {backup}.", file=out)
            fresh = Settings()
        else:
            fresh = Settings(unknown=load_settings(path, now, read_only=True).settings.unknown)
        save_settings(path, fresh)
    except OSError as exc:
        print(f"backbreak: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print("Every option is back to its default.", file=out)
    _tell_running_app(out)
    return 0
