"""Routine translations: one catalog per language, laid over the English routines string by
string, so no routine file is ever copied to be translated.

`routines/locale/de.toml` holds, under each routine's id, every text twice: the English it
was translated from (`title.en`) and its translation (`title.de`). A translation is used
only while its English is still the routine's text word for word: an edited routine falls
back to English for exactly the strings that changed, never shows a stale translation, and
never half-translates silently (`routines show ID --lang de` lists what is English;
`routines validate` reports what no longer matches). Catalogs in the user's routines folder
(`locale/de.toml` there) translate their own routines and win over the shipped ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backbreak.content.checks import PROSE, Checker, Problem
from backbreak.core.i18n import N_, _, ngettext
from backbreak.core.model import Routine, Step, ThermalPlan
from backbreak.fs.reading import ReadError, read_toml

MAX_CATALOG_BYTES = 4 * 1024 * 1024
LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")
PLACEHOLDER = re.compile(r"\{[a-z]+\}")

# Each field a translation may hold, with the longest text the windows are laid out for:
# the English limits (routines/README.md) and room for languages that run longer.
LIMITS = {"title": 90, "summary": 210, "instruction": 900, "cue": 90, "item": 600}
STEP_FIELDS = ("title", "instruction", "cue")
SIDES_EXAMPLE = 'sides = { left = "…", right = "…" }'
"""What a catalog's sides table looks like (its keys are the file's words)."""


@dataclass(frozen=True, slots=True)
class Text:
    """One translated string: the English it was made from, and the translation."""

    english: str
    translated: str
    sides: tuple[str, str] | None = None  # its file's words for {side} and {other}


@dataclass
class Catalog:
    """One language's translations of routines, as read from one or more files."""

    language: str
    texts: dict[tuple[str, str], Text] = field(default_factory=dict)  # (id, field) → text
    sides: tuple[str, str] | None = None  # {side}/{other} for texts that carry none
    sections: dict[str, str] = field(default_factory=dict)  # routine id → file it is in
    step_counts: dict[str, tuple[str, int]] = field(default_factory=dict)  # id → (file, steps)
    problems: list[Problem] = field(default_factory=list)


def texts(routine: Routine) -> Iterator[tuple[str, str]]:
    """Every translatable string of a routine as (field, English), in reading order. Field
    names are the routine file's paths, counted from 1: "steps[2].instruction"."""
    yield "title", routine.title
    yield "summary", routine.summary
    for i, line in enumerate(routine.safety, 1):
        yield f"safety[{i}]", line
    for i, item in enumerate(routine.precautions, 1):
        yield f"checklist[{i}]", item
    for i, step in enumerate(routine.steps, 1):
        for name in STEP_FIELDS:
            value = getattr(step, name)
            if value:
                yield f"steps[{i}].{name}", value
    if routine.thermal is not None:
        for i, phase in enumerate(routine.thermal.phases, 1):
            if phase.instruction:
                yield f"thermal.phases[{i}].instruction", phase.instruction  # not translated: a key


def read_catalog(path: Path, language: str, into: Catalog | None = None) -> Catalog:
    """The translations in one catalog file (added to `into`, whose entries they replace).
    Anything wrong is a Problem and that entry stays English; nothing here raises."""
    catalog = into if into is not None else Catalog(language)
    shown = str(path)
    c = Checker(shown)
    try:
        data = read_toml(path, MAX_CATALOG_BYTES, N_("a translation catalog"))
    except ReadError as err:
        catalog.problems.append(Problem(shown, err.where_in(_), err.reason_in(_)))
        return catalog
    named = data.get("language")
    if named != language:
        c.add(
            "language",
            _("must be \"{language}\", the file's name; this file's texts were not read").format(
                language=language
            ),
        )
        catalog.problems += c.problems
        return catalog
    file_sides: tuple[str, str] | None = None  # each file's own: yours never reword ours
    sides = data.get("sides")
    if sides is not None:
        if isinstance(sides, Mapping):
            c.keys(sides, ("left", "right"), "sides.")
            left = c.text(sides, "left", "sides.", 40)
            right = c.text(sides, "right", "sides.", 40)
            if left and right:
                file_sides = (left, right)
        else:
            c.add("sides", _("must be a table: {example}").format(example=SIDES_EXAMPLE))
    for routine_id, section in data.items():
        if routine_id in ("language", "sides"):
            continue
        if not isinstance(section, Mapping):
            c.add(routine_id, _("must be a table of one routine's texts, [routine-id]"))
            continue
        catalog.sections[routine_id] = shown
        for name, english, translated in _entries(c, section, routine_id, language):
            catalog.texts[routine_id, name] = Text(english, translated, file_sides)
            if file_sides is None and PLACEHOLDER.search(translated):
                c.add(
                    f"{routine_id}.{name}",
                    _("uses {placeholders}, so the file needs {example}").format(
                        placeholders="{side}/{other}", example=SIDES_EXAMPLE
                    ),
                )
        steps = section.get("steps")
        if isinstance(steps, list):
            catalog.step_counts[routine_id] = (shown, len(steps))
    catalog.problems += c.problems
    return catalog


def _entries(
    c: Checker, section: Mapping[str, Any], routine_id: str, language: str
) -> Iterator[tuple[str, str, str]]:
    """(field, English, translation) for each well-formed text in one routine's section."""
    c.keys(
        section, ("title", "summary", "safety", "checklist", "steps", "thermal"), f"{routine_id}."
    )
    for name in ("title", "summary"):
        if name in section:
            yield from _pair(c, section[name], routine_id, name, language, LIMITS[name])
    for name in ("safety", "checklist"):
        for i, item in enumerate(_list(c, section, name, routine_id), 1):
            yield from _pair(c, item, routine_id, f"{name}[{i}]", language, LIMITS["item"])
    for i, step in enumerate(_list(c, section, "steps", routine_id), 1):
        if not isinstance(step, Mapping):
            c.add(f"{routine_id}.steps[{i}]", _("must be a table: [[routine-id.steps]]"))
            continue
        c.keys(step, STEP_FIELDS, f"{routine_id}.steps[{i}].")
        for name in STEP_FIELDS:
            if name in step:
                where = f"steps[{i}].{name}"
                yield from _pair(c, step[name], routine_id, where, language, LIMITS[name])
    thermal = section.get("thermal")
    if thermal is not None:
        phases = thermal.get("phases", []) if isinstance(thermal, Mapping) else None
        if not isinstance(phases, list):
            c.add(f"{routine_id}.thermal", _("must be a table with phases = [...]"))
            return
        for i, phase in enumerate(phases, 1):
            where = f"thermal.phases[{i}].instruction"  # not translated: the file's key path
            if isinstance(phase, Mapping) and "instruction" in phase:
                yield from _pair(c, phase["instruction"], routine_id, where, language, 900)


def _list(c: Checker, section: Mapping[str, Any], name: str, routine_id: str) -> list[Any]:
    value = section.get(name, [])
    if isinstance(value, list):
        return value
    c.add(f"{routine_id}.{name}", _("must be a list"))
    return []


def _pair(
    c: Checker, value: Any, routine_id: str, where: str, language: str, limit: int
) -> Iterator[tuple[str, str, str]]:
    """One text's English and translation; an empty translation is simply not there yet."""
    at = f"{routine_id}.{where}"
    if not isinstance(value, Mapping):
        c.add(
            at, _("must be a table: {example}").format(example=f'{{ en = "…", {language} = "…" }}')
        )
        return
    c.keys(value, ("en", language), f"{at}.")
    english, translated = value.get("en"), value.get(language)
    if not isinstance(english, str) or not isinstance(translated, str):
        c.add(
            at,
            _("needs two strings: en (the English it translates) and {language}").format(
                language=language
            ),
        )
        return
    if not translated.strip():
        return  # not translated yet: English is shown, `routines show --lang` lists it
    if c.printable(translated, f"{at}.{language}", limit, PROSE):
        yield where, english, translated


def load_catalogs(folders: list[Path], language: str) -> Catalog:
    """A language's catalog from each folder's `locale/<language>.toml`, later folders
    winning (the user's over the shipped); a folder without one adds nothing."""
    catalog = Catalog(language)
    if not LANGUAGE.fullmatch(language):
        return catalog
    for folder in folders:
        path = folder / "locale" / f"{language}.toml"
        if path.exists() or path.is_symlink():
            read_catalog(path, language, catalog)
    return catalog


@dataclass(frozen=True, slots=True)
class Outcome:
    """One routine in a language: what it shows, and which of its strings are English."""

    routine: Routine
    missing: tuple[str, ...]  # fields with no translation, or one of other English


def translate(routine: Routine, catalog: Catalog) -> Outcome:
    """`routine` with every string the catalog translates from its current English."""
    done: dict[str, str] = {}
    sides: dict[str, tuple[str, str] | None] = {}
    missing: list[str] = []
    for name, english in texts(routine):
        text = catalog.texts.get((routine.id, name))
        if text is not None and text.english == english and _same_places(english, text.translated):
            done[name] = text.translated
            sides[name] = text.sides or catalog.sides
        else:
            missing.append(name)
    return Outcome(_laid_over(routine, done, sides), tuple(missing))


def _same_places(english: str, translated: str) -> bool:
    return sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(translated))


def _laid_over(
    routine: Routine, done: Mapping[str, str], sides: Mapping[str, tuple[str, str] | None]
) -> Routine:
    def get(name: str, english: str) -> str:
        return done.get(name, english)

    steps = tuple(_step(step, i, done, sides) for i, step in enumerate(routine.steps, 1))
    thermal = routine.thermal
    if thermal is not None:
        phases = tuple(
            replace(phase, instruction=get(f"thermal.phases[{i}].instruction", phase.instruction))
            for i, phase in enumerate(thermal.phases, 1)
        )
        thermal = ThermalPlan(phases, thermal.repeats)
    return replace(
        routine,
        title=get("title", routine.title),
        summary=get("summary", routine.summary),
        safety=tuple(get(f"safety[{i}]", s) for i, s in enumerate(routine.safety, 1)),
        precautions=tuple(get(f"checklist[{i}]", s) for i, s in enumerate(routine.precautions, 1)),
        steps=steps,
        thermal=thermal,
    )


def _step(
    step: Step, i: int, done: Mapping[str, str], sides: Mapping[str, tuple[str, str] | None]
) -> Step:
    """One step in translation; its {side} words are those of the file that translated its
    instruction, once its words are translated."""
    name = f"steps[{i}].instruction"
    instruction, words = done.get(name), sides.get(name)
    return replace(
        step,
        title=done.get(f"steps[{i}].title", step.title),
        instruction=instruction or step.instruction,
        cue=done.get(f"steps[{i}].cue", step.cue) if step.cue else step.cue,
        sides=words if instruction is not None and words is not None else step.sides,
    )


def check(catalog: Catalog, routines: Mapping[str, Routine]) -> list[Problem]:
    """What `routines validate` reports about a catalog against the routines in effect: a
    section for no routine, steps that do not line up, English that has changed since it
    was translated, placeholders that differ, and safety lines left in English."""
    problems = list(catalog.problems)
    for routine_id, path in catalog.sections.items():
        routine = routines.get(routine_id)
        if routine is None:
            problems.append(
                Problem(
                    path, routine_id, _("no routine has this id; fix the id or remove the section")
                )
            )
            continue
        counted = catalog.step_counts.get(routine_id)
        if counted is not None and counted[1] != len(routine.steps):
            problems.append(
                Problem(
                    path,
                    f"{routine_id}.steps",
                    ngettext(
                        "has {count} step(s) but the routine has {steps}; one [[steps]] table "
                        "per step, in the routine's order",
                        "has {count} step(s) but the routine has {steps}; one [[steps]] table "
                        "per step, in the routine's order",
                        counted[1],
                    ).format(count=counted[1], steps=len(routine.steps)),
                )
            )
        current = dict(texts(routine))
        for (owner, name), text in catalog.texts.items():
            if owner != routine_id or catalog.sections.get(owner) != path:
                continue
            where = f"{routine_id}.{name}"
            if name not in current:
                problems.append(Problem(path, where, _("the routine has no such text; remove it")))
            elif text.english != current[name]:
                problems.append(
                    Problem(
                        path,
                        where,
                        _(
                            'translates "{old}", but the routine now says "{new}"; translate the '
                            "new text and copy it into en"
                        ).format(old=text.english, new=current[name]),
                    )
                )
            elif not _same_places(text.english, text.translated):
                problems.append(
                    Problem(
                        path,
                        f"{where}.{catalog.language}",
                        _placeholders(text.english),
                    )
                )
        missing = translate(routine, catalog).missing
        if len(missing) == len(current):
            continue  # not translated yet at all: English throughout, never half of it
        for name in (m for m in missing if m.startswith("safety[")):
            problems.append(
                Problem(
                    path,
                    f"{routine_id}.{name}",
                    _(
                        "this safety line is not translated, so it would be shown in English "
                        "beside translated steps; translate it"
                    ),
                )
            )
    return problems


def _placeholders(english: str) -> str:
    found = ", ".join(sorted(PLACEHOLDER.findall(english)))
    if not found:
        return _("must keep the placeholders of the English (none)")
    return _("must keep the placeholders of the English ({placeholders})").format(
        placeholders=found
    )
