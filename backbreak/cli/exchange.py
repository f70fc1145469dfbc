"""`backbreak export|import|history --delete-all`: services.history, worded for a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from backbreak.cli.history import printable, tell_skipped
from backbreak.core.i18n import _, ngettext

if TYPE_CHECKING:
    from backbreak.cli.context import Context
    from backbreak.storage.db import EventLog


def _writable_log(ctx: Context) -> EventLog | None:
    """Open the log for writing (creating or migrating it); notices go to stderr."""
    from backbreak.storage.db import open_log

    opened = open_log(ctx.paths.database, ctx.now())
    for notice in opened.notices:
        ctx.fail(notice)
    return opened.log


def cmd_delete_history(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.services import history

    if not ctx.paths.database.exists():
        ctx.say(_("There is no history to delete."))
        return 0
    question = _(
        "This deletes every break in {path} for good. Consider 'backbreak export' first."
    ).format(path=ctx.paths.database)
    # The word to type stays "delete" in every language: ASCII, typed without an input method.
    if not args.yes and not ctx.ask(question, "delete"):
        ctx.say(_("Nothing was deleted."))
        return 1
    log = _writable_log(ctx)
    if log is None:
        return 1
    with log:
        try:
            count = history.delete_all(log)
        except history.HistoryActionError as exc:
            ctx.fail(str(exc))
            return 1
    ctx.say(
        ngettext(
            "Deleted {count} events. Your settings and routines are untouched.",
            "Deleted {count} events. Your settings and routines are untouched.",
            count,
        ).format(count=count)
    )
    return 0


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """Every event, to standard output or to a file: only where no file is (or with --force),
    never to one of backbreak's own files. The format follows the file name unless --format
    says; 1 when rows that could not be read were left out."""
    from backbreak.services import history
    from backbreak.storage.db import LogError, read_log

    target = Path(args.out) if args.out is not None else None
    try:
        fmt = history.export_format(target, args.format)
    except history.HistoryActionError as exc:
        ctx.fail(str(exc))
        return 2
    try:
        with read_log(ctx.paths.database) as log:
            if target is None:
                done = history.export_text(log, fmt)
                ctx.out.write(done.text)
            else:
                hint = _("; add --force to replace it")
                done = history.export_to(log, target, ctx.paths, fmt, args.force, hint)
            incomplete = tell_skipped(ctx, log)
    except LogError as exc:
        ctx.fail(str(exc))
        return 1
    except history.HistoryActionError as exc:
        ctx.fail(_("{reason}. Nothing was exported.").format(reason=exc))
        return 1
    if target is not None:
        ctx.say(
            ngettext(
                "Exported {count} events to {path}", "Exported {count} events to {path}", done.count
            ).format(count=done.count, path=args.out)
        )
    return 1 if incomplete else 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.services import history

    try:
        entries = history.read_export_file(Path(args.file))
    except history.HistoryActionError as exc:
        ctx.fail(_("{reason}. Nothing was imported.").format(reason=printable(str(exc))))
        return 1
    log = _writable_log(ctx)
    if log is None:
        return 1
    with log:
        try:
            done = history.import_entries(log, entries)
        except history.HistoryActionError as exc:
            ctx.fail(_("{reason}. Nothing was imported.").format(reason=printable(str(exc))))
            return 1
    ctx.say(
        ngettext(
            "Imported {count} new events ({already} were already there).",
            "Imported {count} new events ({already} were already there).",
            done.added,
        ).format(count=done.added, already=done.already)
    )
    return 0
