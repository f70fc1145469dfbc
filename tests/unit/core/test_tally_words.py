"""The finish page's tally: whole sentences in every language, never a clause glued on."""

from __future__ import annotations

import pytest

from backbreak.core import i18n
from backbreak.core.stats_words import tally_lines


@pytest.fixture
def german():
    i18n.apply("de", {})
    yield
    i18n.apply("en", {})


def test_the_tally_says_today_the_target_and_the_streak():
    assert tally_lines(1, 4, 0) == ["Today: 1 of 4 breaks"]
    assert tally_lines(4, 4, 3) == ["Today: 4 of 4 breaks · target met", "Streak: 3 days in a row"]
    assert tally_lines(None, 4, None) == []  # the log could not say: nothing made up


def test_a_met_target_is_one_translated_sentence(german):
    assert tally_lines(5, 4, 1) == [
        "Heute: 5 von 4 Pausen · Ziel erreicht",
        "Serie: 1 Tag in Folge",
    ]
    assert tally_lines(0, 1, 0) == ["Heute: 0 von 1 Pause"]
