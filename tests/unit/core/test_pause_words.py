"""One reading of pause words for the tray menu, `backbreak pause` and the socket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.core.reminder_rules import PAUSE_MENU, Rules, pause_end, pause_word
from backbreak.platform.ipc import Request
from backbreak.platform.ipc.commands import REMOTE, check

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("word", [w for w, _ in PAUSE_MENU])
def test_every_word_the_tray_offers_is_a_pause_the_cli_takes(word):
    assert check(Request("pause", {"length": word})) is REMOTE["pause"]
    end = pause_end(word, NOW, Rules())
    assert end is None or end > NOW


def test_lengths_end_that_long_from_now_and_forever_never():
    assert pause_end("30m", NOW, Rules()) == NOW + timedelta(minutes=30)
    assert pause_end("1h30m", NOW, Rules()) == NOW + timedelta(hours=1, minutes=30)
    assert pause_end("forever", NOW, Rules()) is None
    assert pause_end("until-tomorrow", NOW, Rules()) == pause_end("tomorrow", NOW, Rules())


def test_off_resumes_and_is_no_length():
    assert pause_word("OFF ") == "off"
    with pytest.raises(ValueError, match="resumes"):
        pause_end("off", NOW, Rules())


@pytest.mark.parametrize(
    ("text", "reason"),
    [("-5m", "negative"), ("0s", "no time at all"), ("soon", "not a length"), ("", "not")],
)
def test_a_bad_word_is_refused_with_the_reason_and_the_words_that_work(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        pause_word(text)
    assert "forever" in str(caught.value) or "calendar" in str(caught.value)


@given(st.text(max_size=30))
def test_the_socket_accepts_and_refuses_what_the_pause_words_do(text):
    """What `backbreak pause` sends, the running app checks with the same reading."""
    checked = check(Request("pause", {"length": text}))
    try:
        word = pause_word(text)
    except ValueError as exc:
        assert isinstance(checked, str)
        assert str(exc) == checked or not text.strip() or not text.isprintable()
        return
    if text.strip() and text.isprintable():
        assert checked is REMOTE["pause"]
    if word != "off":
        try:
            pause_end(word, NOW, Rules())
        except ValueError as exc:
            assert "calendar" in str(exc)
