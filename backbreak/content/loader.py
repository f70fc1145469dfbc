"""Load and validate routine files.

Every problem is reported with the file, the line (where TOML gives it) or the field path,
and what to do; a bad file never stops the others from loading.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from backbreak.core.model import (
    BreathingPattern,
    Category,
    Difficulty,
    Guidance,
    Routine,
    Side,
    Source,
    Step,
    ThermalKind,
    ThermalPhase,
    ThermalPlan,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one routine file, said so its author can fix it."""

    path: str
    where: str  # "line 12" or a field path like "steps[2].seconds"
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.where}: {self.message}"
            if self.where
            else f"{self.path}: {self.message}"
        )


@dataclass
class Library:
    """The routines in effect, in a stable order, plus what was skipped and why."""

    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def __iter__(self) -> Any:
        return iter(self.routines.values())

    def __len__(self) -> int:
        return len(self.routines)


class _Checker:
    """Collects field problems for one file; `need` and friends read typed values."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, where, message))

    def keys(self, table: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.add(f"{where}{key}", f"unknown key; allowed here: {hint}")

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        if key not in table:
            if required:
                self.add(f"{where}{key}", "missing; add it")
            return default
        value = table[key]
        # bool is an int in Python; a TOML true is never a number here.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.add(f"{where}{key}", f"must be {_kind_name(kind)}, not {_toml_type(value)}")
            return default
        return value

    def text(
        self, table: Mapping[str, Any], key: str, where: str, max_len: int, required: bool = True
    ) -> str | None:
        value = self.get(table, key, str, where, required)
        if value is None:
            return None
        if not value.strip():
            self.add(f"{where}{key}", "must not be empty")
        elif len(value) > max_len:
            self.add(f"{where}{key}", f"is {len(value)} characters; keep it to {max_len}")
        return str(value)

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        low: int,
        high: int,
        required: bool = True,
    ) -> int | None:
        value = self.get(table, key, int, where, required)
        if value is None:
            return None
        if not low <= value <= high:
            self.add(f"{where}{key}", f"is {value}; must be between {low} and {high}")
        return int(value)

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        make: Callable[[str], Any],
        options: Iterable[str],
        required: bool = True,
        default: Any = None,
    ) -> Any:
        value = self.get(table, key, str, where, required)
        if value is None:
            return default
        try:
            return make(value)
        except ValueError:
            self.add(f"{where}{key}", f'"{value}" is not one of: {", ".join(options)}')
            return default

    def strings(
        self, table: Mapping[str, Any], key: str, where: str, required: bool = False
    ) -> tuple[str, ...]:
        value = self.get(table, key, list, where, required, default=[])
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}{key}[{i}]", "must be a non-empty string")
            else:
                out.append(item)
        return tuple(out)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "a whole number",
        list: "a list",
        dict: "a table",
        bool: "true or false",
        float: "a number",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _toml_type(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


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
BREATHING_KEYS = ("inhale", "hold_in", "exhale", "hold_out", "cycles")
THERMAL_KEYS = ("repeats", "phases")
PHASE_KEYS = ("kind", "minutes", "instruction")
STEP_KEYS = ("title", "instruction", "seconds", "side", "reps", "image", "cue")
SOURCE_KEYS = ("file", "quote")


def parse_routine(
    data: Mapping[str, Any], path: str, assets_dir: Path | None
) -> tuple[Routine | None, list[Problem]]:
    """Validate one parsed TOML document. Returns the routine only when it has no problems."""
    c = _Checker(path)
    c.keys(data, ROUTINE_KEYS, "")
    rid = c.get(data, "id", str, "")
    if rid is not None and not ID_RE.match(rid):
        c.add("id", f'"{rid}" must be lowercase letters, digits and single hyphens')
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
    tags = c.strings(data, "tags", "")
    areas = c.strings(data, "body_areas", "")
    safety = c.strings(data, "safety", "")

    checklist = c.strings(data, "checklist", "")
    breathing = _parse_breathing(c, data, guidance)
    thermal = _parse_thermal(c, data, guidance)
    if guidance is Guidance.THERMAL and not checklist and "checklist" not in data:
        c.add(
            "checklist",
            "a heat or cold routine needs its safety checklist (see CONTENT.md):"
            ' checklist = ["A cloth between skin and pack", …]',
        )

    steps: list[Step] = []
    paced = breathing is not None or thermal is not None
    raw_steps = c.get(
        data,
        "steps",
        list,
        "",
        required=not paced and "breathing" not in data and "thermal" not in data,
        default=[],
    )
    if raw_steps == [] and "steps" in data and not paced:
        c.add("steps", "needs at least one step ([[steps]] table)")
    for i, raw in enumerate(raw_steps):
        where = f"steps[{i + 1}]."
        if not isinstance(raw, dict):
            c.add(where[:-1], "must be a table ([[steps]])")
            continue
        step = _parse_step(c, raw, where, assets_dir)
        if step is not None:
            steps.append(step)

    sources: list[Source] = []
    raw_sources = c.get(data, "sources", list, "", default=[])
    if not raw_sources and "sources" in data:
        c.add("sources", "cite at least one source ([[sources]] with file and quote)")
    for i, raw in enumerate(raw_sources):
        where = f"sources[{i + 1}]."
        if not isinstance(raw, dict):
            c.add(where[:-1], "must be a table ([[sources]])")
            continue
        c.keys(raw, SOURCE_KEYS, where)
        file = c.text(raw, "file", where, 200)
        quote = c.text(raw, "quote", where, 400)
        if file and quote:
            sources.append(Source(file, quote))

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
            f'is {total} but the steps, breaths and phases add up to {played} (a "both" '
            f"step counts twice); set it to {played} or fix them",
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
        checklist=checklist,
    ), []


def _parse_breathing(
    c: _Checker, data: Mapping[str, Any], guidance: Guidance | None
) -> BreathingPattern | None:
    raw = c.get(data, "breathing", dict, "", required=guidance is Guidance.BREATHING)
    if raw is None:
        return None
    if guidance is not Guidance.BREATHING:
        c.add("breathing", 'a [breathing] pattern needs guidance = "breathing"')
        return None
    c.keys(raw, BREATHING_KEYS, "breathing.")
    inhale = c.integer(raw, "inhale", "breathing.", 1, 20)
    exhale = c.integer(raw, "exhale", "breathing.", 1, 30)
    hold_in = c.integer(raw, "hold_in", "breathing.", 0, 30, required=False) or 0
    hold_out = c.integer(raw, "hold_out", "breathing.", 0, 30, required=False) or 0
    cycles = c.integer(raw, "cycles", "breathing.", 1, 100)
    if inhale is None or exhale is None or cycles is None:
        return None
    return BreathingPattern(inhale, exhale, hold_in, hold_out, cycles)


def _parse_thermal(
    c: _Checker, data: Mapping[str, Any], guidance: Guidance | None
) -> ThermalPlan | None:
    raw = c.get(data, "thermal", dict, "", required=guidance is Guidance.THERMAL)
    if raw is None:
        return None
    if guidance is not Guidance.THERMAL:
        c.add("thermal", 'a [thermal] plan needs guidance = "thermal"')
        return None
    c.keys(raw, THERMAL_KEYS, "thermal.")
    repeats = c.integer(raw, "repeats", "thermal.", 1, 5, required=False) or 1
    phases: list[ThermalPhase] = []
    raw_phases = c.get(raw, "phases", list, "thermal.", default=[])
    if not raw_phases and "phases" in raw:
        c.add("thermal.phases", "needs at least one phase ([[thermal.phases]])")
    for i, phase in enumerate(raw_phases):
        where = f"thermal.phases[{i + 1}]."
        if not isinstance(phase, dict):
            c.add(where[:-1], "must be a table ([[thermal.phases]])")
            continue
        c.keys(phase, PHASE_KEYS, where)
        kind = c.choice(phase, "kind", where, ThermalKind, [k.value for k in ThermalKind])
        # Heat or cold: 15 to 20 minutes at most per application (CONTENT.md).
        longest = 60 if kind is ThermalKind.REST else 20
        minutes = c.integer(phase, "minutes", where, 1, longest)
        instruction = c.text(phase, "instruction", where, 400, required=False) or ""
        if kind is not None and minutes is not None:
            phases.append(ThermalPhase(kind, minutes, instruction))
    return ThermalPlan(tuple(phases), repeats) if phases else None


def _parse_step(
    c: _Checker, raw: Mapping[str, Any], where: str, assets_dir: Path | None
) -> Step | None:
    before = len(c.problems)
    c.keys(raw, STEP_KEYS, where)
    title = c.text(raw, "title", where, 60)
    instruction = c.text(raw, "instruction", where, 600)
    seconds = c.integer(raw, "seconds", where, 3, 3600)
    side = c.choice(
        raw, "side", where, Side, [x.value for x in Side], required=False, default=Side.NONE
    )
    reps = c.integer(raw, "reps", where, 1, 100, required=False)
    image = c.text(raw, "image", where, 200, required=False)
    cue = c.text(raw, "cue", where, 60, required=False)
    if image:
        unsafe = _outside_assets(image, assets_dir)
        if unsafe:
            c.add(
                f"{where}image",
                f'"{image}" must stay inside the assets folder, but it '
                f'{unsafe}; write a path like "illustrations/neck-side-tilt.svg"',
            )
        elif assets_dir is not None and PurePosixPath(image).as_posix() not in _asset_index(
            assets_dir
        ):
            c.add(
                f"{where}image",
                f'"{image}" not found under {assets_dir}; check the path or remove the key',
            )
    if len(c.problems) > before or title is None or instruction is None or seconds is None:
        return None
    return Step(title, instruction, seconds, side, reps, image, cue)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"[A-Za-z]:")  # C:, C:foo and C:/foo (backslashes are refused before)


def _outside_assets(image: str, assets_dir: Path | None) -> str | None:
    """Why `image` could reach a file outside the assets folder, or None when it cannot.

    A routine file is data anyone can share: it must never make the app open another file of
    the user's (an absolute path, "..", "~", a Windows drive, or a link leading out).
    """
    if _CONTROL.search(image):
        return "contains a control character"
    if "\\" in image:
        return "uses a backslash (write paths with forward slashes)"
    posix = PurePosixPath(image)
    if posix.is_absolute() or _DRIVE.match(image):
        return "is an absolute path"
    if image.startswith("~"):
        return "points into a home folder (~)"
    if ".." in posix.parts:
        return 'climbs out with ".."'
    if assets_dir is None or posix.as_posix() in _inside_assets(assets_dir):
        return None
    try:  # not a file known to lie inside: missing (said later), or a link that leads out
        root = assets_dir.resolve()
        target = (assets_dir / posix).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a name the OS refuses
        return "cannot be followed"
    if not target.is_relative_to(root):
        return "is a link that leads out of it"
    return None


def _escapes(path: Path, folder: Path) -> Path | None:
    """Where `path` really leads, when that is outside `folder` (a link); None when inside."""
    try:
        target = path.resolve()
        return None if target.is_relative_to(folder.resolve()) else target
    except (OSError, RuntimeError, ValueError):  # a link loop: reading it will say so
        return None


@lru_cache(maxsize=8)
def _inside_assets(assets_dir: Path) -> frozenset[str]:
    """The asset files that really lie inside the folder (links followed), resolved once
    per folder instead of once per step: 200 routine files would otherwise take 40 ms more."""
    try:
        root = assets_dir.resolve()
    except (OSError, RuntimeError):
        return frozenset()
    inside = set()
    for relative in _asset_index(assets_dir):
        try:
            if (assets_dir / relative).resolve().is_relative_to(root):
                inside.add(relative)
        except (OSError, RuntimeError, ValueError):
            continue
    return frozenset(inside)


@lru_cache(maxsize=8)
def _asset_index(assets_dir: Path) -> frozenset[str]:
    """Every file under the assets folder, listed once instead of a stat per step."""
    if not assets_dir.is_dir():
        return frozenset()
    return frozenset(
        p.relative_to(assets_dir).as_posix() for p in assets_dir.rglob("*") if p.is_file()
    )


def load_file(path: Path, assets_dir: Path | None) -> tuple[Routine | None, list[Problem]]:
    """Read, parse and validate one file; any I/O or syntax error becomes a Problem."""
    shown = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown,
                    "",
                    f"file is larger than {MAX_FILE_BYTES // 1024} KiB; is it really a routine?",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, "", f"cannot read it ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_problem(shown, exc, text)]
    routine, problems = parse_routine(data, shown, assets_dir)
    if routine is not None and routine.id != path.stem:
        problems = [
            Problem(
                shown,
                "id",
                f'"{routine.id}" differs from the file name; '
                f"rename the file to {routine.id}.toml or change the id",
            )
        ]
        routine = None
    return routine, problems


def _syntax_problem(path: str, exc: tomllib.TOMLDecodeError, text: str) -> Problem:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        reason = message[: match.start()].strip()
        return Problem(
            path, f"line {match.group(1)}, column {match.group(2)}", f"TOML syntax error: {reason}"
        )
    if "(at end of document)" in message:
        reason = message.replace("(at end of document)", "").strip()
        last = max(1, len(text.rstrip("\n").splitlines()))
        return Problem(
            path,
            f"line {last} (end of file)",
            f"TOML syntax error: {reason}; is something missing at the end?",
        )
    return Problem(path, "", f"TOML syntax error: {message}")


def load_library(
    shipped_dir: Path,
    user_dir: Path | None,
    assets_dir: Path | None,
    user_assets_dir: Path | None = None,
) -> Library:
    """Shipped routines, then the user's: a user file with the same id replaces the shipped one."""
    library = Library()
    seen: dict[str, str] = {}
    _asset_index.cache_clear()  # pick up pictures added since the last load
    for origin, folder, assets in (
        ("shipped", shipped_dir, assets_dir),
        ("user", user_dir, user_assets_dir or assets_dir),
    ):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            target = _escapes(path, folder)
            if target is not None:
                library.problems.append(
                    Problem(
                        str(path),
                        "",
                        f"is a link to {target}, outside {folder}; routines are read"
                        " only from inside the folder, so copy the file here instead",
                    )
                )
                continue
            routine, problems = load_file(path, assets)
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
                        f'"{routine.id}" is also used by {seen[key]}; ids must be unique',
                    )
                )
                continue
            seen[key] = str(path)
            previous = library.routines.get(routine.id)
            overrides = previous.path if previous is not None and origin == "user" else None
            library.routines[routine.id] = _with_origin(routine, origin, overrides)
    return library


def _with_origin(routine: Routine, origin: str, overrides: str | None) -> Routine:
    from dataclasses import replace

    return replace(routine, origin=origin, overrides=overrides)
