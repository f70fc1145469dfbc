"""Settings that describe themselves: every option says what it holds, and one reading of
typed text serves the CLI and the dialog alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.core.option_kinds import Kind, Option, parse_duration
from backbreak.core.settings import OPTIONS, STRETCH_CATEGORY

TYPED = [o for o in OPTIONS if o.kind is not Kind.TABLE]


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.key)
def test_every_option_declares_a_kind_its_values_fit(option: Option[Any]):
    dumped = option.dump(option.default)
    if option.kind is Kind.SWITCH:
        assert isinstance(dumped, bool)
    elif option.kind is Kind.NUMBER:
        assert option.bounds is not None
        low, high = option.bounds
        assert isinstance(dumped, int) and low <= dumped <= high
    elif option.kind is Kind.CHOICE:
        assert option.choices and dumped in option.choices
        assert not option.choice_labels or len(option.choice_labels) == len(option.choices)
    elif option.is_list:
        assert isinstance(dumped, list)
    elif option.kind is Kind.TABLE:
        assert isinstance(dumped, dict) and not option.name
    else:
        assert isinstance(dumped, str)
    assert option.kind is Kind.TABLE or option.name, "only a whole table has no name"


@pytest.mark.parametrize("option", TYPED, ids=lambda o: o.key)
def test_a_value_written_as_text_reads_back_as_itself(option: Option[Any]):
    assert option.read_text(option.to_text(option.default)) == option.default


@given(st.data())
def test_numbers_within_bounds_read_back_and_others_are_refused(data: st.DataObject):
    option = data.draw(st.sampled_from([o for o in OPTIONS if o.kind is Kind.NUMBER]))
    low, high = option.bounds
    value = data.draw(st.integers(low, high))
    assert option.read_text(option.to_text(value)) == value
    outside = data.draw(st.one_of(st.integers(max_value=low - 1), st.integers(min_value=high + 1)))
    with pytest.raises(ValueError):
        option.read_text(str(outside))


@given(st.data())
def test_durations_within_bounds_read_back(data: st.DataObject):
    option = data.draw(st.sampled_from([o for o in OPTIONS if o.kind is Kind.DURATION]))
    seconds = data.draw(st.integers(0, 3 * 24 * 3600))
    value = timedelta(seconds=seconds)
    try:
        option.parse(option.dump(value))
    except ValueError:
        return  # outside this option's bounds: refused from text too
    assert option.read_text(option.to_text(value)) == value


@pytest.mark.parametrize(
    ("typed", "raw"),
    [
        ("yes", True),
        ("Off", False),
        ("maybe", "maybe"),  # parse says what is wrong, in its own words
    ],
)
def test_switches_take_the_words_people_use(typed: str, raw: Any):
    switch = next(o for o in OPTIONS if o.kind is Kind.SWITCH)
    assert switch.from_text(typed) == raw


def test_lists_take_commas_none_or_a_toml_list():
    ids = next(o for o in OPTIONS if o.kind is Kind.IDS)
    assert ids.from_text("neck-release, box-breathing") == ["neck-release", "box-breathing"]
    assert ids.from_text('["neck-release"]') == ["neck-release"]
    assert ids.from_text("none") == ids.from_text("") == []


def test_a_choice_is_read_by_its_word_or_by_its_label():
    assert STRETCH_CATEGORY.from_text("Any (rotate)") == ""
    assert STRETCH_CATEGORY.from_text("Posture") == "posture"
    assert STRETCH_CATEGORY.choice_label("") == "Any (rotate)"


def test_text_nested_past_the_limit_is_left_to_parse_to_refuse():
    ids = next(o for o in OPTIONS if o.kind is Kind.IDS)
    with pytest.raises(ValueError):
        ids.read_text("[" * 5000)


def test_durations_need_their_units():
    with pytest.raises(ValueError, match="50m"):
        parse_duration("50")


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("45 minutes", 2700),
        ("1 h 30", 5400),
        ("1 hour 5 min", 3900),
        ("1d", 86400),
        ("1h, 30m", 5400),
        ("90s", 90),
        (" 5 MIN ", 300),
    ],
)
def test_durations_are_read_as_people_write_them(typed, seconds):
    assert parse_duration(typed) == timedelta(seconds=seconds)


@pytest.mark.parametrize("typed", ["50", "5m 1h", "1.5h", "-5m", "1h 30 45", "soon", ""])
def test_what_is_no_duration_is_refused_with_examples(typed):
    with pytest.raises(ValueError, match="45 minutes"):
        parse_duration(typed)


@given(st.integers(0, 10 * 86400))
def test_every_duration_written_back_reads_the_same(seconds):
    from backbreak.core.option_kinds import format_duration_setting

    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration_setting(value)) == value
