"""The CLI in another language: its words, and its dates, percentages and decimals in that
language's order, in `history`, `stats` and `plan` (the log and JSON stay data)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from backbreak.cli import main
from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.db import open_log
from tests.helpers.fakes import START, FakeClock
from tests.unit.cli.test_cli_context import context

# START is Tuesday 24 November 2026.
WORDS = {
    "de": (r"Di\., 24\. Nov\. 2026 \d\d:\d\d", "Abgeschlossen", "Serie: 0 Tage", "0\u00a0%|0 %"),
    "ja": (r"2026年11月24日\(火\) \d\d:\d\d", "完了", "連続記録", "0%"),
    "fr": (r"mar\. 24 nov\. 2026 \d\d:\d\d", "Terminée", "Série", "0\u00a0%|0 %"),
}


def speaking(tmp_path, language: str):
    clock = FakeClock()
    ctx = context(tmp_path, clock)
    assert main(["config", "set", "appearance.language", language], ctx) == 0
    with open_log(ctx.paths.database, START).log as log:  # type: ignore[union-attr]
        log.record(
            LogEntry(
                EventKind.COMPLETED, START, "neck-release", actual_seconds=150.0, checkin_before=4
            )
        )
    return clock


@pytest.mark.parametrize("language", sorted(WORDS))
def test_history_and_stats_speak_the_language_and_its_dates(tmp_path, language):
    when, completed, streak, percent = WORDS[language]
    clock = speaking(tmp_path, language)
    ctx = context(tmp_path, clock)
    assert main(["history"], ctx) == 0
    line = ctx.out.getvalue().splitlines()[0]
    assert re.match(when, line), line
    assert completed in line and "2:30" in line
    ctx = context(tmp_path, clock)
    assert main(["stats", "--days", "1"], ctx) == 0
    said = ctx.out.getvalue()
    assert streak in said and re.search(percent, said), said
    assert "Today" not in said and "Streak" not in said and "other" not in said
    ctx = context(tmp_path, clock)  # JSON is data: the same keys and numbers in any language
    assert main(["stats", "--json", "--days", "1"], ctx) == 0
    assert json.loads(ctx.out.getvalue())["period"]["completed"] == 1


def test_the_plan_names_weekdays_in_the_language_and_keeps_iso_dates(tmp_path):
    clock = speaking(tmp_path, "de")
    ctx = context(tmp_path, clock)
    assert main(["plan", "--from", "2026-11-24T09:00", "--until", "2026-11-24T12:00"], ctx) == 0
    lines = ctx.out.getvalue().splitlines()
    pattern = r"Di\. 2026-11-24 \d\d:\d\d [+-]\d{4}  "
    assert lines and all(re.match(pattern, line) for line in lines), lines


def test_a_decimal_is_written_the_languages_way(tmp_path):
    clock = speaking(tmp_path, "de")
    with open_log(context(tmp_path, clock).paths.database, START).log as log:  # type: ignore[union-attr]
        for day, tension in ((1, 3), (2, 6), (3, 5)):
            log.record(
                LogEntry(
                    EventKind.COMPLETED,
                    START - timedelta(days=day),
                    "neck-release",
                    actual_seconds=60.0,
                    checkin_before=tension,
                )
            )
    ctx = context(tmp_path, clock)
    assert main(["stats", "--days", "7"], ctx) == 0
    said = ctx.out.getvalue()
    assert re.search(r"\d,\d", said) and not re.search(r"\d\.\d", said), said
