"""The translation catalogs: what tools/i18n.py makes from the code is what is committed;
every shipped language translates every marked string, keeping its placeholders and its
keyboard mnemonic; and no string a person reads is left unmarked."""

from __future__ import annotations

import re

import pytest

from backbreak.core.i18n import LANGUAGES
from tools import i18n as tool

SHIPPED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
KNOWINGLY_ENGLISH: frozenset[str] = frozenset()
"""Marked strings a language may leave in English on purpose (none yet)."""


def test_the_committed_catalogs_are_what_the_tool_makes_from_the_code():
    stale = [
        str(path.relative_to(tool.ROOT))
        for path, content in tool.expected_files().items()
        if not path.exists() or path.read_bytes() != content
    ]
    assert stale == [], "run: python tools/i18n.py update"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_marked_string_is_translated(language):
    missing = [m for m in tool.untranslated(language) if m not in KNOWINGLY_ENGLISH]
    assert missing == []


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_their_placeholders_and_one_mnemonic(language):
    catalog = tool.read(language)
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (message.id, text)
            text.format(**{name.strip("{}").split(":")[0]: 1 for name in wanted})
        if "&" in ids[0].replace("&&", ""):
            for text in texts:
                assert len(re.findall(r"&(?!&)\w", text)) == 1, (message.id, text)


def test_every_string_a_person_reads_is_marked():
    counts = tool.unmarked_counts()
    assert counts == {}, (
        "strings a person reads must be marked for translation (_(), N_(), ngettext()), "
        "kept English as data (keep_english()), or carry a '# not translated: why' comment "
        f"(python tools/i18n.py unmarked lists them): {counts}"
    )


def test_no_marked_string_is_built_at_run_time():
    """`_(f"…")` or `_("a" + b)` cannot be in a catalog: the words must be a literal (with
    `{placeholders}` filled by .format afterwards)."""
    import ast

    built = []
    for path in sorted((tool.ROOT / "backbreak").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "ngettext")
                and node.args
                and isinstance(node.args[0], ast.JoinedStr | ast.BinOp)
            ):
                built.append(f"{path.name}:{node.lineno}")
    assert built == []


def test_no_literal_is_marked_inside_an_f_string():
    """`f"<p>{_('Close')}</p>"`: the extractor does not look inside f-strings, so the words
    would never reach a catalog. Mark outside and join."""
    import ast

    hidden = []
    for path in sorted((tool.ROOT / "backbreak").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in ("_", "N_", "ngettext")
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []


def test_the_routine_catalogs_are_in_step_with_the_routine_files():
    from tools import routine_catalogs

    stale = [
        str(path.relative_to(tool.ROOT))
        for path, text in routine_catalogs.expected_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python tools/routine_catalogs.py"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_routine_is_translated_whole(language):
    from backbreak.content.loader import load_library
    from backbreak.content.translations import check, load_catalogs
    from backbreak.storage.paths import assets_dir, shipped_routines_dir

    library = load_library(shipped_routines_dir(), None, assets_dir(), language=language)
    assert library.missing == {} and library.translation_problems == []
    catalog = load_catalogs([shipped_routines_dir()], language)
    assert check(catalog, library.english) == []
    for routine in library:  # every {side} becomes a word of the language when played
        for step in routine.played_steps:
            assert "{side}" not in step.instruction and "{other}" not in step.instruction
