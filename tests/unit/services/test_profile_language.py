"""What the app says about its settings file, it says in the language that file chose."""

from __future__ import annotations

import pytest

from backbreak.core import i18n
from backbreak.services.profile import read_settings
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import START


@pytest.fixture
def paths(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKBREAK_HOME", str(tmp_path))
    found = AppPaths.from_environment()
    found.ensure()
    yield found
    i18n.apply("en", {})


SYSTEM = {"LANG": "fr_FR.UTF-8"}
"""The desktop's language here: French (the app speaks it until the file names another)."""


def speak(language: str) -> None:
    i18n.apply(language, SYSTEM)


def test_a_bad_value_is_told_in_the_language_the_file_names(paths):
    paths.settings_file.write_text(
        '[appearance]\nlanguage = "de"\n\n[schedule]\nstretch_every = "banana"\n'
    )
    i18n.apply("system", SYSTEM)  # as the app starts: before the file is read
    before = paths.settings_file.read_bytes()
    loaded, notices = read_settings(paths, START, speak)
    [said] = notices
    assert said.startswith("Einige Einstellungen in") and "„banana“ ist keine Dauer" in said
    assert [str(p) for p in loaded.problems] == [said.split("\n• ", 1)[1]]
    assert paths.settings_file.read_bytes() == before  # read twice, changed never


def test_without_a_speaker_the_words_stay_in_the_language_spoken(paths):
    paths.settings_file.write_text('[appearance]\nlanguage = "de"\n\n[schedule]\nsnooze = "x"\n')
    i18n.apply("en", {})  # the CLI's read: it chose its language already
    _loaded, [said] = read_settings(paths, START)
    assert said.startswith("Some settings in")


def test_a_file_moved_aside_is_told_in_the_systems_language(paths):
    paths.settings_file.write_text('language = "de"\n[[[not toml')
    i18n.apply("system", SYSTEM)
    loaded, [said] = read_settings(paths, START, speak)
    assert loaded.settings == type(loaded.settings)()  # the defaults: the system's language
    assert said.startswith("Le fichier de paramètres") and i18n.current_language() == "fr"
