"""The CLI works without a display and without importing Qt."""

import json
import os
import subprocess
import sys
from pathlib import Path

from backbreak import __version__
from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.db import open_log
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import START

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args, home):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["BACKBREAK_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT)
    code = (
        "import sys, runpy; sys.argv = ['backbreak', *sys.argv[1:]];"
        "from backbreak.cli import main; rc = main();"
        "assert 'PySide6' not in sys.modules, 'the CLI imported Qt'; sys.exit(rc)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_version_and_help_work_without_a_display(backbreak_home):
    result = run_cli("--version", home=backbreak_home)
    assert result.returncode == 0 and result.stdout.strip() == f"backbreak {__version__}"
    result = run_cli("--help", home=backbreak_home)
    assert result.returncode == 0
    assert "routines" in result.stdout and "history" in result.stdout


def test_routines_list_shows_the_shipped_routines(backbreak_home):
    result = run_cli("routines", "list", home=backbreak_home)
    assert result.returncode == 0, result.stderr
    assert "neck-release" in result.stdout
    data = json.loads(run_cli("routines", "list", "--json", home=backbreak_home).stdout)
    assert {"neck-release", "upper-back-reset"} <= {r["id"] for r in data}
    assert all(r["origin"] == "shipped" for r in data)


def test_routines_list_marks_a_users_routine_and_reports_a_broken_one(backbreak_home):
    folder = AppPaths.from_environment().user_routines
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("id = ")
    result = run_cli("routines", "list", home=backbreak_home)
    assert result.returncode == 0
    assert "broken.toml" in result.stderr and "line 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_history_before_any_break(backbreak_home):
    result = run_cli("history", home=backbreak_home)
    assert result.returncode == 0
    assert "No breaks logged yet" in result.stdout


def test_history_lists_the_newest_entries_first(backbreak_home):
    log = open_log(AppPaths.from_environment().database, START).log
    log.record(LogEntry(EventKind.SKIPPED, START, "neck-release", 1, "stretch"))
    from datetime import timedelta

    log.record(
        LogEntry(
            EventKind.COMPLETED,
            START + timedelta(hours=1),
            "neck-release",
            1,
            "stretch",
            actual_seconds=181,
        )
    )
    log.close()
    result = run_cli("history", home=backbreak_home)
    lines = result.stdout.splitlines()
    assert "Completed" in lines[0] and "3:01" in lines[0]
    assert "Skipped" in lines[1]
    data = json.loads(run_cli("history", "--json", "-n", "1", home=backbreak_home).stdout)
    assert [d["kind"] for d in data] == ["completed"]


def test_history_on_a_damaged_database_says_what_to_do(backbreak_home):
    db = AppPaths.from_environment().database
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 1000)
    result = run_cli("history", home=backbreak_home)
    assert result.returncode == 1
    assert "Start backbreak once" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b"garbage" * 1000  # reading never changes anything


def test_starting_the_app_without_a_display_says_why_instead_of_crashing(backbreak_home):
    result = run_cli(home=backbreak_home)
    if sys.platform.startswith("linux"):
        assert result.returncode == 1
        assert "needs a graphical desktop" in result.stderr
        assert "Traceback" not in result.stderr and "core dumped" not in result.stderr


def test_a_missing_xcb_cursor_library_is_named_with_the_fix():
    from backbreak.platform.display import display_problem

    env = {"DISPLAY": ":0"}
    assert "libxcb-cursor0" in display_problem(env, "linux", lambda _name: None)
    assert display_problem(env, "linux", lambda _name: "libxcb-cursor.so.0") is None
    assert display_problem({}, "win32") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None


def test_the_library_check_asks_the_dynamic_linker():
    """The real check (no ldconfig subprocess): .ci/run installs libxcb-cursor0."""
    from backbreak.platform.display import _loadable, display_problem

    assert _loadable("xcb-cursor") == "libxcb-cursor.so.0"
    assert _loadable("backbreak-no-such-library") is None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None


def test_status_and_pause_say_clearly_when_no_app_runs(backbreak_home):
    for args in (("status",), ("pause", "30m"), ("start", "neck-release")):
        result = run_cli(*args, home=backbreak_home)
        assert result.returncode == 3
        assert "backbreak is not running" in result.stderr and "Traceback" not in result.stderr
