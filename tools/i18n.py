"""The translation catalogs: extract the marked strings, merge them into each language's .po,
compile the .mo the app reads, and count the strings not marked yet.

    python tools/i18n.py update     # after marking or changing strings: .pot, every .po, .mo
    python tools/i18n.py compile    # after translating in a .po: its .mo
    python tools/i18n.py unmarked   # what is not marked yet, module by module (a test: none)

Text that is not words for a person (a protocol's words, a file's keys) is not marked; the
statement that holds it says so with a `# not translated: why` comment.

Needs Babel (in the test extra). The output does not depend on when it is run (fixed dates,
no line numbers), so a catalog changes only when its strings do; the tests check that the
committed .pot, .po and .mo files are what this script makes from the code.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backbreak"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "backbreak.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = re.compile(r"[A-Za-z]{2,}[ ,:;.!?'’]+[A-Za-z]{2,}")
"""Text a person reads has at least two words; identifiers, keys and paths do not."""
NOT_SHOWN = {
    # Calls whose text is not for the person at the screen: the log (read by developers),
    # SQL, regular expressions and string handling.
    "debug", "info", "warning", "error", "exception", "critical", "getLogger",
    "execute", "executescript", "compile", "match", "fullmatch", "search", "sub", "split",
    "startswith", "endswith", "replace", "N_", "_", "ngettext",
    # Text that is data, not words on screen: the log's details stay English.
    "keep_english",
}  # fmt: skip
NOT_TRANSLATED = "# not translated"
"""A comment on a statement whose text no person reads as words (a wire protocol's
words, a file format's keys): `# not translated: the socket's protocol`."""


UI_SINKS = {
    # Calls whose text a person reads even when it is one word ("Close", "Skip").
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction",
    "setText", "setWindowTitle", "setToolTip", "setAccessibleName", "setPlaceholderText",
    "addAction", "addTab", "addItem", "setTitle", "Notify", "tell_user",
}  # fmt: skip
ONE_WORD = re.compile(r"[A-Za-z]{2,}")


def _languages() -> list[str]:
    from backbreak.core.i18n import LANGUAGES

    return [code for code in LANGUAGES if code != "en"]


def extract() -> object:
    """The template: every marked string in the package, in the order found."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(
        project="backbreak",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        charset="utf-8",
        fuzzy=False,
    )
    for filename, _line, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        catalog.add(
            message,
            None,
            [(f"backbreak/{filename}", None)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _po_text(catalog: object) -> bytes:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=False, include_lineno=False)  # type: ignore[arg-type]
    return out.getvalue()


def _mo_bytes(catalog: object) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog)  # type: ignore[arg-type]
    return out.getvalue()


def read(language: str) -> object:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = LOCALE / language / "LC_MESSAGES" / "backbreak.po"
    if not path.exists():
        return Catalog(locale=language, project="backbreak", creation_date=FIXED_DATE)
    with path.open("rb") as file:
        return read_po(file, locale=language)


def expected_files() -> dict[Path, bytes]:
    """What every catalog file should hold, made from the code and the translations."""
    template = extract()
    files = {TEMPLATE: _po_text(template)}
    for language in _languages():
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)  # type: ignore[attr-defined]
        catalog.obsolete.clear()  # type: ignore[attr-defined]
        catalog.creation_date = catalog.revision_date = FIXED_DATE  # type: ignore[attr-defined]
        catalog.fuzzy = False  # type: ignore[attr-defined]  # (a fuzzy header loses Plural-Forms)
        folder = LOCALE / language / "LC_MESSAGES"
        files[folder / "backbreak.po"] = _po_text(catalog)
        files[folder / "backbreak.mo"] = _mo_bytes(catalog)
    return files


def untranslated(language: str) -> list[str]:
    """The strings the language's catalog has no translation for."""
    catalog = read(language)
    template = extract()
    return [
        str(message.id)
        for message in template  # type: ignore[attr-defined]
        if message.id and not _translated(catalog.get(message.id))  # type: ignore[attr-defined]
    ]


def _translated(message: object) -> bool:
    if message is None:
        return False
    text = message.string  # type: ignore[attr-defined]
    return all(text) if isinstance(text, tuple | list) else bool(text)


# -- what is not marked yet ------------------------------------------------------------------


def unmarked(path: Path) -> list[tuple[int, str]]:
    """Strings in `path` that read like text for a person but are not marked: not a
    docstring, not inside `_()`/`N_()`/`ngettext()`, not for the log or SQL."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    exempt = {n for n, line in enumerate(source.splitlines(), 1) if NOT_TRANSLATED in line}
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if isinstance(parents.get(node), ast.Expr):
            continue  # a docstring
        words = WORDS.search(node.value) is not None
        shown_alone = ONE_WORD.search(node.value) is not None and _argument_of(
            node, parents, UI_SINKS
        )
        shown = (words or shown_alone) and not _in_call(node, parents, NOT_SHOWN)
        if shown and not _said_not_translated(node, parents, exempt):
            found.append((node.lineno, node.value))
    return found


def _said_not_translated(node: ast.AST, parents: dict[ast.AST, ast.AST], lines: set[int]) -> bool:
    """Whether the statement around `node` carries the NOT_TRANSLATED comment."""
    while node in parents and not isinstance(node, ast.stmt):
        node = parents[node]
    first, last = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
    return any(first <= line <= last for line in lines)


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _argument_of(node: ast.AST, parents: dict[ast.AST, ast.AST], names: set[str]) -> bool:
    """Whether `node` is an argument (or part of an f-string argument) of a call in `names`."""
    parent = parents.get(node)
    if isinstance(parent, ast.JoinedStr):
        node, parent = parent, parents.get(parent)
    return isinstance(parent, ast.Call) and node in parent.args and _name(parent) in names


def _in_call(node: ast.AST, parents: dict[ast.AST, ast.AST], names: set[str]) -> bool:
    """Whether the nearest call around `node` is one of `names`."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and _name(node) in names:
            return True
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda):
            return False
    return False


def unmarked_counts() -> dict[str, int]:
    counts = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = unmarked(path)
        if found:
            counts[path.relative_to(ROOT).as_posix()] = len(found)
    return counts


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    command = argv[0] if argv else "update"
    if command in ("update", "compile"):
        for path, content in expected_files().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != content:
                path.write_bytes(content)
                print(f"wrote {path.relative_to(ROOT)}")
        for language in _languages():
            missing = untranslated(language)
            if missing:
                print(f"{language}: {len(missing)} strings not translated yet")
        return 0
    if command == "unmarked":
        counts = unmarked_counts()
        for module, count in sorted(counts.items(), key=lambda mc: -mc[1]):
            print(f"{count:4} {module}")
        print(f"{sum(counts.values())} strings in {len(counts)} modules are not marked yet")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
