"""Routine translations: laid over string by string, English wherever a translation is missing
or was made from other English, the routine's shape never changed, and every bad catalog a
one-line problem that leaves the routines loading."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backbreak.cli import main
from backbreak.content.loader import load_library
from backbreak.content.translations import Catalog, Text, check, read_catalog, texts, translate
from backbreak.core.model import Side
from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir

SHIPPED = load_library(shipped_routines_dir(), None, assets_dir())
ROUTINES = sorted(SHIPPED, key=lambda r: r.id)


def shape(routine):
    """What a translation must never change: timing, sides, pictures, phases, sources."""
    steps = [(s.seconds, s.side, s.reps, s.image, s.phase, bool(s.cue)) for s in routine.steps]
    played = [(s.seconds, s.side, s.phase) for s in routine.played_steps]
    return (routine.id, routine.version, routine.duration_seconds, steps, played, routine.sources)


@settings(max_examples=150, deadline=None)
@given(
    routine=st.sampled_from(ROUTINES),
    chosen=st.sets(st.integers(0, 80)),
    stale=st.sets(st.integers(0, 80)),
)
def test_exactly_the_fresh_translations_are_shown(routine, chosen, stale):
    fields = list(texts(routine))
    catalog = Catalog("de", sides=("linken", "rechten"))
    expected = {}
    for i, (name, english) in enumerate(fields):
        if i not in chosen:
            continue
        said = f"«{i}» {english.count('{side}') * '{side} '}{english.count('{other}') * '{other}'}"
        source = english + " (older)" if i in stale else english
        catalog.texts[routine.id, name] = Text(source, said)
        if i not in stale:
            expected[name] = said
    outcome = translate(routine, catalog)
    shown = dict(texts(outcome.routine))
    for name, english in fields:
        assert shown[name] == expected.get(name, english)
    assert set(outcome.missing) == {name for name, _ in fields} - set(expected)
    assert shape(outcome.routine) == shape(routine)
    # Played one side at a time, a translated step says its side in the catalog's words.
    for step, played in zip(outcome.routine.steps, outcome.routine.played_steps, strict=False):
        if step.side is Side.BOTH and "{side}" in step.instruction:
            assert "{side}" not in played.instruction


def test_an_empty_catalog_changes_nothing():
    for routine in ROUTINES:
        outcome = translate(routine, Catalog("de"))
        assert outcome.routine == routine
        assert len(outcome.missing) == len(list(texts(routine)))


def test_a_translated_side_step_names_the_side_in_the_language():
    routine = SHIPPED.get("neck-release")
    assert routine is not None
    index = next(i for i, s in enumerate(routine.steps, 1) if "{side}" in s.instruction)
    english = routine.steps[index - 1].instruction
    catalog = Catalog("de", sides=("linken", "rechten"))
    catalog.texts[routine.id, f"steps[{index}].instruction"] = Text(
        english, "Zur {side} Schulter, nicht zur {side} Hüfte."
    )
    played = [
        s for s in translate(routine, catalog).routine.played_steps if "Schulter" in s.instruction
    ]
    assert [s.instruction for s in played] == [
        "Zur linken Schulter, nicht zur linken Hüfte.",
        "Zur rechten Schulter, nicht zur rechten Hüfte.",
    ]
    # The other steps, untranslated, keep the English words for their sides.
    other = [
        s for s in routine.played_steps if s.side is Side.LEFT and "Schulter" not in s.instruction
    ]
    assert all("{side}" not in s.instruction for s in other)


def write(folder: Path, language: str, text: str) -> Path:
    path = folder / "locale" / f"{language}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


NECK = 'language = "de"\n[neck-release]\ntitle = { en = "Neck release", de = "Nacken lösen" }\n'

# (name, catalog text, words the one problem must contain)
BAD_CATALOGS = [
    ("wrong language", NECK.replace('"de"', '"fr"', 1), 'must be "de"'),
    ("not a table", 'language = "de"\nneck-release = 3\n', "must be a table"),
    ("pair not a table", 'language = "de"\n[neck-release]\ntitle = "x"\n', "must be a table"),
    ("number", 'language = "de"\n[neck-release]\ntitle = { en = 1, de = "x" }\n', "two strings"),
    ("unknown key", NECK + "colour = { en = 'a', de = 'b' }\n", "unknown key"),
    ("control", NECK.replace("Nacken lösen", "Nacken\\u001b[2J"), "control character"),
    ("too long", NECK.replace("Nacken lösen", "x" * 500), "keep it to 90"),
    ("syntax", 'language = "de"\n[neck-release\n', "line 2"),
    ("sides", 'language = "de"\nsides = "left"\n', "sides"),
    ("deep", 'language = "de"\nx = ' + "[" * 400 + "]" * 400 + "\n", ""),
]


@pytest.mark.parametrize(("name", "text", "words"), BAD_CATALOGS, ids=[b[0] for b in BAD_CATALOGS])
def test_a_bad_catalog_is_one_message_and_english_still_loads(tmp_path, name, text, words):
    path = write(tmp_path, "de", text)
    catalog = read_catalog(path, "de")
    assert catalog.problems and all(words in str(p) for p in catalog.problems[:1]), catalog.problems
    library = load_library(tmp_path, None, assets_dir(), language="de")
    assert library.routines == {} and library.translation_problems
    shipped = load_library(shipped_routines_dir(), tmp_path, assets_dir(), language="de")
    assert len(shipped) == len(SHIPPED)


@pytest.mark.parametrize("kind", ["folder", "pipe", "dangling link", "huge"])
def test_a_catalog_that_is_not_a_file_is_named_not_read(tmp_path, kind):
    path = tmp_path / "locale" / "de.toml"
    path.parent.mkdir()
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nowhere")
    else:
        path.write_text('language = "de"\n# ' + "x" * (5 * 1024 * 1024))
    library = load_library(shipped_routines_dir(), tmp_path, assets_dir(), language="de")
    assert len(library) == len(SHIPPED)
    assert [str(p) for p in library.translation_problems if str(path) in str(p)]


def test_check_names_what_no_longer_matches(tmp_path):
    routine = SHIPPED.get("neck-release")
    assert routine is not None
    steps = "".join(
        f'[[neck-release.steps]]\ntitle = {{ en = "{s.title}", de = "T" }}\n' for s in routine.steps
    )
    text = (
        'language = "de"\n[neck-release]\n'
        'title = { en = "Neck loosener", de = "Nacken" }\n'  # the English has changed since
        f'summary = {{ en = "{routine.summary}", de = "Zusammenfassung {{side}}" }}\n'
        + steps
        + '[[neck-release.steps]]\ntitle = { en = "Extra", de = "Extra" }\n'
        + '[no-such-routine]\ntitle = { en = "A", de = "B" }\n'
    )
    problems = [
        str(p) for p in check(read_catalog(write(tmp_path, "de", text), "de"), SHIPPED.english)
    ]
    said = "\n".join(problems)
    assert 'translates "Neck loosener", but the routine now says "Neck release"' in said
    assert "summary.de: must keep the placeholders of the English (none)" in said
    assert f"has {len(routine.steps) + 1} step(s) but the routine has {len(routine.steps)}" in said
    assert "no-such-routine: no routine has this id" in said
    assert "neck-release.safety[1]: this safety line is not translated" in said
    assert all("\n" not in p for p in problems)


def user_catalog(text: str) -> Path:
    folder = AppPaths.from_environment().user_routines
    return write(folder, "de", text)


def test_validate_checks_the_catalogs_and_says_which_line(capsys):
    user_catalog('language = "de"\n[neck-release]\ntitle = { en = "Old title", de = "Alt" }\n')
    assert main(["routines", "validate"]) == 1
    err = capsys.readouterr().err
    assert 'locale/de.toml: neck-release.title: translates "Old title"' in err
    assert "Traceback" not in err


def test_a_users_catalog_translates_their_routine_and_wins_over_the_shipped(capsys):
    user_catalog(NECK.replace("Nacken lösen", "Mein Nacken"))
    assert main(["routines", "show", "neck-release", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Mein Nacken  (neck-release")
    assert "Not translated into Deutsch, so shown in English" in out or "Every string" in out


def test_show_lists_the_strings_still_in_english(capsys):
    folder = AppPaths.from_environment().user_routines
    folder.mkdir(parents=True, exist_ok=True)
    text = (shipped_routines_dir() / "neck-release.toml").read_text(encoding="utf-8")
    (folder / "my-neck.toml").write_text(text.replace('"neck-release"', '"my-neck"'))
    user_catalog(
        'language = "de"\n[my-neck]\ntitle = { en = "Neck release", de = "Mein Nacken" }\n'
    )
    library = load_library(shipped_routines_dir(), folder, assets_dir(), language="de")
    missing = library.missing["my-neck"]
    assert "title" not in missing and "summary" in missing and "safety[1]" in missing
    assert main(["routines", "show", "my-neck", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Mein Nacken  (my-neck")
    listed = out.split("so shown in English")[1].splitlines()
    assert [line.strip() for line in listed[1 : len(missing) + 1]] == list(missing)
    assert main(["routines", "show", "neck-release", "--lang", "de"]) == 0
    assert "Every string is translated into Deutsch." in capsys.readouterr().out


@pytest.mark.parametrize("code", ["../../etc", "x" * 300, "de\x1b[2J", ""])
def test_show_refuses_a_crafted_language_in_one_line(capsys, code):
    assert main(["routines", "show", "neck-release", "--lang", code]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "is not a language code" in err or "control character" in err


def test_switching_language_in_place_and_back():
    library = load_library(shipped_routines_dir(), None, assets_dir())
    before = dict(library.routines)
    german = load_library(shipped_routines_dir(), None, assets_dir(), language="de")
    library.use_language("de")
    assert library.language == "de"
    assert {r.id for r in library} == set(before)
    assert all(shape(library.get(i)) == shape(r) for i, r in before.items())
    assert library.routines == german.routines
    library.use_language("en")
    assert library.routines == before and library.missing == {}


def test_a_user_routine_replacing_a_shipped_one_is_never_given_the_old_translation(tmp_path):
    routine = SHIPPED.get("neck-release")
    assert routine is not None
    mine = replace(routine, title="My neck", origin="user")
    catalog = Catalog("de")
    catalog.texts[routine.id, "title"] = Text(routine.title, "Nacken lösen")
    assert translate(mine, catalog).routine.title == "My neck"
    assert "title" in translate(mine, catalog).missing


def test_your_version_of_a_shipped_routine_does_not_fail_the_shipped_catalogs(capsys):
    folder = AppPaths.from_environment().user_routines
    folder.mkdir(parents=True, exist_ok=True)
    text = (shipped_routines_dir() / "neck-release.toml").read_text(encoding="utf-8")
    (folder / "neck-release.toml").write_text(text.replace('"Neck release"', '"My neck"', 1))
    assert main(["routines", "validate"]) == 0, capsys.readouterr().err
    assert main(["routines", "show", "neck-release", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "\nMy neck  (neck-release" in out  # your title, in English: nobody translated it
    assert "title" in out.split("so shown in English")[1]


def test_your_catalogs_side_words_never_reword_the_shipped_translations():
    folder = AppPaths.from_environment().user_routines
    user_catalog(
        'language = "de"\nsides = { left = "linke", right = "rechte" }\n'
        '[neck-release]\ntitle = { en = "Neck release", de = "Mein Nacken" }\n'
    )
    library = load_library(shipped_routines_dir(), folder, assets_dir(), language="de")
    routine = library.get("neck-release")
    assert routine is not None and routine.title == "Mein Nacken"
    sided = [s.instruction for s in routine.played_steps if s.side is Side.LEFT]
    assert sided and all("linken" in s for s in sided if "link" in s), sided
    assert not any(" linke " in s for s in sided), sided


def test_a_translation_with_side_words_needs_a_sides_line(tmp_path):
    path = write(
        tmp_path,
        "de",
        'language = "de"\n[neck-release]\n'
        'title = { en = "Neck release", de = "Zur {side} Seite" }\n',
    )
    assert any("sides = {" in str(p) for p in read_catalog(path, "de").problems)
