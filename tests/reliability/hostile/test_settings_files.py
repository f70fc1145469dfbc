"""Hostile settings files: the app still starts, the file is kept, the message names it.

Each case plants something in (or instead of) settings.toml and runs a command that reads
it: `config show` (read-only, says what is wrong), `plan` and `stats` (read it to work).
Beyond the harness: no control character from the file reaches the terminal raw, and the
cases in TOLD say what the app tells the user when it starts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from backbreak.core.settings import SNOOZE
from backbreak.services.profile import Profile, open_profile
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import FakeClock
from tests.reliability.hostile.file_kinds import (
    BOM,
    assert_nothing_raw,
    both,
    nested,
    put_bytes,
    put_fifo,
    put_folder,
    put_link,
    put_socket,
    put_text,
    told_at_start,
)
from tests.reliability.hostile.harness import Case, check, paths


def settings(found: AppPaths):
    return found.settings_file


def text(body: str):
    return put_text(settings, body)


def raw(data: bytes):
    return put_bytes(settings, data)


def linked(body: str):
    """settings.toml a link to mine.toml beside it (a dotfiles folder does this)."""
    mine = put_text(lambda f: f.config_dir / "mine.toml", body)
    return both(mine, put_link(settings, lambda f: f.config_dir / "mine.toml"))


SHOW = ("config", "show")
HUGE = '[schedule]\nstretch_every = "999999999999h"\n'
DEEP_LISTS = "x = " + nested("[", "]", 3000) + "\n"
SNOOZE_7M = '[schedule]\nsnooze = "7m"\n'
UNKNOWN_ZONE = '[working_hours]\ntimezone = "Mars/Olympus_Mons"\n'

CASES = [
    # -- values too large, not finite, of the wrong kind: the default, with a message --------
    Case("huge-duration", text(HUGE), [*SHOW, "schedule.stretch_every"], 0, ["calendar"]),
    Case("huge-duration-in-the-whole-list", text(HUGE), SHOW, 0, ["stretch_every", "calendar"]),
    Case("huge-duration-as-json", text(HUGE), [*SHOW, "--json"], 0, ["calendar"]),
    Case("huge-duration-plan", text(HUGE), ["plan"], 0),
    Case("huge-duration-stats", text(HUGE), ["stats"], 0),
    Case("nan-snooze-limit", text("[schedule]\nsnooze_limit = nan\n"), SHOW, 0, ["snooze_limit"]),
    Case("inf-volume", text("[sound]\nvolume = inf\n"), SHOW, 0, ["sound.volume", "whole number"]),
    Case(
        "int-beyond-64-bits",
        text("[sound]\nvolume = 99999999999999999999999\n"),
        SHOW,
        0,
        ["sound.volume", "from 0 to 100"],
    ),
    Case(
        "negative-int-beyond-64-bits",
        text("[breaks]\nskip_friction = -9223372036854775809\n"),
        SHOW,
        0,
        ["breaks.skip_friction"],
    ),
    Case(
        "int-of-5000-digits",
        text("[sound]\nvolume = " + "9" * 5000 + "\n"),
        SHOW,
        0,
        ["not valid TOML", "4300 digits"],
    ),
    Case(
        "hex-int-of-1200-bits",
        text("[sound]\nvolume = 0x" + "f" * 300 + "\n"),
        SHOW,
        0,
        ["sound.volume", "1024 bits"],
    ),
    Case(
        "float-overflow-as-a-duration",
        text("[schedule]\nstretch_every = 1e999\n"),
        SHOW,
        0,
        ["stretch_every", "duration in quotes"],
    ),
    Case(
        "year-9999-as-a-duration",
        text("[schedule]\nsnooze = 9999-12-31T23:59:59Z\n"),
        ["plan"],
        0,
    ),
    # -- nesting: tomllib recurses once per level; RecursionError before this round --------
    Case("lists-nested-3000-deep", text(DEEP_LISTS), SHOW, 0, ["nested more than 32", "line 1"]),
    Case("lists-nested-3000-deep-plan", text(DEEP_LISTS), ["plan"], 0, ["nested"]),
    Case("lists-nested-3000-deep-stats", text(DEEP_LISTS), ["stats"], 0),
    Case(
        "inline-tables-nested-3000-deep",
        text("x = " + nested("{a=", "}", 3000) + "\n"),
        SHOW,
        0,
        ["nested more than 32"],
    ),
    Case(
        "dotted-keys-3000-deep",
        text("a" + ".a" * 3000 + " = 1\n"),
        SHOW,
        0,
        ["nested more than 32"],
    ),
    Case(
        "table-header-3000-deep",
        text("[a" + ".a" * 3000 + "]\n"),
        SHOW,
        0,
        ["nested more than 32"],
    ),
    Case(
        "deep-lists-in-a-string-are-only-text",
        text('[breaks]\nnote = "' + "[" * 3000 + '"\n' + SNOOZE_7M),
        [*SHOW, "schedule.snooze"],
        0,
        ["= 7m"],
    ),
    # -- encodings ------------------------------------------------------------------------
    Case(
        "utf8-bom-is-accepted",
        raw(BOM + SNOOZE_7M.encode()),
        [*SHOW, "schedule.snooze"],
        0,
        ["= 7m"],
    ),
    Case("utf8-bom-plan", raw(BOM + SNOOZE_7M.encode()), ["plan"], 0),
    Case("only-a-bom", raw(BOM), SHOW, 0),
    Case(
        "bom-and-crlf",
        raw(BOM + SNOOZE_7M.replace("\n", "\r\n").encode()),
        [*SHOW, "schedule.snooze"],
        0,
        ["= 7m"],
    ),
    Case(
        "latin-1-bytes", raw(b"# caf\xe9\n" + SNOOZE_7M.encode()), SHOW, 0, ["not UTF-8", "line 1"]
    ),
    Case("utf-16", raw(SNOOZE_7M.encode("utf-16")), SHOW, 0, ["UTF-16"]),
    Case("nul-bytes", raw(b"\x00" * 64), SHOW, 0, ["not valid TOML"]),
    Case("lone-carriage-return", text('[schedule]\rsnooze = "7m"\n'), SHOW, 0, ["not valid TOML"]),
    # -- size -----------------------------------------------------------------------------
    Case(
        "two-mebibytes",
        text(SNOOZE_7M + "#" + "x" * (2 << 20) + "\n"),
        SHOW,
        0,
        ["larger than 1 MiB", "settings file"],
    ),
    Case(
        "a-megabyte-value-is-quoted-briefly",
        text('[working_hours]\nmon = ["' + "9" * 900_000 + '"]\n'),
        [*SHOW, "working_hours.mon"],
        0,
        ["working_hours.mon", "…"],
    ),
    # -- not a regular file: never opened for long, never moved or replaced ----------------
    Case("a-folder", put_folder(settings), SHOW, 0, ["folder", "not changed"]),
    Case("a-named-pipe", put_fifo(settings), SHOW, 0, ["named pipe"]),
    Case("a-named-pipe-plan", put_fifo(settings), ["plan"], 0, ["named pipe"]),
    Case("a-named-pipe-stats", put_fifo(settings), ["stats"], 0),
    Case("a-named-pipe-as-json", put_fifo(settings), [*SHOW, "--json"], 0, ["named pipe"]),
    Case("a-socket", put_socket(settings), SHOW, 0, ["socket"]),
    # `config set` reads the file the way the app does: a pipe must not hang it, a deep
    # document must not crash it, and a file it cannot use is left as it is.
    Case(
        "config-set-on-a-named-pipe",
        put_fifo(settings),
        ["config", "set", "schedule.snooze", "10m"],
        1,
        ["named pipe", "nothing was changed"],
    ),
    Case(
        "config-set-on-a-deep-document",
        text(DEEP_LISTS),
        ["config", "set", "schedule.snooze", "10m"],
        1,
        ["nested", "nothing was changed"],
    ),
    Case(
        "config-show-names-an-unknown-routine-id",
        text('[breaks]\nroutines = ["neck-release", "no-such-routine"]\n'),
        SHOW,
        0,
        ["breaks.routines", "no-such-routine"],
    ),
    Case(
        "plan-says-which-bad-value-it-replaced",
        text(HUGE),
        ["plan"],
        0,
        ["schedule.stretch_every"],
    ),
    Case(
        "config-set-on-a-folder",
        put_folder(settings),
        ["config", "set", "schedule.snooze", "10m"],
        1,
        ["folder", "nothing was changed"],
    ),
    Case("a-link-loop", put_link(settings, settings), SHOW, 0, ["symbolic links"]),
    Case("a-link-to-dev-zero", put_link(settings, lambda _: "/dev/zero"), SHOW, 0, ["device"]),
    Case(
        "a-link-to-a-pipe",
        both(
            put_fifo(lambda f: f.cache_dir / "pipe"),
            put_link(settings, lambda f: f.cache_dir / "pipe"),
        ),
        ["plan"],
        0,
        ["named pipe"],
    ),
    Case(
        "a-link-to-nowhere",
        put_link(settings, lambda f: f.config_dir / "gone.toml"),
        SHOW,
        0,
        ["gone.toml", "does not exist"],
    ),
    Case("a-link-to-a-broken-file", linked("[schedule\n"), SHOW, 0, ["not valid TOML"]),
    Case("a-link-to-a-good-file", linked(SNOOZE_7M), [*SHOW, "schedule.snooze"], 0, ["= 7m"]),
    # -- text that could drive the terminal, and names that point nowhere ------------------
    Case(
        "escape-in-a-routine-id",
        text('[breaks]\nroutines = ["\\u001b[2Jgotcha"]\n'),
        SHOW,
        0,
        ["breaks.routines", "not a routine id", "\\x1b"],
    ),
    Case(
        "osc-title-in-an-unknown-key",
        text('[breaks]\n"\\u001b]0;pwned\\u0007" = 1\n'),
        SHOW,
        0,
        ["unknown setting", "\\x1b]0;pwned\\x07"],
    ),
    Case(
        "escape-in-a-fixed-reminder-name",
        text('[fixed]\n"a\\u001b[31m" = { routine = "box-breathing", at = ["10:30"] }\n'),
        SHOW,
        0,
        ["fixed", "control character"],
    ),
    Case(
        "csi-in-a-time-range",
        text('[working_hours]\nmon = ["\\u009b2J"]\n'),
        SHOW,
        0,
        ["working_hours.mon", "\\x9b"],
    ),
    Case(
        "bidi-override-in-the-time-zone",
        text('[working_hours]\ntimezone = "Europe/\\u202eBerlin"\n'),
        SHOW,
        0,
        ["working_hours.timezone"],
    ),
    Case(
        "unknown-time-zone",
        text(UNKNOWN_ZONE),
        SHOW,
        0,
        ["Mars/Olympus_Mons", "not a time zone known here"],
    ),
    Case(
        "unknown-time-zone-as-json",
        text(UNKNOWN_ZONE),
        [*SHOW, "--json"],
        0,
        ['"severity": "warning"', "not a time zone known here"],
    ),
    Case("unknown-time-zone-plan", text(UNKNOWN_ZONE), ["plan"], 0, ["not known here"]),
    Case("a-value-where-a-table-belongs", text('schedule = "x"\n'), SHOW, 0, ["must be a table"]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_settings_file(qtbot, case):
    result = check(case)
    assert_nothing_raw(result.text)
    assert all(len(line) < 2000 for line in result.text.splitlines()), "a line of megabytes"


# What the app tells the user when it starts (app.py shows each notice in a window).
TOLD = [
    ("huge-duration", text(HUGE), ["schedule.stretch_every", "calendar"]),
    ("lists-nested-3000-deep", text(DEEP_LISTS), ["nested more than 32", "kept as"]),
    ("a-named-pipe", put_fifo(settings), ["named pipe", "defaults"]),
    ("unknown-time-zone", text(UNKNOWN_ZONE), ["Mars/Olympus_Mons", "not known here"]),
    (
        "unknown-routine-in-breaks",
        text('[breaks]\nroutines = ["neck-release", "neck-relase"]\n'),
        ["breaks.routines", '"neck-relase"'],
    ),
    (
        "unknown-routine-in-micro",
        text('[micro]\nenabled = true\nroutines = ["posture-rest"]\n'),
        ["micro.routines", '"posture-rest"'],
    ),
    (
        "unknown-routine-in-a-fixed-reminder",
        text('[fixed]\nlunch = { routine = "box-breething", at = ["12:30"] }\n'),
        ["fixed.lunch", '"box-breething"'],
    ),
]


@pytest.mark.parametrize(("setup", "words"), [t[1:] for t in TOLD], ids=[t[0] for t in TOLD])
def test_the_app_says_what_is_wrong_with_the_settings_when_it_starts(qtbot, caplog, setup, words):
    said = told_at_start(caplog, setup)
    for word in words:
        assert word in said, (word, said)


def started(found: AppPaths) -> Profile:
    """The profile read as the app reads it at start."""
    profile = open_profile(found, FakeClock().now())
    if profile.log.log is not None:
        profile.log.log.close()
    return profile


def test_a_bom_file_is_used_as_it_is_and_never_replaced():
    found = paths()
    data = BOM + SNOOZE_7M.encode()
    raw(data)(found)
    profile = started(found)
    assert profile.notices == [] and profile.settings.settings[SNOOZE] == timedelta(minutes=7)
    assert found.settings_file.read_bytes() == data
    assert sorted(p.name for p in found.config_dir.iterdir()) == ["settings.toml"]


@pytest.mark.parametrize("target", ["settings.toml", "gone.toml"], ids=["loop", "nowhere"])
def test_a_link_that_leads_nowhere_is_never_replaced_by_the_app(target: str):
    """A missing file means a first start (defaults written); a link to nothing does not:
    writing would replace the link the user made."""
    found = paths()
    put_link(settings, lambda f: f.config_dir / target)(found)
    before = found.settings_file.readlink()
    profile = started(found)
    assert found.settings_file.is_symlink() and found.settings_file.readlink() == before
    assert profile.notices and "cannot be read" in profile.notices[0]
