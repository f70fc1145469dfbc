"""`backbreak config path|show`: the settings file as a terminal sees it (changing it is in
config_change.py)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from backbreak.cli.config_change import (
    cmd_config_reset,
    cmd_config_reset_all,
    cmd_config_set,
)
from backbreak.cli.parser import shown
from backbreak.core.i18n import _
from backbreak.core.option_kinds import typed_text as _typed

if TYPE_CHECKING:
    from backbreak.cli.context import Context
    from backbreak.core.settings import Option, Settings


def cmd_config(ctx: Context, args: argparse.Namespace) -> int:
    action = args.config_command
    if action == "path":
        return cmd_config_path(ctx)
    if action == "set":
        return cmd_config_set(ctx, args.key, args.value)
    if action == "reset":
        if args.all == (args.key is not None):
            ctx.fail(_("name one option to reset (like schedule.snooze), or --all"))
            return 2
        if args.all:
            return cmd_config_reset_all(ctx, args.yes)
        return cmd_config_reset(ctx, args.key)
    return cmd_config_show(ctx, args.key, args.json)


def cmd_config_path(ctx: Context) -> int:
    ctx.say(str(ctx.paths.settings_file))
    return 0


def _option(ctx: Context, key: str) -> Option[Any] | None:
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
    if suggestions:
        ctx.fail(
            _(
                'there is no setting "{key}"; did you mean {suggestions}? '
                "`backbreak config show` lists them all"
            ).format(key=shown(key, 60), suggestions=_either(suggestions))
        )
    else:
        ctx.fail(
            _('there is no setting "{key}". `backbreak config show` lists them all').format(
                key=shown(key, 60)
            )
        )
    return None


def _either(words: list[str]) -> str:
    """The suggestions as one phrase: "a or b or c" in English."""
    said = words[0]
    for word in words[1:]:
        said = _("{first} or {second}").format(first=said, second=word)
    return said


def settable(ctx: Context, key: str) -> Option[Any] | None:
    """An option `set` and `reset` can change on one line, or None after saying why not."""
    option = _option(ctx, key)
    if option is not None and not option.name:
        ctx.fail(
            _(
                "[{key}] holds entries you name yourself; edit them in "
                "{path} (`backbreak config show {key}` explains the format)"
            ).format(key=option.key, path=ctx.paths.settings_file)
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
        "label": _(option.label) if option.label else "",
        "help": option.shown_help(),
        "choices": list(option.choices),
    }


def cmd_config_show(ctx: Context, key: str | None, as_json: bool) -> int:
    from backbreak.core.settings import OPTIONS
    from backbreak.storage.settings_file import load_settings

    path = ctx.paths.settings_file
    out = ctx.out
    options: tuple[Option[Any], ...] = OPTIONS
    if key is not None:
        option = _option(ctx, key)
        if option is None:
            return 2
        options = (option,)
    # read_only: showing never creates, rewrites or moves the file, even a broken one.
    loaded = load_settings(path, ctx.now(), read_only=True)
    rows = [_describe(o, loaded.settings) for o in options]
    from backbreak.cli.routines import load_routines
    from backbreak.core.settings_references import reference_problems

    every = [*loaded.problems, *reference_problems(loaded.settings, load_routines(ctx).routines)]
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
        changed = "   " + (_default(row["default"]) if row["changed"] else _("(the default)"))
        print(f"{row['key']} = {_typed(row['value'])}{changed}", file=ctx.out)
        print(row["help"], file=ctx.out)
        if row["choices"]:
            choices = ", ".join(_typed(c) for c in row["choices"])
            print(_("One of: {choices}").format(choices=choices), file=ctx.out)
        if not options[0].name:
            print(_("Edit it in {path}").format(path=path), file=ctx.out)
    else:
        where = (
            _("Settings file: {path}")
            if path.exists()
            else _("Settings file: {path} (not there yet: every option has its default)")
        ).format(path=path)
        print(
            where + "\n" + _("* marks a value that differs from the default") + "\n",
            file=ctx.out,
        )
        width = max(len(r["key"]) for r in rows)
        for row in rows:
            mark = "*" if row["changed"] else " "
            was = "   " + _default(row["default"]) if row["changed"] else ""
            print(f"{mark} {row['key']:<{width}}  {_typed(row['value'])}{was}", file=ctx.out)
    if problems or loaded.notices:
        print("\n" + _("Problems in the file:"), file=ctx.out)
        for line in [*loaded.notices, *map(str, problems)]:
            print(f"  {line}", file=ctx.out)
    return 0


def _default(value: Any) -> str:
    """What an option holds when the file does not say, as "(default 50m)"."""
    return _("(default {value})").format(value=_typed(value))
