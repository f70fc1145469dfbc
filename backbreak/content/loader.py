"""Load and validate routine files.

Every problem is reported with the file, the line (where TOML gives it) or the field path,
and what to do; a bad file never stops the others from loading, and nothing in the folder
(a pipe, a device, a link loop, a huge or deeply nested file) stops the app from starting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from backbreak.content.assets import asset_index, escapes, outside_assets, own_picture, top_names
from backbreak.content.checks import PROSE, Checker
from backbreak.content.checks import Problem as Problem
from backbreak.content.library import Library as Library
from backbreak.content.patterns import parse_breathing, parse_thermal
from backbreak.content.safety import SEED_TITLES
from backbreak.core.guidance import KINDS, OWNER
from backbreak.core.i18n import N_, _
from backbreak.core.model import (
    Category,
    Difficulty,
    Guidance,
    Routine,
    Side,
    Source,
    Step,
)
from backbreak.core.text import ID

# Routine files are read with storage's bounded reader: the one arrow from content to
# storage, allowed by name in pyproject.toml's layer contract.
from backbreak.fs.reading import ReadError, read_toml

MAX_FILE_BYTES = 256 * 1024


ROUTINE_KEYS = (
    "id",
    "version",
    "title",
    "category",
    "summary",
    "duration_seconds",
    "difficulty",
    "guidance",
    "tags",
    "body_areas",
    "safety",
    "steps",
    "sources",
    "breathing",
    "thermal",
    "checklist",
)
STEP_KEYS = ("title", "instruction", "seconds", "side", "reps", "image", "cue")
SOURCE_KEYS = ("file", "quote", "title")
CHECKLIST_EXAMPLE = (
    'checklist = ["A cloth between skin and pack", …]'  # not translated: a routine file's line
)
"""What a checklist looks like in a routine file (routine files are written in English)."""


def parse_routine(
    data: Mapping[str, Any], path: str, assets_dir: Path | None, own_dir: Path | None = None
) -> tuple[Routine | None, list[Problem]]:
    """Validate one parsed TOML document. Returns the routine only when it has no problems."""
    c = Checker(path)
    c.keys(data, ROUTINE_KEYS, "")
    rid = c.get(data, "id", str, "")
    if rid is not None and not ID.fullmatch(rid):
        c.add("id", _('"{id}" must be lowercase letters, digits and single hyphens').format(id=rid))
    version = c.integer(data, "version", "", 1, 10_000)
    title = c.text(data, "title", "", 60)
    category = c.choice(data, "category", "", Category, [x.value for x in Category])
    summary = c.text(data, "summary", "", 140)
    total = c.integer(data, "duration_seconds", "", 5, 4 * 3600)
    difficulty = c.choice(
        data,
        "difficulty",
        "",
        Difficulty,
        [x.value for x in Difficulty],
        required=False,
        default=Difficulty.GENTLE,
    )
    guidance = c.choice(
        data,
        "guidance",
        "",
        Guidance,
        [x.value for x in Guidance],
        required=False,
        default=Guidance.STRETCH,
    )
    tags = c.strings(data, "tags", "", max_len=60)
    areas = c.strings(data, "body_areas", "", max_len=60)
    safety = c.strings(data, "safety", "")

    kind = KINDS[guidance or Guidance.STRETCH]
    precautions = c.strings(data, "checklist", "")  # the file's word; the model's: precautions
    for table, owner in OWNER.items():  # a kind's own table: required there, refused elsewhere
        if table in data and owner is not kind.guidance:
            c.add(
                table,
                _('a [{table}] table needs guidance = "{guidance}"').format(
                    table=table, guidance=owner.value
                ),
            )
        elif table not in data and kind.table == table:
            c.add(
                table,
                _("missing; a {guidance} routine needs its [{table}] table").format(
                    guidance=owner.value, table=table
                ),
            )
    breathing = parse_breathing(c, data) if kind.guidance is Guidance.BREATHING else None
    thermal = parse_thermal(c, data) if kind.guidance is Guidance.THERMAL else None
    if kind.needs_precautions and not precautions:  # missing, empty or no usable item
        c.add(
            "checklist",
            _(
                "a heat or cold routine never starts without its safety checklist (see "
                "CONTENT.md): {example}"
            ).format(example=CHECKLIST_EXAMPLE),
        )

    steps: list[Step] = []
    paced = breathing is not None or thermal is not None
    raw_steps = c.get(data, "steps", list, "", required=kind.steps_required, default=[])
    if raw_steps == [] and "steps" in data and not paced:
        c.add("steps", _("needs at least one step ([[steps]] table)"))
    for i, raw in enumerate(raw_steps):
        where = f"steps[{i + 1}]."
        if not isinstance(raw, dict):
            c.add(where[:-1], _("must be a table ([[steps]])"))
            continue
        step = _parse_step(c, raw, where, assets_dir, own_dir)
        if step is not None:
            steps.append(step)

    sources: list[Source] = []
    raw_sources = c.get(data, "sources", list, "", default=[])
    if not raw_sources and "sources" in data:
        c.add("sources", _("cite at least one source ([[sources]] with file and quote)"))
    for i, raw in enumerate(raw_sources):
        where = f"sources[{i + 1}]."
        if not isinstance(raw, dict):
            c.add(where[:-1], _("must be a table ([[sources]])"))
            continue
        c.keys(raw, SOURCE_KEYS, where)
        file = c.text(raw, "file", where, 200)
        quote = c.text(raw, "quote", where, 400, allow=PROSE)
        named = c.text(raw, "title", where, 200, required=False)
        if file and quote:
            sources.append(Source(file, quote, named or SEED_TITLES.get(file, "")))

    if c.problems:
        return None, c.problems
    played = (
        sum(s.seconds * (2 if s.side is Side.BOTH else 1) for s in steps)
        + (breathing.total_seconds if breathing else 0)
        + (thermal.total_seconds if thermal else 0)
    )
    if played != total:
        c.add(
            "duration_seconds",
            _(
                'is {total} but the steps, breaths and phases add up to {played} (a "both" '
                "step counts twice); set it to {played} or fix them"
            ).format(total=total, played=played),
        )
        return None, c.problems
    assert rid and version and title and category and summary and total
    return Routine(
        id=rid,
        version=version,
        title=title,
        category=category,
        summary=summary,
        duration_seconds=total,
        difficulty=difficulty,
        guidance=guidance,
        steps=tuple(steps),
        sources=tuple(sources),
        tags=tags,
        body_areas=areas,
        safety=safety,
        path=path,
        breathing=breathing,
        thermal=thermal,
        precautions=precautions,
    ), []


def _parse_step(
    c: Checker,
    raw: Mapping[str, Any],
    where: str,
    assets_dir: Path | None,
    own_dir: Path | None = None,
) -> Step | None:
    before = len(c.problems)
    c.keys(raw, STEP_KEYS, where)
    title = c.text(raw, "title", where, 60)
    instruction = c.text(raw, "instruction", where, 600, allow=PROSE)
    seconds = c.integer(raw, "seconds", where, 3, 3600)
    side = c.choice(
        raw, "side", where, Side, [x.value for x in Side], required=False, default=Side.NONE
    )
    reps = c.integer(raw, "reps", where, 1, 100, required=False)
    image = c.text(raw, "image", where, 200, required=False, allow=None)  # checked below
    cue = c.text(raw, "cue", where, 60, required=False)
    words = f"{instruction or ''} {cue or ''}"
    if side is Side.NONE and ("{side}" in words or "{other}" in words):
        c.add(
            f"{where}instruction",
            # TRANSLATORS: {side} and {other} are shown as they are: the placeholders a routine
            # file writes in its instructions.
            _(
                'names {side} or {other}, but the step has no side: add side = "both" (or '
                '"left" or "right")'
            ).format(side="{side}", other="{other}"),
        )
    own = own_picture(image, own_dir) if image and own_dir is not None else (None, None)
    if own[1] is not None:
        c.add(f"{where}image", own[1])
    elif own[0] is not None:
        image = own[0]  # the user's own picture, found inside their routines folder
    elif image:
        unsafe = outside_assets(image, assets_dir)
        if unsafe:
            c.add(f"{where}image", unsafe)
        elif assets_dir is not None and PurePosixPath(image).as_posix() not in asset_index(
            assets_dir
        ):
            missing = (
                _(
                    '"{image}" not found under {assets} or in your routines folder {own}; check '
                    "the path or remove the key"
                )
                if own_dir is not None
                else _('"{image}" not found under {assets}; check the path or remove the key')
            )
            c.add(f"{where}image", missing.format(image=image, assets=assets_dir, own=own_dir))
    if len(c.problems) > before or title is None or instruction is None or seconds is None:
        return None
    return Step(title, instruction, seconds, side, reps, image, cue)


def load_file(
    path: Path, assets_dir: Path | None, own_dir: Path | None = None
) -> tuple[Routine | None, list[Problem]]:
    """Read, parse and validate one file; anything wrong becomes a Problem, never an error.

    Only a regular file is read, without blocking and at most MAX_FILE_BYTES of it (a named
    pipe, a device or a folder called x.toml is named, not opened for long).
    """
    shown = str(path)
    try:
        data = read_toml(path, MAX_FILE_BYTES, N_("a routine file"))
    except ReadError as err:
        return None, [Problem(shown, err.where_in(_), err.reason_in(_))]
    routine, problems = parse_routine(data, shown, assets_dir, own_dir)
    if routine is not None and routine.id != path.stem:
        problems = [
            Problem(
                shown,
                "id",
                _(
                    '"{id}" differs from the file name; rename the file to {id}.toml or change '
                    "the id"
                ).format(id=routine.id),
            )
        ]
        routine = None
    return routine, problems


def load_library(
    shipped_dir: Path,
    user_dir: Path | None,
    assets_dir: Path | None,
    user_assets_dir: Path | None = None,
    language: str = "en",
) -> Library:
    """Shipped routines, then the user's: a user file with the same id replaces the shipped
    one. In `language`, where the folders' `locale/<language>.toml` translate them."""
    library = Library(folders=[shipped_dir] + ([user_dir] if user_dir is not None else []))
    seen: dict[str, str] = {}
    asset_index.cache_clear()  # pick up pictures added since the last load
    top_names.cache_clear()
    for origin, folder, assets in (
        ("shipped", shipped_dir, assets_dir),
        ("user", user_dir, user_assets_dir or assets_dir),
    ):
        if folder is None or not folder.is_dir():
            if folder is not None and origin == "user" and _there(folder):
                library.problems.append(
                    Problem(
                        str(folder),
                        "",
                        _(
                            "is not a folder (or cannot be opened), so none of your routines "
                            "were read; your routine files belong in a folder of that name"
                        ),
                    )
                )
            continue
        for path in sorted(folder.glob("*.toml")):
            target = escapes(path, folder)
            if target is not None:
                library.problems.append(
                    Problem(
                        str(path),
                        "",
                        _(
                            "is a link to {target}, outside {folder}; routines are read only "
                            "from inside the folder, so copy the file here instead"
                        ).format(target=target, folder=folder),
                    )
                )
                continue
            # A user's routine may show pictures from its own folder (a handout).
            own = folder if origin == "user" else None
            routine, problems = load_file(path, assets, own)
            if problems:
                library.problems.extend(problems)
                continue
            assert routine is not None
            key = f"{origin}:{routine.id}"
            if key in seen:
                library.problems.append(
                    Problem(
                        str(path),
                        "id",
                        _('"{id}" is also used by {path}; ids must be unique').format(
                            id=routine.id, path=seen[key]
                        ),
                    )
                )
                continue
            seen[key] = str(path)
            previous = library.routines.get(routine.id)
            overrides = previous.path if previous is not None and origin == "user" else None
            library.routines[routine.id] = _with_origin(routine, origin, overrides)
    library.english = dict(library.routines)
    library.use_language(language)
    return library


def _there(path: Path) -> bool:
    """Something is at `path`, even a link that loops or leads nowhere."""
    try:
        path.lstat()
    except (OSError, ValueError):
        return False
    return True


def _with_origin(routine: Routine, origin: str, overrides: str | None) -> Routine:
    from dataclasses import replace

    return replace(routine, origin=origin, overrides=overrides)
