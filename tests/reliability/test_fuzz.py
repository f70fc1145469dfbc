"""Fuzzing the three ways files from outside get into backbreak: routines, settings, import.

Whatever the input, the outcome is a clear problem, that is a message a person can act on,
and never an uncaught exception. Nothing is written outside the profile folder. A settings
file that cannot be read is kept, byte for byte. Each input comes in two forms: raw bytes,
which test the parsers, and documents built from the real keys with random values, which
test the validators behind them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from backbreak.cli import main
from backbreak.content.loader import (
    ROUTINE_KEYS,
    SOURCE_KEYS,
    STEP_KEYS,
    load_file,
    load_library,
)
from backbreak.content.patterns import BREATHING_KEYS, PHASE_KEYS, THERMAL_KEYS
from backbreak.core.events import EventKind, LogEntry
from backbreak.core.model import Category, Difficulty, Side
from backbreak.core.settings import OPTIONS, Settings
from backbreak.core.settings_toml import to_toml
from backbreak.storage.db import open_log, read_log
from backbreak.storage.exchange import FIELDS, to_csv, to_json
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import load_settings, save_settings
from tests.reliability.audit import Recorder, watch

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def fuzz(**changes: Any) -> settings:
    """The CI profile (conftest), plus: big generated documents are the point here."""
    return settings(
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
        ],
        **changes,
    )


# -- the profile each example runs in -----------------------------------------------------


@pytest.fixture
def profiles(tmp_path: Path) -> Iterator[Path]:
    """A base folder for a fresh profile per example (fixtures are made once per test)."""
    base = tmp_path / "profiles"
    base.mkdir()
    yield base
    shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def fresh_profile(base: Path) -> Iterator[AppPaths]:
    home = Path(tempfile.mkdtemp(dir=base))
    os.environ["BACKBREAK_HOME"] = str(home)  # the autouse fixture restores it afterwards
    try:
        yield AppPaths.from_environment()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def profile_root(paths: AppPaths) -> Path:
    return paths.config_dir.parent  # BACKBREAK_HOME: every profile folder is under it


def assert_stayed_inside(seen: Recorder, folder: Path) -> None:
    assert seen.writes_outside(folder) == [], "wrote outside the profile"


def files_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- TOML out of Python values (the test writes what a person could have typed) -----------


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(type(value))


def toml_document(data: dict[str, Any]) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())


# -- values of every TOML type ------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
SCALARS = st.one_of(
    TEXT,
    st.integers(),
    st.integers(-10, 5000),
    st.floats(),
    st.booleans(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.dates(),
    st.times(),
    st.sampled_from(["", " ", "0", "-1", "50m", "true", "../x", "\u202e", "\0"]),
)
# Scalars as often as containers: a recursive strategy alone mostly draws lists and tables.
ANY = SCALARS | st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
KEYS = (
    st.sampled_from(
        sorted(
            {*ROUTINE_KEYS, *STEP_KEYS, *SOURCE_KEYS, *BREATHING_KEYS, *THERMAL_KEYS, *PHASE_KEYS}
        )
    )
    | TEXT
)


# -- routine files ------------------------------------------------------------------------

# Names and titles a person could write and a terminal can show: any script, symbol or emoji,
# not control characters, line separators or bidi overrides (those are refused, see ANY).
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
WORDS = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters=BIDI),
    min_size=1,
    max_size=40,
).filter(str.strip)
IMAGES = (
    st.sampled_from(
        [
            "pic.svg",
            "illustrations/pic.svg",
            "link.svg",
            "nope.svg",
            "../pic.svg",
            "/etc/passwd",
            "~/pic.svg",
            "C:\\pic.svg",
            "C:/pic.svg",
            "illustrations/../link.svg",
            "",
            "illustrations/",
            ".",
            "illustrations/../../outside.svg",
        ]
    )
    | TEXT
)


@st.composite
def valid_routine(draw: st.DrawFn) -> dict[str, Any]:
    """A routine the loader must accept: every required key, right types, a true duration."""
    rid = draw(st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z"))
    doc: dict[str, Any] = {
        "id": rid,
        "version": draw(st.integers(1, 10_000)),
        "title": draw(WORDS),
        "summary": draw(WORDS),
        "category": draw(st.sampled_from([c.value for c in Category])),
        "difficulty": draw(st.sampled_from([d.value for d in Difficulty])),
        "tags": draw(st.lists(WORDS, max_size=3)),
        "safety": draw(st.lists(WORDS, max_size=2)),
        "sources": [{"file": draw(WORDS), "quote": draw(WORDS)}],
    }
    shape = draw(st.sampled_from(["steps", "breathing", "thermal"]))
    total = 0
    if shape == "breathing":
        doc["guidance"] = "breathing"
        breathing = {
            "inhale": draw(st.integers(1, 20)),
            "exhale": draw(st.integers(1, 30)),
            "hold_in": draw(st.integers(0, 30)),
            "cycles": draw(st.integers(1, 100)),
        }
        doc["breathing"] = breathing
        total += (breathing["inhale"] + breathing["exhale"] + breathing["hold_in"]) * breathing[
            "cycles"
        ]
    elif shape == "thermal":
        doc["guidance"] = "thermal"
        doc["checklist"] = draw(st.lists(WORDS, min_size=1, max_size=3))
        phases = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"kind": st.sampled_from(["heat", "cold"]), "minutes": st.integers(1, 20)}
                ),
                min_size=1,
                max_size=3,
            )
        )
        doc["thermal"] = {"phases": phases, "repeats": draw(st.integers(1, 5))}
        total += sum(p["minutes"] for p in phases) * 60 * doc["thermal"]["repeats"]
    else:
        steps = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"title": WORDS, "instruction": WORDS, "seconds": st.integers(3, 600)},
                    optional={
                        "side": st.sampled_from([s.value for s in Side]),
                        "reps": st.integers(1, 100),
                        "image": st.just("pic.svg"),
                        "cue": WORDS,
                    },
                ),
                min_size=1,
                max_size=4,
            )
        )
        doc["steps"] = steps
        total += sum(s["seconds"] * (2 if s.get("side") == "both" else 1) for s in steps)
    if total < 5 or total > 4 * 3600:
        doc.pop("breathing", None)
        doc.pop("thermal", None)
        doc.pop("checklist", None)
        doc["guidance"] = "stretch"
        doc["steps"] = [{"title": "Settle", "instruction": "Breathe out slowly.", "seconds": 20}]
        total = 20
    doc["duration_seconds"] = total
    return doc


def containers(node: Any) -> Iterator[dict[str, Any] | list[Any]]:
    if isinstance(node, dict | list):
        yield node
        for child in node.values() if isinstance(node, dict) else node:
            yield from containers(child)


@st.composite
def mutated_routine(draw: st.DrawFn, max_changes: int = 4) -> tuple[dict[str, Any], int, str]:
    """A valid routine with a few keys removed, retyped, set to edge values or added; a step's
    picture or the id changed. Returns it, how many changes, and the file's name (the id the
    routine had before the changes)."""
    doc = draw(valid_routine())
    stem = doc["id"]
    changes = draw(st.integers(0, max_changes))
    for _ in range(changes):
        # Pictures and ids are where a file name meets the file system: change them often.
        action = draw(st.sampled_from(["replace", "delete", "add", "image", "image", "id"]))
        steps = (
            [s for s in doc.get("steps", []) if isinstance(s, dict)]
            if isinstance(doc.get("steps"), list)
            else []
        )
        if action == "image" and steps:
            draw(st.sampled_from(steps))["image"] = draw(IMAGES)
            continue
        if action == "id":
            doc["id"] = draw(st.sampled_from([stem + "-2", "other", stem.upper()]) | ANY)
            continue
        node = draw(st.sampled_from(list(containers(doc))))
        if isinstance(node, dict):
            if action == "add" or not node:
                node[draw(KEYS)] = draw(ANY)
            else:
                key = draw(st.sampled_from(sorted(node)))
                if action == "delete":
                    del node[key]
                else:
                    node[key] = draw(ANY | IMAGES)
        elif action == "add" or not node:
            node.append(draw(ANY))
        else:
            index = draw(st.integers(0, len(node) - 1))
            if action == "delete":
                del node[index]
            else:
                node[index] = draw(ANY)
    return doc, changes, stem


@st.composite
def mangled_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """Bytes of a real file with some flipped, cut, inserted or the file truncated."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if action == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(
                st.binary(max_size=8)
                | st.sampled_from(
                    [b'"', b"[", b"]]", b"=", b"\n", b"\\", b"\xff", b"\x00", b"{", b","]
                )
            )
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


BOM = b"\xef\xbb\xbf"


@st.composite
def deep_document(draw: st.DrawFn) -> tuple[str, int]:
    """A document nesting `depth` levels: in brackets, braces, dotted keys or a header.
    Mostly far past any limit (tomllib recurses per level), sometimes close to it."""
    depth = draw(st.integers(1, 3000) | st.integers(28, 36))
    style = draw(st.sampled_from(["list", "inline", "dotted", "header"]))
    text = {
        "list": "x = " + "[" * depth + "]" * depth,
        "inline": "x = " + "{a=" * depth + "1" + "}" * depth,
        "dotted": "a" + ".a" * (depth - 1) + " = 1",
        "header": "[a" + ".a" * (depth - 1) + "]",
    }[style]
    return text + "\n", depth


# Where a file belongs, anything the file system can hold (each must leave the read at once).
ODD_KINDS = ("fifo", "folder", "loop", "dangling", "dev-zero", "socket", "fifo-link")


def plant(kind: str, path: Path) -> None:
    """Something other than a regular file at `path`."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "dangling":
        path.symlink_to(path.with_name("nothing-here"))
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo-link":
        os.mkfifo(path.with_name(path.name + ".pipe"))
        path.symlink_to(path.with_name(path.name + ".pipe"))
    else:
        import socket

        here = Path.cwd()
        os.chdir(path.parent)  # a socket's path is limited to ~100 bytes: bind a short one
        try:
            with socket.socket(socket.AF_UNIX) as listener:
                listener.bind(path.name)
        finally:
            os.chdir(here)


def kind_of(path: Path) -> str:
    import stat

    return stat.filemode(path.lstat().st_mode)[0]


ROUTINE_TEXT = toml_document(
    {
        "id": "neck-release",
        "version": 1,
        "title": "Neck release",
        "category": "stretch",
        "summary": "Loosen a stiff neck.",
        "duration_seconds": 50,
        "steps": [
            {
                "title": "Tilt",
                "instruction": "Ear to shoulder.",
                "seconds": 20,
                "side": "both",
                "image": "pic.svg",
            },
            {"title": "Breathe", "instruction": "Sit tall.", "seconds": 10},
        ],
        "sources": [{"file": "000_x.txt", "quote": "take short breaks"}],
    }
).encode()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "illustrations").mkdir(parents=True)
    (folder / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "illustrations" / "pic.svg").write_text("<svg/>")
    outside = tmp_path / "outside.svg"
    outside.write_text("<svg><!-- not the app's --></svg>")
    with contextlib.suppress(OSError, NotImplementedError):
        (folder / "link.svg").symlink_to(outside)
    return folder


def check_routine_result(path: Path, assets: Path, routine: Any, problems: list[Any]) -> None:
    """What the app and `routines validate` rely on: a routine or reasons, never both."""
    assert (routine is None) == bool(problems)
    for problem in problems:
        assert problem.path == str(path)
        assert isinstance(problem.message, str) and problem.message.strip()
        assert str(problem)
    if routine is not None:
        assert routine.id == path.stem
        for step in routine.steps:
            if step.image:
                target = (assets / step.image).resolve()
                assert target.is_relative_to(assets.resolve()) and target.is_file()


@fuzz()
@given(
    raw=st.binary(max_size=3000)
    | mangled_bytes(ROUTINE_TEXT)
    | mangled_bytes(BOM + ROUTINE_TEXT)
    | deep_document().map(lambda d: d[0].encode())
)
def test_any_bytes_in_a_routine_file_give_problems_not_a_crash(profiles, assets, raw: bytes):
    """Raw bytes, mostly to test the TOML and UTF-8 layers and the messages built on them."""
    with fresh_profile(profiles) as paths:
        paths.user_routines.mkdir(parents=True)
        path = paths.user_routines / "neck-release.toml"
        path.write_bytes(raw)
        with watch() as seen:
            routine, problems = load_file(path, assets)
        assert seen.writes == [], "reading a routine changed files"
        check_routine_result(path, assets, routine, problems)


@fuzz()
@given(case=mutated_routine(), bom=st.booleans())
def test_any_routine_document_is_validated_with_reasons(
    profiles, assets, case: tuple[dict[str, Any], int, str], bom: bool
):
    """Well-formed TOML with the real keys and random values: this exercises the validator.
    An unchanged document must load (with or without a byte-order mark, as Windows editors
    save it), which shows the generator reaches the deep paths."""
    doc, changes, stem = case
    with fresh_profile(profiles) as paths:
        paths.user_routines.mkdir(parents=True)
        path = paths.user_routines / f"{stem}.toml"
        text = toml_document(doc)
        note(text)
        path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
        with watch() as seen:
            routine, problems = load_file(path, assets)
        assert seen.writes == []
        check_routine_result(path, assets, routine, problems)
        if changes == 0:
            assert problems == [] and routine is not None


@fuzz()
@given(doc=valid_routine(), field=st.sampled_from(["image", "id"]), data=st.data())
def test_a_routine_changed_in_one_name_loads_exactly_when_the_name_is_right(
    profiles, assets, doc: dict[str, Any], field: str, data: st.DataObject
):
    """Names are where a routine meets the file system. With one picture or the id changed,
    the routine loads if and only if the name is right: the picture is a file inside the
    assets folder (not a link that leads out of it), and the id matches the file's name."""
    stem = doc["id"]
    if field == "image":
        if "steps" not in doc:
            doc["steps"] = [{"title": "Settle", "instruction": "Breathe.", "seconds": 3}]
            doc["duration_seconds"] += 3
        value = data.draw(IMAGES)
        data.draw(st.sampled_from(doc["steps"]))["image"] = value
        right = value in ("pic.svg", "illustrations/pic.svg")
    else:
        value = data.draw(st.sampled_from([stem, stem + "-2", "other", stem.upper()]) | TEXT)
        doc["id"] = value
        right = value == stem
    with fresh_profile(profiles) as paths:
        paths.user_routines.mkdir(parents=True)
        path = paths.user_routines / f"{stem}.toml"
        path.write_text(toml_document(doc), encoding="utf-8")
        routine, problems = load_file(path, assets)
        check_routine_result(path, assets, routine, problems)
        assert (routine is not None) == right, problems
        if not right:
            assert any(p.where == field or p.where.endswith(f".{field}") for p in problems)


@fuzz()
@given(
    files=st.lists(
        st.one_of(
            mutated_routine(max_changes=2).map(lambda c: toml_document(c[0]).encode()),
            mangled_bytes(ROUTINE_TEXT),
            st.binary(max_size=200),
        ),
        min_size=1,
        max_size=6,
    ),
    names=st.lists(
        st.sampled_from(["neck-release", "a", "b", "c", "routine", "x-y"]), min_size=6, max_size=6
    ),
)
def test_a_folder_of_any_routine_files_loads_the_good_ones_and_names_the_rest(
    profiles, assets, tmp_path, files: list[bytes], names: list[str]
):
    """The app starts with whatever is in the folder: every file either loads or is named in
    a problem, never both, never silently dropped."""
    shipped = tmp_path / "shipped"
    shipped.mkdir(exist_ok=True)
    with fresh_profile(profiles) as paths:
        folder = paths.user_routines
        folder.mkdir(parents=True)
        written = set()
        for index, (raw, name) in enumerate(zip(files, names, strict=False)):
            path = folder / f"{name}.toml"
            if path in written:
                path = folder / f"{name}-{index}.toml"
            path.write_bytes(raw)
            written.add(path)
        with watch() as seen:
            library = load_library(shipped, folder, assets)
        assert seen.writes == []
        loaded = {Path(r.path) for r in library}
        skipped = {Path(p.path) for p in library.problems}
        assert loaded | skipped == written
        assert not loaded & skipped
        assert all(p.message.strip() for p in library.problems)


@fuzz()
@given(doc=deep_document())
def test_a_routine_file_nested_past_the_limit_is_a_problem_not_a_recursion(
    profiles, assets, doc: tuple[str, int]
):
    text, depth = doc
    with fresh_profile(profiles) as paths:
        paths.user_routines.mkdir(parents=True)
        path = paths.user_routines / "deep.toml"
        path.write_text(text, encoding="utf-8")
        routine, problems = load_file(path, assets)
        check_routine_result(path, assets, routine, problems)
        deep = [p for p in problems if "nested more than" in p.message]
        if depth > 33 or depth < 32:  # dotted keys nest one level less than they have parts
            assert bool(deep) == (depth > 33), problems


@fuzz(max_examples=40)
@given(
    odd=st.lists(st.sampled_from(ODD_KINDS), min_size=1, max_size=4),
    good=st.booleans(),
)
def test_a_folder_with_anything_in_it_is_read_at_once_and_names_each_odd_entry(
    profiles, assets, tmp_path, odd: list[str], good: bool
):
    """Named pipes, folders, sockets and links (looping, dangling, to a device or a pipe)
    named *.toml: the library loads without blocking, names each, and leaves them be."""
    shipped = tmp_path / "shipped"
    shipped.mkdir(exist_ok=True)
    with fresh_profile(profiles) as paths:
        folder = paths.user_routines
        folder.mkdir(parents=True)
        planted = {}
        for index, kind in enumerate(odd):
            path = folder / f"odd-{index}.toml"
            plant(kind, path)
            planted[path] = kind_of(path)
        if good:
            (folder / "neck-release.toml").write_bytes(BOM + ROUTINE_TEXT)
        library = load_library(shipped, folder, assets)
        assert {Path(p.path) for p in library.problems} == set(planted)
        assert [r.id for r in library] == (["neck-release"] if good else [])
        assert {path: kind_of(path) for path in planted} == planted


# -- the settings file --------------------------------------------------------------------

DURATIONS = st.from_regex(r"\A(\d{1,3}h)?(\d{1,4}m)?(\d{1,5}s)?\Z") | st.sampled_from(
    ["50m", "1h30m", "0s", "5s", "8h", "9h", "50", "m", "1h 5min", " 5m ", "-5m"]
)
CLOCK = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 25), st.integers(0, 61))
RANGES = st.lists(st.builds(lambda a, b: f"{a}-{b}", CLOCK, CLOCK) | TEXT, max_size=3)
VALID_CLOCK = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
VALID_FIXED = st.dictionaries(
    WORDS.filter(lambda k: k != ""),
    st.fixed_dictionaries(
        {
            "routine": st.sampled_from(["box-breathing", "neck-release"]),
            "at": st.lists(VALID_CLOCK, min_size=1, max_size=3),
            "days": st.sampled_from(["weekdays", "mon-fri", "daily", "fri-mon"])
            | st.lists(st.sampled_from(["mon", "wed", "sun"]), min_size=1, max_size=3),
        }
    )
    | st.fixed_dictionaries(
        {
            "routine": st.just("box-breathing"),
            "cron": st.sampled_from(
                ["30 10 * * 1-5", "0 9 * * 1", "*/15 9-17 * * *", "0 12 1 * *"]
            ),
        }
    ),
    min_size=1,
    max_size=3,
)


FIXED_FIELD = st.sampled_from(
    [
        "",
        "box-breathing",
        "weekdays",
        "sat-sun",
        "someday",
        "10:30",
        "24:00",
        "10:30 ",
        "30 10 * * 1-5",
        "*/0 * * * *",
        "61 25 * * *",
        "* * *",
        "1-5/2 * 31 2 *",
    ]
) | st.lists(st.sampled_from(["mon", "xyz", "10:30", "7:5", ""]), max_size=3)


@st.composite
def valid_settings(draw: st.DrawFn) -> dict[str, Any]:
    """A settings document the app accepts without a single error: some options, valid."""
    doc: dict[str, Any] = {}
    for option in OPTIONS:
        if not draw(st.booleans()):
            continue
        value = draw(VALID_FIXED) if option.key == "fixed" else option.dump(option.default)
        if option.name:
            doc.setdefault(option.table, {})[option.name] = value
        else:
            doc[option.key] = value
    return doc


def near_miss(option: Any) -> st.SearchStrategy[Any]:
    """Values a person might really type for this option, right or wrong."""
    default = option.default
    if option.key.startswith("working_hours.") and isinstance(default, tuple):
        return RANGES
    if option.key == "working_hours.timezone":
        return st.sampled_from(
            ["", "Europe/Berlin", "Mars/Olympus", "../../etc/localtime", "UTC", "Etc/GMT+5"]
        )
    if isinstance(default, timedelta):
        return DURATIONS
    if isinstance(default, bool):
        return st.booleans() | st.sampled_from(["yes", "true", 1])
    if isinstance(default, int):
        return st.integers(-3, 120)
    if option.choices:
        return st.sampled_from(option.choices) | TEXT
    if isinstance(default, tuple):
        return st.lists(TEXT, max_size=3)
    return ANY


@st.composite
def settings_document(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    """A valid document with a few values changed (to a near miss or anything at all), keys
    dropped, or unknown keys and tables added. Returns it and how many changes were made."""
    doc = draw(valid_settings())
    changes = draw(st.integers(0, 4))
    for _ in range(changes):
        action = draw(st.sampled_from(["option", "option", "fixed", "deep", "unknown"]))
        if action == "fixed" and isinstance(doc.get("fixed", {}), dict):
            # The deepest validator: one field of one reminder, as typed or anything at all.
            entries = doc.setdefault("fixed", {})
            entry = entries.setdefault(draw(st.sampled_from(sorted(entries) or ["a"])), {})
            if isinstance(entry, dict):
                entry[draw(st.sampled_from(["routine", "at", "days", "cron", "when"]))] = draw(
                    FIXED_FIELD | ANY
                )
        elif action == "option":
            option = draw(st.sampled_from(OPTIONS))
            value = draw(near_miss(option) | ANY)
            if option.name and isinstance(doc.get(option.table, {}), dict):
                doc.setdefault(option.table, {})[option.name] = value
            elif not option.name:
                doc[option.key] = value
        elif action == "deep":  # inside a table or a [fixed] entry: replace, drop or add
            node = draw(st.sampled_from(list(containers(doc))))
            if isinstance(node, dict) and node and draw(st.booleans()):
                key = draw(st.sampled_from(sorted(node)))
                if draw(st.booleans()):
                    del node[key]
                else:
                    node[key] = draw(ANY)
            elif isinstance(node, dict):
                node[draw(st.sampled_from(["routine", "at", "days", "cron", "when"]) | TEXT)] = (
                    draw(ANY)
                )
            elif node:
                node[draw(st.integers(0, len(node) - 1))] = draw(ANY)
        else:
            # A key of its own in a table, or at the top (maybe where a table belongs). Not a
            # table named "": Settings.unknown files top-level keys under "" (see report).
            name = draw(st.sampled_from(TABLES) | TEXT.filter(bool))
            if isinstance(doc.get(name), dict) and draw(st.booleans()):
                doc[name][draw(TEXT)] = draw(ANY)
            else:
                doc[name] = draw(ANY)
    return doc, changes


TABLES = sorted({o.table for o in OPTIONS})
OPTION_KEYS = {o.key for o in OPTIONS}


def lookup(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = doc
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return "<missing>"
        node = node[part]
    return node


def unknown_entries(doc: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    """The keys in a parsed settings document that backbreak does not know, by path: these
    are someone's (a newer version's, a note), and must survive any save."""
    found: dict[tuple[str, ...], Any] = {}
    for table, body in doc.items():
        if table in OPTION_KEYS or (not isinstance(body, dict) and table in TABLES):
            continue  # [fixed], or `appearance = 1` where a table belongs: reported, not kept
        if not isinstance(body, dict):
            found[(table,)] = body
            continue
        for name, value in body.items():
            if f"{table}.{name}" not in OPTION_KEYS:
                found[(table, name)] = value
    return found


SETTINGS_TEXT = to_toml(Settings()).encode()


def check_loaded(loaded: Any) -> None:
    assert isinstance(loaded.settings, Settings)
    for problem in loaded.problems:
        assert problem.key is not None and str(problem) and problem.message.strip()
        assert problem.severity in ("error", "warning")
    assert all(isinstance(n, str) and n.strip() for n in loaded.notices)
    for option in OPTIONS:  # every value the app reads is usable
        loaded.settings[option]


@fuzz()
@given(
    raw=st.binary(max_size=3000)
    | mangled_bytes(SETTINGS_TEXT)
    | mangled_bytes(BOM + SETTINGS_TEXT)
    | deep_document().map(lambda d: d[0].encode())
)
def test_any_bytes_in_the_settings_file_start_with_defaults_and_keep_the_file(profiles, raw: bytes):
    """A settings file that does not parse: the app starts, says what happened, and the
    original bytes survive in the profile (data is sacred); the CLI reads without writing."""
    with fresh_profile(profiles) as paths:
        paths.ensure()
        paths.settings_file.write_bytes(raw)
        with watch() as seen:
            read_only = load_settings(paths.settings_file, NOW, read_only=True)
        assert seen.writes == [] and paths.settings_file.read_bytes() == raw
        check_loaded(read_only)
        with watch() as seen:
            loaded = load_settings(paths.settings_file, NOW)
        assert_stayed_inside(seen, profile_root(paths))
        check_loaded(loaded)
        kept = files_under(profile_root(paths))
        assert raw in kept.values(), "the original settings file is gone"
        if loaded.notices:  # it did not parse: backed up, and a fresh file in its place
            backups = [p for p, data in kept.items() if data == raw and p != paths.settings_file]
            assert backups and any(str(b) in loaded.notices[0] for b in backups)
            assert load_settings(paths.settings_file, NOW).notices == []
        else:  # it parsed: left exactly as the user wrote it
            assert paths.settings_file.read_bytes() == raw and len(kept) == 1


# Found by this test once; kept as fixed examples so the fixes stay fixed.
@example(case=({"fixed": {"a": {"routine": "x", "at": ["10:30"], "days": 5}}}, 1), bom=False)
@example(case=({"fixed": {"a": {"routine": "x", "at": "10:30", "days": [1]}}}, 1), bom=False)
@example(case=({"appearance": "dark"}, 1), bom=False)  # a value where a table belongs
@example(
    case=({"breaks": {"note\x1f": "tab\there, bell\x07"}, "my table": {"a.b": 1}}, 1), bom=False
)
@fuzz()
@given(case=settings_document(), bom=st.booleans())
def test_any_settings_document_is_validated_kept_and_written_back(
    profiles, case: tuple[dict[str, Any], int], bom: bool
):
    """Real keys, random values: bad values fall back with a message, unknown keys ride along,
    and saving (Settings… in the tray) then starting again gives the same settings. A
    byte-order mark (Notepad's "UTF-8 with BOM") changes nothing."""
    doc, changes = case
    with fresh_profile(profiles) as paths:
        paths.ensure()
        text = toml_document(doc)
        note(text)
        data = (BOM if bom else b"") + text.encode("utf-8")
        paths.settings_file.write_bytes(data)
        with watch() as seen:
            loaded = load_settings(paths.settings_file, NOW)
            check_loaded(loaded)
            assert loaded.notices == [] and paths.settings_file.read_bytes() == data
            save_settings(paths.settings_file, loaded.settings)
            again = load_settings(paths.settings_file, NOW)
        assert_stayed_inside(seen, profile_root(paths))
        if changes == 0:
            assert loaded.problems == []
        assert again.notices == [], "a file the app wrote itself did not read back"
        assert [p for p in again.problems if p.severity == "error"] == []
        assert to_toml(again.settings) == to_toml(loaded.settings)
        saved = tomllib.loads(paths.settings_file.read_text("utf-8"))
        expected = unknown_entries(tomllib.loads(text))
        kept = {path: lookup(saved, path) for path in expected}
        assert repr(kept) == repr(expected), "unknown keys were lost or changed"


@fuzz()
@given(doc=deep_document(), read_only=st.booleans())
def test_a_settings_file_nested_past_the_limit_is_kept_aside_not_a_recursion(
    profiles, doc: tuple[str, int], read_only: bool
):
    text, depth = doc
    with fresh_profile(profiles) as paths:
        paths.ensure()
        paths.settings_file.write_text(text, encoding="utf-8")
        loaded = load_settings(paths.settings_file, NOW, read_only=read_only)
        check_loaded(loaded)
        if depth > 33 or depth < 32:  # dotted keys nest one level less than they have parts
            assert any("nested more than" in n for n in loaded.notices) == (depth > 33)
        kept = files_under(profile_root(paths))
        assert text.encode() in kept.values(), "the original settings file is gone"


@fuzz(max_examples=30)
@given(kind=st.sampled_from(ODD_KINDS), read_only=st.booleans())
def test_whatever_sits_where_the_settings_file_belongs_is_left_alone(
    profiles, kind: str, read_only: bool
):
    """Never blocks, never moved, never replaced (writing would replace a link the user
    made, or fail on a folder): the defaults, and a notice that says what is there."""
    with fresh_profile(profiles) as paths:
        paths.ensure()
        plant(kind, paths.settings_file)
        before = kind_of(paths.settings_file)
        loaded = load_settings(paths.settings_file, NOW, read_only=read_only)
        check_loaded(loaded)
        assert loaded.unusable and loaded.notices and str(paths.settings_file) in loaded.notices[0]
        assert kind_of(paths.settings_file) == before
        assert not list(paths.config_dir.glob("*corrupt*")), "moved or backed up"


# -- backbreak import FILE ----------------------------------------------------------------

# Text as people and other programs write it: line breaks, quotes, commas, a NUL, and what a
# spreadsheet runs as a formula (or only looks like one already neutralised).
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'"]
AWKWARD = st.sampled_from(
    ["a\rb", "\r", "x\ny", "\r\n", '"', '"quoted", too', ",", "\x00", "\ufeff", " ", *FORMULAS]
)
ENTRIES = st.lists(
    st.builds(
        LogEntry,
        kind=st.sampled_from(list(EventKind)),
        at=st.datetimes(
            datetime(2000, 1, 1),
            datetime(2100, 1, 1),
            timezones=st.builds(
                lambda m: timezone(timedelta(minutes=m)), st.integers(-14 * 60, 14 * 60)
            ),
        ),
        routine_id=st.none() | WORDS | AWKWARD,
        routine_version=st.none() | st.integers(1, 10_000),
        category=st.none() | st.sampled_from([c.value for c in Category]),
        planned_seconds=st.none() | st.floats(0, 1e5),
        actual_seconds=st.none() | st.floats(0, 1e5),
        steps_done=st.none() | st.integers(0, 50),
        steps_total=st.none() | st.integers(0, 50),
        detail=st.none() | WORDS | AWKWARD,
        uid=st.uuids().map(lambda u: u.hex),
        checkin_before=st.none() | st.integers(0, 10),
        checkin_after=st.none() | st.integers(0, 10),
    ),
    max_size=5,
    unique_by=lambda e: e.uid,
)

JSON_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
# Per column, the values most likely to slip through: out of range, wrong type, odd text.
WHOLE = st.sampled_from(
    [2**63, -(2**63) - 1, 10**40, -1, 11, 1.5, 1e300, math.inf, "7", "x", True, ""]
)
EDGES: dict[str, st.SearchStrategy[Any]] = {
    "uid": st.sampled_from(["", 0, "e3e70682c2094cac629f6fbed82c07cd", [], "\x00"]),
    "kind": st.sampled_from([*(k.value for k in EventKind), "Completed", "", 3, None]),
    "at": st.sampled_from(
        [
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "1969-12-31T23:59:59.999+00:00",
            "2999-12-31T23:59:59.999+00:00",
            "2026-11-20T09:00:00+01:00:30",
            "2026-11-20T09:00:00+23:59",
            "2026-11-20T09:00:00",
            "2026-11-20",
            "2026-11-20T09:00Z",
            "",
            "yesterday",
            1_700_000_000,
            None,
        ]
    ),
    "routine_version": WHOLE,
    "steps_done": WHOLE,
    "steps_total": WHOLE,
    "checkin_before": WHOLE,
    "checkin_after": WHOLE,
    "planned_seconds": st.sampled_from(
        [math.inf, -1.0, "nan", "1e999", "-0", "", True, "x", 1e9, 1e9 + 1, " 5 ", "1e3"]
    ),
    "actual_seconds": st.sampled_from(
        [math.inf, -1.0, "nan", "1e999", "-0", "", True, "x", -0.0, "=1+1", "'5"]
    ),
}


def column_value(field: str) -> st.SearchStrategy[Any]:
    return EDGES.get(field, AWKWARD) | JSON_ANY


def event_count(paths: AppPaths) -> int:
    with read_log(paths.database) as log:
        return 0 if log is None else log.count()


def run_import(source: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(source)])
    return code, out.getvalue(), err.getvalue()


def check_import(paths: AppPaths, source: Path, expect_ok: bool = False) -> int:
    """One import: a clear yes or a clear no; a no changes nothing; writes stay home."""
    before = event_count(paths)
    with watch() as seen:
        code, out, err = run_import(source)
    assert_stayed_inside(seen, profile_root(paths))
    assert "Traceback" not in out + err
    after = event_count(paths)
    if code == 0:
        assert out.startswith("Imported ") and after >= before
        assert f"Imported {after - before} new events" in out
    else:
        assert code == 1 and err.startswith("backbreak: ") and len(err.strip()) > 12, err
        assert after == before, "a failed import changed the history"
    if expect_ok:
        assert code == 0, err
    return code


@fuzz()
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".json", ".csv", ""]))
def test_importing_any_bytes_is_a_clear_yes_or_no(profiles, tmp_path, raw: bytes, suffix: str):
    """Random bytes as `backbreak import FILE`: exit 1 with a message, never a traceback."""
    with fresh_profile(profiles) as paths:
        source = tmp_path / f"export{suffix}"
        source.write_bytes(raw)
        check_import(paths, source)


@st.composite
def mutated_export(draw: st.DrawFn) -> tuple[str, bool]:
    """A real export (JSON or CSV) with values, rows or columns changed, or bytes mangled."""
    entries = draw(ENTRIES)
    fmt = draw(st.sampled_from(["json", "csv"]))
    changes = draw(st.integers(0, 3))
    if fmt == "json":
        rows: list[Any] = json.loads(to_json(entries))
        for _ in range(changes):
            action = draw(st.sampled_from(["value", "value", "value", "drop", "add", "row"]))
            if action == "row" or not rows:
                rows.insert(draw(st.integers(0, len(rows))), draw(JSON_ANY))
                continue
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if not isinstance(row, dict):
                continue
            if action == "value":
                field = draw(st.sampled_from(FIELDS))
                row[field] = draw(column_value(field))
            elif action == "drop":
                row.pop(draw(st.sampled_from(FIELDS)), None)
            else:
                row[draw(TEXT)] = draw(JSON_ANY)
        text = json.dumps(rows)
    elif changes:
        table = list(csv.reader(io.StringIO(to_csv(entries), newline="")))
        for _ in range(changes):
            action = draw(
                st.sampled_from(["cell", "cell", "cell", "column", "row", "long-row", "header"])
            )
            if action == "cell" and len(table) > 1:
                row = table[draw(st.integers(1, len(table) - 1))]
                if row:
                    column = draw(st.integers(0, len(row) - 1))
                    field = FIELDS[column] if column < len(FIELDS) else "detail"
                    value = draw(column_value(field))
                    row[column] = value if isinstance(value, str) else json.dumps(value)
            elif action == "long-row":  # more fields than the header names
                table.append(
                    draw(st.lists(TEXT, min_size=len(FIELDS) + 1, max_size=len(FIELDS) + 3))
                )
            elif action == "column":
                for line in table:
                    line.append(draw(TEXT))
            elif action == "row":
                table.append(draw(st.lists(TEXT, max_size=16)))
            else:
                table[0] = draw(st.permutations(table[0]) | st.lists(TEXT, max_size=14))
        out = io.StringIO()
        csv.writer(
            out,
            lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
            quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        ).writerows(table)
        text = out.getvalue()
    else:
        text = to_csv(entries)
        if draw(st.booleans()):  # re-saved by a spreadsheet: still exactly the same events
            text = spreadsheet_resave(text)
    if draw(st.integers(0, 3)) == 0:
        return draw(mangled_bytes(text.encode())).decode("utf-8", "replace"), False
    return text, changes == 0


def spreadsheet_resave(text: str) -> str:
    """What a spreadsheet writes back: a byte-order mark, CRLF, quotes only where needed."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(table)
    return "\ufeff" + out.getvalue()


def _row(**changes: Any) -> str:
    row = {"uid": "a1", "kind": "completed", "at": "2026-11-20T09:00:00+01:00", **changes}
    return json.dumps([row])


_HEADER = ",".join(FIELDS)
_ODD = LogEntry(EventKind.PAUSED, NOW, detail="for 1h\r(a carriage return)", uid="b2")


# Found by this test once; kept as fixed examples so the fixes stay fixed.
@example(case=(_row(routine_version=2**63), False))  # SQLite's integers end at 2**63 - 1
@example(case=(_row(steps_done=1e300), False))
@example(case=(_row(checkin_after=math.inf), False))  # JSON's Infinity
@example(case=(_row(at="0001-01-01T00:00:00+05:00"), False))  # before year 1 in UTC
@example(
    case=(f"{_HEADER},extra\nc3,completed,2026-11-20T09:00:00+01:00{',x' * 13}\n", False)
)  # more fields than columns, and a column backbreak does not know
@example(case=(f"{_HEADER}\n{'x' * 140_000}\n", False))  # over the csv module's field limit
@example(case=(to_csv([_ODD]), True))  # a lone "\r" in a text field
@fuzz()
@given(case=mutated_export())
def test_importing_a_changed_export_is_all_or_nothing(profiles, tmp_path, case: tuple[str, bool]):
    """An edited or damaged export: all of it is imported, or none of it with the reason.
    An unchanged export always imports, and importing it again adds nothing."""
    text, pristine = case
    note(text)
    with fresh_profile(profiles) as paths:
        source = tmp_path / "export"
        source.write_text(text, encoding="utf-8")
        if check_import(paths, source, expect_ok=pristine) == 0:
            count = event_count(paths)
            check_import(paths, source, expect_ok=True)
            assert event_count(paths) == count, "importing twice added events"
            assert_round_trip(paths, tmp_path)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def every_event(paths: AppPaths) -> list[LogEntry]:
    with read_log(paths.database) as log:
        return [] if log is None else sorted(log.every(), key=lambda e: e.uid or "")


def assert_round_trip(paths: AppPaths, folder: Path) -> None:
    """Whatever import accepted, export writes: export -> delete -> import loses nothing,
    in either format, and the second export is the first, byte for byte."""
    held = every_event(paths)
    assert len(held) == event_count(paths), "the log holds rows it cannot read back"
    for fmt in ("json", "csv"):
        code, first, err = run_cli("export", "--format", fmt)
        assert code == 0, err
        source = folder / f"round-trip.{fmt}"
        source.write_text(first, encoding="utf-8")
        assert run_cli("history", "--delete-all", "--yes")[0] == 0
        code, _, err = run_cli("import", str(source))
        assert code == 0, err
        assert every_event(paths) == held, "export -> delete -> import lost or changed events"
        assert run_cli("export", "--format", fmt)[1] == first


@fuzz()
@given(entries=ENTRIES, fmt=st.sampled_from(["json", "csv", "resaved"]))
def test_export_delete_import_loses_nothing(profiles, tmp_path, entries: list[LogEntry], fmt: str):
    """Any events the app could log survive an export, a delete and an import exactly (a
    spreadsheet's re-save of the CSV too): every field, formulas neutralised and restored."""
    with fresh_profile(profiles) as paths:
        log = open_log(paths.database, NOW).log
        assert log is not None
        log.record_many(entries)
        log.close()
        held = every_event(paths)
        assert len(held) == len(entries)
        code, text, err = run_cli("export", "--format", "json" if fmt == "json" else "csv")
        assert code == 0, err
        if fmt == "csv":
            cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
            assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        source = tmp_path / "export"
        source.write_text(spreadsheet_resave(text) if fmt == "resaved" else text, "utf-8")
        assert run_cli("history", "--delete-all", "--yes")[0] == 0
        code, _, err = run_cli("import", str(source))
        assert code == 0, err
        assert every_event(paths) == held
