"""`backbreak routines list|show|validate|new`: the routines, read without a display."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from backbreak.core.i18n import _, mid_sentence, ngettext

if TYPE_CHECKING:
    from backbreak.cli.context import Context
    from backbreak.content.loader import Library
    from backbreak.core.model import Routine, Step


def cmd_routines_list(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.core.model import format_duration

    as_json, category, out = args.json, args.category, ctx.out
    library = load_routines(ctx)
    routines = [r for r in library if category is None or r.category == category]
    for problem in library.problems:
        print(_("skipped: {problem}").format(problem=problem), file=ctx.err)
    if as_json:
        json.dump(
            [
                {
                    "id": r.id,
                    "version": r.version,
                    "title": r.title,
                    "category": r.category.value,
                    "summary": r.summary,
                    "duration_seconds": r.duration_seconds,
                    "difficulty": r.difficulty.value,
                    "guidance": r.guidance.value,
                    "steps": len(r.played_steps),
                    "origin": r.origin,
                    "path": r.path,
                    "overrides": r.overrides,
                }
                for r in routines
            ],
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if not routines:
        said = (
            _("No routines found.")
            if category is None
            else _('No routines in category "{category}".').format(category=category)
        )
        print(said, file=ctx.out)
        return 0
    width = max(len(r.id) for r in routines)
    for r in routines:
        origin = (
            ""
            if r.origin == "shipped"
            else "  " + (_("[yours, replaces the shipped one]") if r.overrides else _("[yours]"))
        )
        print(
            f"{r.id:<{width}}  {r.category.value:<11}{format_duration(r.duration_seconds):>10}"
            f"  {r.title}{origin}",
            file=ctx.out,
        )
    return 0


def load_routines(ctx: Context, language: str | None = None) -> Library:
    """The shipped routines and the user's, as the app loads them (in its language)."""
    from backbreak.content.loader import load_library
    from backbreak.core.i18n import current_language
    from backbreak.storage.paths import assets_dir, shipped_routines_dir

    return load_library(
        shipped_routines_dir(),
        ctx.paths.user_routines,
        assets_dir(),
        language=language or current_language(),
    )


def cmd_routines_show(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.content.translations import LANGUAGE
    from backbreak.core.guidance import KINDS
    from backbreak.core.model import BREATH_TITLES, format_duration

    routine_id: str = args.id
    language: str | None = getattr(args, "lang", None)
    if language is not None and not LANGUAGE.fullmatch(language):
        from backbreak.core.i18n import LANGUAGES
        from backbreak.core.text import brief

        said = _(
            'backbreak: "{code}" is not a language code; use one of {codes}, or one your own '
            "catalog names (locale/<code>.toml in your routines folder)"
        )
        codes = ", ".join(code for code in LANGUAGES if code != "en")
        print(said.format(code=brief(language, 40), codes=codes), file=ctx.err)
        return 2
    library = load_routines(ctx, language)
    routine = library.get(routine_id)
    if routine is None:
        skipped = [p for p in library.problems if Path(p.path).stem == routine_id]
        for problem in skipped:
            print(f"backbreak: {problem}", file=ctx.err)
        if not skipped:
            from backbreak.core.text import brief

            known = ", ".join(sorted(library.routines)) or _("none")
            ctx.fail(
                _('no routine "{id}". Known: {known}').format(id=brief(routine_id, 80), known=known)
            )
        return 1
    origin = (
        _("shipped with backbreak")
        if routine.origin == "shipped"
        else (
            _("yours, replacing the shipped one at {path}").format(path=routine.overrides)
            if routine.overrides
            else _("yours")
        )
    )
    lines = [
        _("{title}  ({id}, version {version})").format(
            title=routine.title, id=routine.id, version=routine.version
        ),
        routine.summary,
        "",
        _("Category:   {category}, {difficulty}, {duration}").format(
            category=routine.category.value,
            difficulty=routine.difficulty.value,
            duration=format_duration(routine.duration_seconds),
        ),
        _("Guidance:   {guidance} ({description})").format(
            guidance=routine.guidance.value, description=_(KINDS[routine.guidance].description)
        ),
    ]
    if routine.body_areas:
        lines.append(_("Body areas: {areas}").format(areas=", ".join(routine.body_areas)))
    lines += [_("File:       {path} ({origin})").format(path=routine.path, origin=origin), ""]
    if routine.precautions:
        lines.append(_("Before you start, check:"))
        lines += [f"  [ ] {item}" for item in routine.precautions]
        lines.append("")
    for number, step in enumerate(routine.steps, 1):
        lines.append(f"{number}. {step.title} ({_step_length(step)})")
        lines.append(
            textwrap.fill(step.instruction, 88, initial_indent="   ", subsequent_indent="   ")
        )
    if routine.breathing:
        b = routine.breathing
        pattern = " / ".join(
            _("{phase} {seconds} s").format(
                phase=mid_sentence(_(BREATH_TITLES[phase])), seconds=secs
            )
            for phase, secs in b.phases()
        )
        lines.append(
            ngettext(
                "Breathing: {pattern}; {count} breaths",
                "Breathing: {pattern}; {count} breaths",
                b.cycles,
            ).format(pattern=pattern, count=b.cycles)
        )
    if routine.thermal:
        t = routine.thermal
        plan = " → ".join(
            _("{kind} {minutes} min").format(kind=p.kind.value, minutes=p.minutes) for p in t.phases
        )
        lines.append(
            ngettext(
                "Phases: {plan}, {count} times", "Phases: {plan}, {count} times", t.repeats
            ).format(plan=plan, count=t.repeats)
            if t.repeats > 1
            else _("Phases: {plan}").format(plan=plan)
        )
    if routine.safety:
        lines += ["", _("Safety:")] + [f"  • {s}" for s in routine.safety]
    lines += ["", _("Sources:")] + [f'  • {s.cited}: "{s.quote}"' for s in routine.sources]
    lines += ["", _("When to see a professional: backbreak safety")]
    if library.language != "en":
        lines += ["", *_untranslated(library, routine.id)]
    print("\n".join(lines), file=ctx.out)
    return 0


def _step_length(step: Step) -> str:
    """How long a step lasts, for `routines show`: "20 s, each side, 5 times"."""
    from backbreak.core.model import Side

    seconds, count = step.seconds, step.reps or 0
    if not count:
        return {
            Side.BOTH: _("{seconds} s, each side"),
            Side.LEFT: _("{seconds} s, left side"),
            Side.RIGHT: _("{seconds} s, right side"),
        }.get(step.side, _("{seconds} s")).format(seconds=seconds)
    if step.side is Side.BOTH:
        said = ngettext(
            "{seconds} s, each side, {count} times", "{seconds} s, each side, {count} times", count
        )
    elif step.side is Side.LEFT:
        said = ngettext(
            "{seconds} s, left side, {count} times", "{seconds} s, left side, {count} times", count
        )
    elif step.side is Side.RIGHT:
        said = ngettext(
            "{seconds} s, right side, {count} times",
            "{seconds} s, right side, {count} times",
            count,
        )
    else:
        said = ngettext("{seconds} s, {count} times", "{seconds} s, {count} times", count)
    return said.format(seconds=seconds, count=count)


def _shipped_routines() -> dict[str, Routine]:
    from backbreak.content.loader import load_library
    from backbreak.storage.paths import assets_dir, shipped_routines_dir

    return load_library(shipped_routines_dir(), None, assets_dir()).english


def _catalog_files(folder: Path) -> list[Path]:
    """The translation catalogs beside a folder's routines: locale/<language>.toml."""
    locale = folder / "locale"
    return sorted(locale.glob("*.toml")) if locale.is_dir() else []


def _untranslated(library: Library, routine_id: str) -> list[str]:
    """Which of a routine's strings stay English in the library's language, by field."""
    from backbreak.core.i18n import LANGUAGES

    name = LANGUAGES.get(library.language, library.language)
    missing = library.missing.get(routine_id, ())
    if not missing:
        return [_("Every string is translated into {language}.").format(language=name)]
    heading = ngettext(
        "Not translated into {language}, so shown in English ({count}):",
        "Not translated into {language}, so shown in English ({count}):",
        len(missing),
    )
    advice = _("Translate them in locale/{code}.toml (`backbreak routines validate` checks it).")
    return [
        heading.format(language=name, count=len(missing)),
        *(f"  {field}" for field in missing),
        advice.format(code=library.language),
    ]


def cmd_routines_validate(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.content.loader import Problem, load_file
    from backbreak.storage.paths import assets_dir

    paths: list[str] = args.paths
    problems: list[Problem] = []
    checked = 0
    catalogs: list[Path] = []
    if not paths:
        library = load_routines(ctx, "en")
        problems = list(library.problems)
        checked = len(library) + len({p.path for p in problems})
        for folder in library.folders:
            catalogs += _catalog_files(folder)
    else:
        files: list[Path] = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("*.toml"))
                catalogs += _catalog_files(path)
            elif path.parent.name == "locale" and path.suffix == ".toml":
                catalogs.append(path)
            elif path.exists() or path.is_symlink():  # a link that loops: say so when read
                files.append(path)
            else:
                problems.append(Problem(name, "", _("no such file or folder")))
        seen: dict[str, str] = {}
        for file in files:
            routine, found = load_file(file, assets_dir(), file.parent)
            problems += found
            if routine is not None and routine.id in seen:
                problems.append(
                    Problem(
                        str(file),
                        "id",
                        _('"{id}" is also used by {path}; ids must be unique').format(
                            id=routine.id, path=seen[routine.id]
                        ),
                    )
                )
            elif routine is not None:
                seen[routine.id] = str(file)
        checked = len(files)
        if catalogs:
            library = load_routines(ctx, "en")
    if catalogs:
        from backbreak.content.translations import check, read_catalog
        from backbreak.storage.paths import shipped_routines_dir

        shipped = (shipped_routines_dir() / "locale").resolve()
        ours = {path: path.parent.resolve() == shipped for path in catalogs}
        shipped_only = _shipped_routines() if any(ours.values()) else {}
        for path in catalogs:
            # The shipped catalogs translate the shipped routines, whatever yours replace.
            against = shipped_only if ours[path] else library.english
            problems += check(read_catalog(path, path.stem), against)
        checked += len(catalogs)
    for problem in problems:
        print(f"{problem}", file=ctx.err)
    bad = len({p.path for p in problems})
    if problems:
        said = ngettext(
            "{bad} of {total} file(s) have problems ({count} in all).",
            "{bad} of {total} file(s) have problems ({count} in all).",
            bad,
        )
        print(said.format(bad=bad, total=max(checked, bad), count=len(problems)), file=ctx.err)
        return 1
    said = ngettext(
        "{count} routine file(s) checked: all valid.",
        "{count} routine file(s) checked: all valid.",
        checked,
    )
    print(said.format(count=checked), file=ctx.out)
    return 0
