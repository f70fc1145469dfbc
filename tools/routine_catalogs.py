"""Keep the routines' translation catalogs (routines/locale/<language>.toml) in step with the
routine files: every text of every shipped routine, its English beside its translation.

    python tools/routine_catalogs.py          # after changing a routine: rewrite each catalog
    python tools/routine_catalogs.py --check  # exit 1 if a catalog is not what this makes

A translation is kept while its English is unchanged; a text whose English changed gets an
empty translation (shown in English until someone translates it again). The output depends
only on the routines and the translations, so a catalog changes only when they do; a test
checks that the committed catalogs are what this script makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTINES = ROOT / "routines"
LOCALE = ROUTINES / "locale"

FIRST_SIDES = {
    # What {side} and {other} become, chosen so one form fits every sentence: German's
    # dative ("zur linken Schulter"), Spanish and Portuguese after "lado" ("del lado izquierdo").
    "de": ("linken", "rechten"),
    "es": ("izquierdo", "derecho"),
    "fr": ("gauche", "droit"),
    "pt_BR": ("esquerdo", "direito"),
    "ja": ("左", "右"),
}

HEADER = """\
# backbreak's routines in {name}: every text of every shipped routine, the English it is
# translated from (en) and its translation ({language}). Translate each {language} from its en;
# never edit en (`python tools/routine_catalogs.py` keeps it in step with the routine files).
# An empty {language} is shown in English. Keep {{side}} and {{other}}: they become the words
# in `sides` below, so write each sentence so that that form of the word fits it.
"""


def render(language: str) -> str:
    """The catalog text for `language`: the shipped routines, with the translations the
    current file holds for their current English."""
    from backbreak.content.loader import load_library
    from backbreak.content.translations import Catalog, read_catalog, texts
    from backbreak.core.i18n import LANGUAGES
    from backbreak.core.toml_text import toml_value

    library = load_library(ROUTINES, None, ROOT / "assets")
    path = LOCALE / f"{language}.toml"
    old = read_catalog(path, language) if path.exists() else Catalog(language)
    if old.problems:  # rewriting would drop what it could not read: say so, change nothing
        listed = "\n".join(f"  {problem}" for problem in old.problems[:20])
        raise SystemExit(f"{path.relative_to(ROOT)} has problems; fix them first:\n{listed}")
    kept = next((text.sides for text in old.texts.values() if text.sides), None)
    left, right = kept or FIRST_SIDES.get(language, ("left", "right"))
    out = [
        HEADER.format(name=LANGUAGES.get(language, language), language=language),
        f'language = "{language}"',
        f"sides = {{ left = {toml_value(left)}, right = {toml_value(right)} }}",
    ]

    def said(routine_id: str, name: str, english: str) -> str:
        text = old.texts.get((routine_id, name))
        return text.translated if text is not None and text.english == english else ""

    def pair(routine_id: str, name: str, english: str) -> str:
        mine = toml_value(said(routine_id, name, english))
        return f"{{ en = {toml_value(english)}, {language} = {mine} }}"

    for routine in sorted(library, key=lambda r: r.id):
        fields = dict(texts(routine))
        rid = routine.id
        out += ["", f"[{rid}]"]
        for name in ("title", "summary"):
            out.append(f"{name}.en = {toml_value(fields[name])}")
            out.append(f"{name}.{language} = {toml_value(said(rid, name, fields[name]))}")
        for key, items in (("safety", routine.safety), ("checklist", routine.precautions)):
            if items:
                out.append(f"{key} = [")
                out += [f"  {pair(rid, f'{key}[{i}]', s)}," for i, s in enumerate(items, 1)]
                out.append("]")
        for i in range(1, len(routine.steps) + 1):
            out += ["", f"[[{rid}.steps]]"]
            for name in ("title", "instruction", "cue"):
                english = fields.get(f"steps[{i}].{name}")
                if english is not None:
                    out.append(f"{name}.en = {toml_value(english)}")
                    mine = said(rid, f"steps[{i}].{name}", english)
                    out.append(f"{name}.{language} = {toml_value(mine)}")
        if routine.thermal is not None:
            for i, _phase in enumerate(routine.thermal.phases, 1):
                out += ["", f"[[{rid}.thermal.phases]]"]
                english = fields.get(f"thermal.phases[{i}].instruction")
                if english is not None:
                    mine = toml_value(said(rid, f"thermal.phases[{i}].instruction", english))
                    out.append(f"instruction.en = {toml_value(english)}")
                    out.append(f"instruction.{language} = {mine}")
    return "\n".join(out) + "\n"


def expected_files() -> dict[Path, str]:
    from backbreak.core.i18n import LANGUAGES

    return {LOCALE / f"{lang}.toml": render(lang) for lang in LANGUAGES if lang != "en"}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    stale = 0
    for path, text in expected_files().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale += 1
        if "--check" in argv:
            print(f"{path.relative_to(ROOT)} is not in step; run python tools/routine_catalogs.py")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
