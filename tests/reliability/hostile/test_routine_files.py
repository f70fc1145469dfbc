"""Hostile routine files in the user's routines folder, and files given to `routines
validate PATH`: nothing hangs or crashes, the app starts with the other routines, each file
is named with what is wrong with it, and nothing a file holds reaches the terminal raw.

Relative paths in argv name files in the profile: each case runs in its BACKBREAK_HOME.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.hostile.file_kinds import (
    BOM,
    assert_nothing_raw,
    both,
    chdir,
    nested,
    put_bytes,
    put_fifo,
    put_folder,
    put_link,
    put_socket,
    put_text,
    told_at_start,
)
from tests.reliability.hostile.harness import Case, check

STRETCH = """\
id = "{id}"
version = 1
title = "{title}"
category = "stretch"
summary = "{summary}"
duration_seconds = {total}
{extra}
[[steps]]
title = "Tilt"
instruction = "{instruction}"
seconds = {seconds}

[[sources]]
file = "000_x.txt"
quote = "take short breaks to stretch"
"""

THERMAL = """\
id = "{id}"
version = 1
title = "Warm pack"
category = "thermal"
summary = "Heat for a stiff neck."
duration_seconds = 900
guidance = "thermal"
{checklist}
[thermal]
[[thermal.phases]]
kind = "heat"
minutes = {minutes}

[[sources]]
file = "000_x.txt"
quote = "Apply heat or ice packs"
"""


def stretch(rid: str = "mine", **fields: object) -> str:
    values: dict[str, object] = {
        "id": rid,
        "title": "My stretch",
        "summary": "A gentle stretch.",
        "instruction": "Tilt your head slowly.",
        "seconds": 20,
        "total": 20,
        "extra": "",
    }
    values.update(fields)
    return STRETCH.format(**values)


def thermal(checklist: str, minutes: object = 15, rid: str = "warm") -> str:
    return THERMAL.format(id=rid, checklist=checklist, minutes=minutes)


def mine(name: str = "mine.toml"):
    return lambda found: found.user_routines / name


def routine(text: str, name: str = "mine.toml"):
    return put_text(mine(name), text)


def routine_bytes(data: bytes, name: str = "mine.toml"):
    return put_bytes(mine(name), data)


LIST = ("routines", "list")
VALIDATE = ("routines", "validate")
IN_FOLDER = "data/routines"  # relative to BACKBREAK_HOME, where every case runs
DEEP = 'id = "deep"\nx = ' + nested("[", "]", 3000) + "\n"  # 6 KB
ESC_TITLE = stretch(title="\\u001b[2J\\u001b[31mPwned")

CASES = [
    # -- nesting: RecursionError in `routines list/validate` and at start before this round --
    Case("lists-nested-3000-deep", routine(DEEP, "deep.toml"), LIST, 0, ["deep.toml", "nested"]),
    Case("lists-nested-3000-deep-validate", routine(DEEP, "deep.toml"), VALIDATE, 1, ["line 2"]),
    Case(
        "lists-nested-3000-deep-validate-path",
        routine(DEEP, "deep.toml"),
        [*VALIDATE, f"{IN_FOLDER}/deep.toml"],
        1,
        ["deep.toml", "nested more than 32"],
    ),
    Case(
        "lists-nested-3000-deep-show",
        routine(DEEP, "deep.toml"),
        ["routines", "show", "deep"],
        1,
        ["nested"],
    ),
    Case("lists-nested-3000-deep-plan", routine(DEEP, "deep.toml"), ["plan"], 0),
    Case(
        "inline-tables-nested-3000-deep",
        routine("x = " + nested("{a=", "}", 3000)),
        VALIDATE,
        1,
        ["mine.toml", "nested"],
    ),
    Case("dotted-keys-3000-deep", routine("a" + ".a" * 3000 + " = 1\n"), VALIDATE, 1, ["nested"]),
    Case(
        "a-list-33-deep-in-a-good-routine",
        routine(stretch(extra="x = " + nested("[", "]", 33))),
        VALIDATE,
        1,
        ["line 7", "nested more than 32"],
    ),
    # -- not a regular file: hung forever before this round ------------------------------
    Case("a-named-pipe", put_fifo(mine("pipe.toml")), LIST, 0, ["pipe.toml", "named pipe"]),
    Case("a-named-pipe-validate", put_fifo(mine("pipe.toml")), VALIDATE, 1, ["named pipe"]),
    Case(
        "a-named-pipe-validate-path",
        put_fifo(mine("pipe.toml")),
        [*VALIDATE, f"{IN_FOLDER}/pipe.toml"],
        1,
        ["named pipe"],
    ),
    Case(
        "a-named-pipe-show",
        put_fifo(mine("pipe.toml")),
        ["routines", "show", "pipe"],
        1,
        ["named pipe"],
    ),
    Case("a-named-pipe-plan", put_fifo(mine("pipe.toml")), ["plan"], 0),
    Case("a-folder-named-x-toml", put_folder(mine("x.toml")), LIST, 0, ["x.toml", "folder"]),
    Case("a-socket-named-s-toml", put_socket(mine("s.toml")), VALIDATE, 1, ["s.toml", "socket"]),
    Case(
        "a-link-to-dev-zero",
        put_link(mine("zero.toml"), lambda _: "/dev/zero"),
        LIST,
        0,
        ["zero.toml", "outside"],
    ),
    Case(
        "a-link-to-dev-zero-validate-path",
        put_link(mine("zero.toml"), lambda _: "/dev/zero"),
        [*VALIDATE, f"{IN_FOLDER}/zero.toml"],
        1,
        ["device"],
    ),
    Case("dev-zero-validate-path", lambda _: None, [*VALIDATE, "/dev/zero"], 1, ["device"]),
    Case(
        "a-link-to-a-pipe-in-the-folder",
        both(put_fifo(mine("pipe")), put_link(mine("p.toml"), mine("pipe"))),
        VALIDATE,
        1,
        ["p.toml", "named pipe"],
    ),
    Case(
        "a-link-loop", put_link(mine("loop.toml"), mine("loop.toml")), LIST, 0, ["symbolic links"]
    ),
    Case(
        "a-link-loop-validate-path",
        put_link(mine("loop.toml"), mine("loop.toml")),
        [*VALIDATE, f"{IN_FOLDER}/loop.toml"],
        1,
        ["symbolic links"],
    ),
    Case(
        "a-link-to-nowhere",
        put_link(mine("gone.toml"), mine("nothing.toml")),
        VALIDATE,
        1,
        ["gone.toml", "does not exist"],
    ),
    Case(
        "the-routines-folder-is-a-file",
        put_text(lambda f: f.user_routines, stretch()),
        LIST,
        0,
        ["routines", "not a folder"],
    ),
    Case(
        "the-routines-folder-is-a-pipe",
        put_fifo(lambda f: f.user_routines),
        LIST,
        0,
        ["not a folder"],
    ),
    # -- size and encodings ----------------------------------------------------------------
    Case(
        "a-300-kib-file",
        routine(stretch() + "#" + "x" * 300_000 + "\n"),
        VALIDATE,
        1,
        ["larger than 256 KiB"],
    ),
    Case("utf8-bom-is-accepted", routine_bytes(BOM + stretch().encode()), LIST, 0, ["My stretch"]),
    Case(
        "utf8-bom-validate-path",
        routine_bytes(BOM + stretch().encode()),
        [*VALIDATE, f"{IN_FOLDER}/mine.toml"],
        0,
        ["all valid"],
    ),
    Case(
        "utf8-bom-and-crlf",
        routine_bytes(BOM + stretch().replace("\n", "\r\n").encode()),
        VALIDATE,
        0,
        ["all valid"],
    ),
    Case("utf-16", routine_bytes(stretch().encode("utf-16")), VALIDATE, 1, ["UTF-16"]),
    Case(
        "latin-1",
        routine_bytes(stretch(title="Caf\\u00e9").encode().replace(b"\\u00e9", b"\xe9")),
        VALIDATE,
        1,
        ["not UTF-8", "line 3"],
    ),
    # -- text that could drive a terminal: refused, named by field, never printed raw ------
    Case("escapes-in-the-title", routine(ESC_TITLE), LIST, 0, ["title", "control character"]),
    Case("escapes-in-the-title-validate", routine(ESC_TITLE), VALIDATE, 1, ["title", "escape"]),
    Case(
        "escapes-in-the-title-show", routine(ESC_TITLE), ["routines", "show", "mine"], 1, ["title"]
    ),
    Case(
        "osc-window-title-in-the-summary",
        routine(stretch(summary="\\u001b]0;pwned\\u0007ok")),
        VALIDATE,
        1,
        ["summary", "control character"],
    ),
    Case(
        "escape-in-an-instruction",
        routine(stretch(instruction="Tilt \\u001b[5mslowly")),
        VALIDATE,
        1,
        ["steps[1].instruction", "control character"],
    ),
    Case(
        "c1-csi-in-the-title",
        routine(stretch(title="\\u009b2JTitle")),
        VALIDATE,
        1,
        ["title", "CSI"],
    ),
    Case(
        "bidi-override-in-the-title",
        routine(stretch(title="Neck \\u202eesaeler")),
        VALIDATE,
        1,
        ["title", "right-to-left override"],
    ),
    Case(
        "line-break-in-the-title",
        routine(stretch(title="Two\\nlines")),
        VALIDATE,
        1,
        ["title", "line break"],
    ),
    Case(
        "line-breaks-in-an-instruction-are-prose",
        routine(stretch(instruction="Sit tall.\\nTilt slowly.\\tBreathe.")),
        VALIDATE,
        0,
        ["all valid"],
    ),
    Case(
        "escape-in-a-tag",
        routine(stretch(extra='tags = ["\\u001b[2J"]')),
        VALIDATE,
        1,
        ["tags[0]", "control character"],
    ),
    Case(
        "escape-in-an-unknown-key",
        routine('"\\u001b[2J" = 1\n' + stretch()),
        VALIDATE,
        1,
        ["unknown key", "\\x1b[2J"],
    ),
    Case(
        "escape-in-the-file-name",
        routine(stretch(), "\x1b[2Jmine.toml"),
        LIST,
        0,
        ["\\x1b[2Jmine.toml", "differs from the file name"],
    ),
    Case(
        "a-line-break-in-the-id-and-the-file-name",
        routine(stretch(rid="mine\\n"), "mine\n.toml"),
        LIST,
        0,
        ["must be lowercase letters"],
    ),
    # -- heat and cold never start without their safety checklist ------------------------
    Case(
        "thermal-with-an-empty-checklist",
        routine(thermal("checklist = []"), "warm.toml"),
        VALIDATE,
        1,
        ["checklist", "safety checklist"],
    ),
    Case(
        "thermal-without-a-checklist",
        routine(thermal(""), "warm.toml"),
        VALIDATE,
        1,
        ["safety checklist"],
    ),
    Case(
        "thermal-with-a-blank-checklist",
        routine(thermal('checklist = ["  "]'), "warm.toml"),
        VALIDATE,
        1,
        ["checklist[0]", "safety checklist"],
    ),
    Case(
        "thermal-with-an-empty-checklist-show",
        routine(thermal("checklist = []"), "warm.toml"),
        ["routines", "show", "warm"],
        1,
        ["safety checklist"],
    ),
    # -- numbers that are not finite, not whole, or far too large --------------------------
    Case(
        "nan-seconds",
        routine(stretch(seconds="nan")),
        VALIDATE,
        1,
        ["steps[1].seconds", "whole number"],
    ),
    Case("inf-total", routine(stretch(total="inf")), VALIDATE, 1, ["duration_seconds"]),
    Case(
        "inf-minutes-of-heat",
        routine(thermal('checklist = ["A cloth"]', minutes="inf"), "warm.toml"),
        VALIDATE,
        1,
        ["thermal.phases[1].minutes"],
    ),
    Case(
        "huge-seconds",
        routine(stretch(seconds=10**30)),
        VALIDATE,
        1,
        ["steps[1].seconds", "between 3 and 3600"],
    ),
    Case("negative-seconds", routine(stretch(seconds=-20)), VALIDATE, 1, ["between 3 and 3600"]),
    Case(
        "seconds-of-5000-digits", routine(stretch(seconds="9" * 5000)), VALIDATE, 1, ["4300 digits"]
    ),
    Case(
        "hex-seconds-of-2000-bits",
        routine(stretch(seconds="0x" + "f" * 500)),
        VALIDATE,
        1,
        ["steps[1].seconds", "1024 bits"],
    ),
    Case(
        "minutes-of-heat-as-a-float",
        routine(thermal('checklist = ["A cloth"]', minutes="15.0"), "warm.toml"),
        VALIDATE,
        1,
        ["minutes", "whole number"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_routine_file(qtbot, backbreak_home: Path, case: Case):
    with chdir(backbreak_home):
        result = check(case)
    assert_nothing_raw(result.text)


# What the app tells the user when it starts: the file and the reason, never a raw escape.
TOLD = [
    ("lists-nested-3000-deep", routine(DEEP, "deep.toml"), ["deep.toml", "nested"]),
    ("a-named-pipe", put_fifo(mine("pipe.toml")), ["pipe.toml", "named pipe"]),
    ("escapes-in-the-title", routine(ESC_TITLE), ["mine.toml", "title", "control character"]),
    (
        "thermal-with-an-empty-checklist",
        routine(thermal("checklist = []"), "warm.toml"),
        ["warm.toml", "checklist"],
    ),
]


@pytest.mark.parametrize(("setup", "words"), [t[1:] for t in TOLD], ids=[t[0] for t in TOLD])
def test_the_app_names_each_skipped_routine_when_it_starts(qtbot, caplog, setup, words):
    said = told_at_start(caplog, setup)
    for word in words:
        assert word in said, (word, said)
    assert_nothing_raw(said)


def test_the_other_routines_still_load_beside_hostile_files(backbreak_home: Path):
    """One folder holding every kind of trouble at once: the good file still loads."""
    from backbreak.content.loader import load_library
    from backbreak.storage.paths import assets_dir, shipped_routines_dir
    from tests.reliability.hostile.harness import paths

    found = paths()
    for setup in (
        routine(stretch(), "mine.toml"),
        routine(DEEP, "deep.toml"),
        put_fifo(mine("pipe.toml")),
        put_folder(mine("x.toml")),
        put_link(mine("loop.toml"), mine("loop.toml")),
        routine(ESC_TITLE, "esc.toml"),
        routine(thermal("checklist = []"), "warm.toml"),
    ):
        setup(found)
    library = load_library(shipped_routines_dir(), found.user_routines, assets_dir())
    assert library.get("mine") is not None and library.get("mine").origin == "user"
    named = {Path(p.path).name for p in library.problems}
    assert named == {"deep.toml", "pipe.toml", "x.toml", "loop.toml", "esc.toml", "warm.toml"}
    kept = {p.name for p in found.user_routines.iterdir()}
    assert kept == named | {"mine.toml"}  # nothing was moved or deleted
