"""Which language backbreak speaks, and how: the choice from the setting and the system,
the fallback to English, and each shipped language's plural forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.core import i18n

STREAK = ("Streak: {count} day in a row", "Streak: {count} days in a row")


def streak(count: int) -> str:
    return i18n.ngettext(*STREAK, count).format(count=count)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, ["de_DE"]),
        ({"LANGUAGE": "fr:de", "LANG": "ja_JP.UTF-8"}, ["fr", "de", "ja_JP"]),
        ({"LC_ALL": "es_ES@euro", "LANG": "de_DE"}, ["es_ES"]),
        ({"LC_MESSAGES": "pt_BR.UTF-8", "LANG": "C"}, ["pt_BR"]),
        ({"LANG": "C.UTF-8"}, []),
        ({}, []),
    ],
)
def test_the_systems_languages_come_from_the_variables_gettext_reads(environ, expected):
    assert i18n.system_languages(environ) == expected


@pytest.mark.parametrize(
    ("setting", "preferred", "expected"),
    [
        ("de", ["ja"], "de"),  # the setting wins
        ("system", ["de_AT"], "de"),  # a region falls to its language
        ("system", ["pt_BR"], "pt_BR"),
        ("system", ["pt_PT", "es"], "es"),  # Brazilian is no stand-in for Portugal's
        ("system", ["ja-JP"], "ja"),
        ("system", ["nl", "sv"], "en"),  # none shipped: English
        ("system", [], "en"),
    ],
)
def test_the_language_is_the_settings_else_the_first_the_system_prefers_that_we_have(
    setting, preferred, expected
):
    assert i18n.choose(setting, preferred) == expected


@given(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=4))
def test_any_setting_and_system_choose_a_shipped_language(setting, preferred):
    assert i18n.choose(setting, preferred) in i18n.LANGUAGES


PLURALS = {
    # 0, 1, 2, 5, 21 days: each language's rule (French and Brazilian Portuguese say
    # "0 jour"/"0 dia", as their CLDR rule does; Japanese has one form).
    "en": ["0 days", "1 day ", "2 days", "5 days", "21 days"],
    "de": ["0 Tage", "1 Tag ", "2 Tage", "5 Tage", "21 Tage"],
    "es": ["0 días", "1 día ", "2 días", "5 días", "21 días"],
    "fr": ["0 jour ", "1 jour ", "2 jours", "5 jours", "21 jours"],
    "pt_BR": ["0 dia ", "1 dia ", "2 dias", "5 dias", "21 dias"],
    "ja": ["0日", "1日", "2日", "5日", "21日"],
}


@pytest.mark.parametrize("language", list(PLURALS))
def test_plural_forms_are_right_for_0_1_2_5_and_21_in_each_language(language):
    assert i18n.install(language) == language
    for count, words in zip((0, 1, 2, 5, 21), PLURALS[language], strict=True):
        assert words in streak(count) + " ", (language, count, streak(count))


def test_a_missing_or_broken_catalog_speaks_english(tmp_path: Path):
    assert i18n.install("de", tmp_path) == "en"  # no catalog there
    broken = tmp_path / "fr" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "backbreak.mo").write_bytes(b"\x00" * 40)
    assert i18n.install("fr", tmp_path) == "en"
    assert i18n.current_language() == "en"
    assert streak(2) == "Streak: 2 days in a row"
    assert i18n.install("xx") == "en"


def test_a_string_a_catalog_lacks_stays_english_alone():
    i18n.install("de")
    assert i18n._("Close") == "Schließen"
    assert i18n._("A sentence no catalog has.") == "A sentence no catalog has."


def test_the_safety_page_follows_the_language():
    from backbreak.content import safety

    i18n.install("de")
    assert "keine medizinische Beratung" in safety.as_text()
    i18n.install("en")
    assert safety.as_text().startswith(safety.DISCLAIMER)


@pytest.mark.parametrize(("language", "written"), [("en", "7.5"), ("de", "7,5"), ("ja", "7.5")])
def test_numbers_in_a_sentence_are_written_as_the_language_writes_them(language, written):
    from datetime import date, timedelta

    from backbreak.core import care

    today = date(2026, 11, 30)
    days = {
        today - timedelta(days=n): care.CareDay(today - timedelta(days=n), 7.5) for n in range(21)
    }
    i18n.install(language)
    [high] = care.observe(days, today, 3, 6, 6)
    assert f"{written}" in high.text and "21" in high.text
