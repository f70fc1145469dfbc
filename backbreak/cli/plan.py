"""`backbreak plan`: the reminder engine run forward (core.planning), as the app runs it."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING

from backbreak.cli.parser import shown
from backbreak.cli.routines import load_routines
from backbreak.core.i18n import _
from backbreak.core.status import weekday_text

if TYPE_CHECKING:
    from backbreak.cli.context import Context

PLAN_YEARS = range(1900, 9000)
"""The engine's date arithmetic runs off the calendar's ends (years 1 and 9999): a plan keeps
well inside them, which still reaches further than anyone plans breaks."""


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    """The agenda run forward (core.planning): exactly the engine the app runs."""
    from datetime import UTC, timedelta

    from backbreak.core.agenda_model import Memory
    from backbreak.core.planning import Reply, plan
    from backbreak.core.reminder_rules import rules_from_settings
    from backbreak.core.settings import TIMEZONE
    from backbreak.core.working_hours import local_instant
    from backbreak.platform import zone
    from backbreak.services.reminders import remembered
    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.settings_file import load_settings

    start_text: str | None = args.start
    until_text: str | None = args.until
    paths, out, now = ctx.paths, ctx.out, ctx.now()
    loaded = load_settings(paths.settings_file, now, read_only=True)
    for notice in loaded.notices:
        print(f"backbreak: {notice}", file=ctx.err)
    for bad in loaded.problems:  # the plan uses the default instead, as the app does
        if bad.severity == "error":
            print(_("backbreak: settings: {problem}").format(problem=bad), file=ctx.err)
    settings = loaded.settings
    tz, problem = zone.resolve_zone(settings[TIMEZONE], zone.for_this_system())
    if problem:
        print(f"backbreak: {problem}", file=ctx.err)

    def moment(text: str | None, default: datetime, option: str) -> datetime:
        if text is None:
            return default
        value = datetime.fromisoformat(text.strip())
        if value.year not in PLAN_YEARS:
            said = _("{option} {value} is outside the years {low} to {high} that a plan covers")
            raise ValueError(
                said.format(
                    option=option, value=shown(text), low=PLAN_YEARS[0], high=PLAN_YEARS[-1]
                )
            )
        if value.tzinfo is None:  # local to the plan's zone; a skipped time moves forward
            return local_instant(value, tz)
        return value.astimezone(UTC)

    try:
        start = moment(start_text, now.astimezone(UTC), "--from")
        local = start.astimezone(tz)
        try:
            midnight = local_instant(
                datetime.combine(local.date() + timedelta(days=1), datetime.min.time()), tz
            )
        except OverflowError:
            midnight = datetime.max.replace(tzinfo=UTC)
        until = moment(until_text, midnight, "--until")
    except (ValueError, OverflowError) as exc:
        said = _("backbreak: {problem}; write times like 2026-11-30T08:00")
        print(said.format(problem=shown(str(exc), 200)), file=ctx.err)
        return 2
    if until <= start:
        print(_("backbreak: --until must be after --from"), file=ctx.err)
        return 2
    memory = Memory()
    try:
        with read_log(paths.database) as event_log:
            if event_log is not None:
                memory = remembered(event_log, start)  # as a pause stands at --from
    except LogUnavailableError as exc:
        print(
            _("backbreak: {problem} The plan ignores any pause.").format(problem=exc), file=ctx.err
        )
    rules = rules_from_settings(settings, tz, load_routines(ctx))
    result = plan(rules, start, until, memory, Reply(args.answer))
    if result.truncated:
        said = _(
            "backbreak: stopped after {count} reminders; choose a shorter window with --from "
            "and --until"
        )
        print(said.format(count=len(result.reminders)), file=ctx.err)
    if args.json:
        rows = [
            {
                "at": r.at.astimezone(tz).isoformat(timespec="seconds"),
                "kind": r.kind,
                "routine_id": r.routine_id,
            }
            for r in result.reminders
        ]
        json.dump(rows, out, indent=2)
        out.write("\n")
        return 0
    if not result.reminders:
        print(_("No reminders in that window."), file=ctx.out)
    for r in result.reminders:
        local = r.at.astimezone(tz)
        # The weekday in the language spoken; the date, time and offset as ISO writes them
        # (a plan is read to check DST nights, where the offset is the point).
        when = f"{weekday_text(local.date())} {local.strftime('%Y-%m-%d %H:%M %z')}"
        print(f"{when}  {r.kind:<16} {r.routine_id}", file=ctx.out)
    return 0
