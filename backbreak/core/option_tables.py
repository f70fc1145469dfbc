"""The kinds of setting whose values are more than a word: lists of routine ids, a day's
working hours, a time zone, and the table of fixed-time reminders. Built on option_kinds'
Option, with the same rule: every `parse` raises ValueError with words for the user."""

from __future__ import annotations

import itertools
import re
from typing import Any

from backbreak.core.fixed import Cron, FixedReminder, parse_clock, parse_days
from backbreak.core.i18n import N_, _
from backbreak.core.option_kinds import Kind, Option
from backbreak.core.text import ID, brief, control_in
from backbreak.core.working_hours import DAYS, TimeRange


def _routine_id(raw: Any) -> str:
    """A routine id as the settings name one, or ValueError (never a control character)."""
    if not isinstance(raw, str):
        raise ValueError(
            _(
                "that is not a routine id (lowercase letters, digits and hyphens, like "
                '"neck-release")'
            )
        )
    if not ID.fullmatch(raw):
        raise ValueError(
            _(
                '"{id}" is not a routine id (lowercase letters, digits and hyphens, like '
                '"neck-release")'
            ).format(id=brief(raw, 40))
        )
    return raw


def id_list_option(
    key: str, help: str, label: str, default: tuple[str, ...] = ()
) -> Option[tuple[str, ...]]:
    def parse(raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list):
            raise ValueError(_('must be a list of routine ids, like ["neck-release"]'))
        return tuple(_routine_id(x) for x in raw)

    return Option(key, default, help, parse, list, label, (), Kind.IDS)


def ranges_option(
    day: str, label: str, help: str, default: list[str]
) -> Option[tuple[TimeRange, ...]]:
    """The working hours of `day` ("mon"); `label` is the day's name ("Monday")."""

    def parse(raw: Any) -> tuple[TimeRange, ...]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError(
                _('must be a list of time ranges, like ["09:00-12:30", "13:30-18:00"]')
            )
        ranges = sorted(TimeRange.parse(x) for x in raw)
        for before, after in itertools.pairwise(ranges):
            if before.end is None or after.start < before.end:
                raise ValueError(
                    _("{first} and {second} overlap").format(first=before, second=after)
                )
        return tuple(ranges)

    return Option(
        f"working_hours.{day}",
        tuple(TimeRange.parse(x) for x in default),
        help,
        parse,
        lambda v: [str(r) for r in v],
        label,
        kind=Kind.RANGES,
    )


def timezone_option() -> Option[str]:
    def parse(raw: Any) -> str:
        if not isinstance(raw, str) or (raw and not re.fullmatch(r"[A-Za-z0-9_+\-/]+", raw)):
            raise ValueError(
                _('must be a time zone name like "Europe/Berlin", or "" for the computer\'s own')
            )
        return raw

    return Option(
        "working_hours.timezone",  # not translated: a setting's key
        "",
        N_('Time zone for working hours, like "Europe/Berlin"; "" uses the computer\'s.'),
        parse,
        str,
        N_("Time zone"),
        kind=Kind.ZONE,
    )


FIXED_HELP = N_(
    "Routines at clock times, one line each, like: {example}; "
    'or with cron = "30 10 * * 1-5". Times follow working_hours.timezone.'
)
FIXED_EXAMPLE = (  # not translated: TOML, as it is written in the file
    'breathing = { routine = "box-breathing", at = ["10:30", "15:30"], days = "weekdays" }'
)


def fixed_option() -> Option[tuple[FixedReminder, ...]]:
    def parse(raw: Any) -> tuple[FixedReminder, ...]:
        if not isinstance(raw, dict):
            raise ValueError(_("must be a table of named reminders"))
        out = []
        for name, entry in raw.items():
            where = brief(name, 40)
            if control_in(name):
                raise ValueError(
                    _("{name}: a name must not hold a control character ({character})").format(
                        name=where, character=control_in(name)
                    )
                )
            if not isinstance(entry, dict):
                example = (  # not translated: TOML, as it is written in the file
                    f'{name} = {{ routine = "box-breathing", at = ["10:30"], days = "weekdays" }}'
                )
                raise ValueError(
                    _("{name}: write it like {example}").format(name=where, example=example)
                )
            extra = set(entry) - {"routine", "at", "days", "cron"}
            if extra:
                raise ValueError(
                    # TRANSLATORS: routine, at, days and cron are the file's keys: keep them.
                    _("{name}: unknown key {key}; use routine, at, days or cron").format(
                        name=where, key=sorted(extra)[0]
                    )
                )
            routine = entry.get("routine")
            if not isinstance(routine, str) or not routine:
                raise ValueError(_('{name}: needs routine = "<id>"').format(name=where))
            try:
                _routine_id(routine)
                if "cron" in entry:
                    if "at" in entry or "days" in entry:
                        raise ValueError(_("use either cron or at/days, not both"))
                    out.append(FixedReminder(name, routine, cron=Cron.parse(str(entry["cron"]))))
                    continue
                at = entry.get("at")
                if isinstance(at, str):
                    at = [at]
                if not isinstance(at, list) or not at:
                    raise ValueError(_('needs at = ["10:30", …]'))
                times = tuple(sorted({parse_clock(str(t)) for t in at}))
                days = parse_days(entry.get("days", "daily"))
            except ValueError as exc:
                raise ValueError(_("{name}: {problem}").format(name=where, problem=exc)) from exc
            out.append(FixedReminder(name, routine, times, days))
        return tuple(out)

    def dump(value: tuple[FixedReminder, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for r in value:
            if r.cron is not None:
                out[r.name] = {"routine": r.routine_id, "cron": r.cron.text}
            else:
                out[r.name] = {
                    "routine": r.routine_id,
                    "at": [t.strftime("%H:%M") for t in r.times],
                    "days": [DAYS[d] for d in sorted(r.days)],
                }
        return out

    def help_in_language() -> str:
        return _(FIXED_HELP).format(example=FIXED_EXAMPLE)

    return Option(
        "fixed",
        (),
        FIXED_HELP.format(example=FIXED_EXAMPLE),
        parse,
        dump,
        N_("Routines at fixed times"),
        kind=Kind.TABLE,
        help_in_language=help_in_language,
    )
