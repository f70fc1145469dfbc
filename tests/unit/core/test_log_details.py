"""The log's details: written in English from one table of templates, shown in the language
spoken, with their values (a duration, a time) as the log has them."""

from __future__ import annotations

import pytest

from backbreak.core import i18n
from backbreak.core.events import DETAILS, EventKind, LogEntry, detail_text
from tests.helpers.fakes import START

VALUES = {"duration": "5 min", "time": "tomorrow 09:00", "name": "standup"}


@pytest.fixture
def german():
    i18n.install("de")
    yield
    i18n.install("en")


@pytest.mark.parametrize("template", DETAILS)
def test_every_detail_the_log_writes_is_shown_in_the_language(german, template):
    written = template.format(**VALUES)  # what the log holds: English
    shown = detail_text(written)
    assert shown == i18n._(template).format(**VALUES)
    assert shown != written  # the words change; "5 min" stays as the log has it


def test_a_detail_from_elsewhere_is_shown_as_it_is(german):
    assert detail_text("imported from another app") == "imported from another app"
    assert detail_text("for") == "for"


def test_the_history_line_says_the_detail_in_the_language(german):
    entry = LogEntry(EventKind.SKIPPED, START, "neck-release", detail="emergency exit")
    assert entry.describe("Nacken lösen") == "Übersprungen · Nacken lösen · Notausstieg"
