"""The hostile-input corpus's yardstick, shared by every boundary.

A case plants something hostile in a fresh profile (a file, a database row, an import file),
then runs one command line in-process (or none) and checks what a user would see:

- no traceback, ever, and no exception escaping `backbreak.cli.main`;
- the exit status says what happened: 0 fine, 1 bad input, 2 usage, 3 app not running;
- the message names what is wrong (the file, the line, the field or the argument);
- every file that was there before is still there byte for byte (moved aside is fine:
  a file with the same bytes elsewhere in the profile counts; changed is not);
- and the app still starts with the bad thing in place (its profile read as `app.py` reads
  it, the real shell built on top, offscreen).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backbreak.storage.paths import AppPaths

Setup = Callable[[AppPaths], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    argv: Sequence[str] = ()
    code: int | None = 0
    """Expected exit status (None: any of 0, 1)."""
    words: Sequence[str] = ()
    """Each must appear in the output or the error stream (case-insensitive)."""
    stdin: str = ""
    starts: bool = True
    """The app must still start with the hostile thing in place."""


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return f"{self.out}\n{self.err}"


def paths() -> AppPaths:
    found = AppPaths.from_environment()
    found.ensure()
    return found


def cli(argv: Sequence[str], stdin: str = "") -> Outcome:
    """`backbreak ARGV` in-process; argparse's own exits become their status."""
    from backbreak.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _stdin(stdin),
    ):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Outcome(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    import sys

    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


@dataclass
class Snapshot:
    """Every regular file under a folder, with its bytes (links and pipes by kind)."""

    files: dict[Path, bytes] = field(default_factory=dict)
    others: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path) -> Snapshot:
        shot = cls()
        for folder, dirs, names in os.walk(root):
            for name in names + dirs:
                path = Path(folder) / name
                mode = path.lstat().st_mode
                if stat.S_ISREG(mode):
                    shot.files[path] = path.read_bytes()
                elif not stat.S_ISDIR(mode):
                    shot.others[path] = stat.filemode(mode)
        return shot

    def kept_in(self, after: Snapshot) -> list[str]:
        """What of this snapshot is missing or changed in `after` (empty: all kept)."""
        lost = []
        contents = set(after.files.values())
        for path, data in self.files.items():
            if after.files.get(path) == data:
                continue
            if data in contents:  # moved aside (a backup with the same bytes)
                continue
            lost.append(f"{path} was changed or lost")
        for path, kind in self.others.items():
            if after.others.get(path) != kind:
                lost.append(f"{path} ({kind}) was replaced")
        return lost


def app_starts() -> str:
    """Read the profile as app.py does and build the real shell on it, offscreen; the
    status line it shows. Needs a QApplication (use the qtbot fixture)."""
    from backbreak.platform import zone
    from backbreak.platform.notify import NotifierChain
    from backbreak.services.profile import open_profile
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.shell import Shell
    from backbreak.ui.waker import SchedulerWaker
    from tests.helpers.desk import StandInScheduler
    from tests.helpers.fakes import FakeClock

    where = paths()
    clock = FakeClock()
    profile = open_profile(where, clock.now())
    scheduler = StandInScheduler()
    shell = Shell(
        clock,
        where,
        SettingsStore(where.settings_file, profile.settings.settings),
        profile.library,
        profile.log.log,
        NotifierChain([]),
        SchedulerWaker(clock, scheduler=lambda: scheduler),
        zone.for_this_system(),
        tray_available=False,
    )
    try:
        shell.start()
        return shell.status_text()
    finally:
        shell.waker.stop()
        shell.windows.close_all()
        if shell._status_window is not None:
            shell._status_window.hide()
        if profile.log.log is not None:
            profile.log.log.close()


def check(case: Case) -> Outcome:
    """Run one case and assert everything the module docstring promises."""
    where = paths()
    case.setup(where)
    root = Path(os.environ["BACKBREAK_HOME"])  # every test has its own (tests/conftest.py)
    before = Snapshot.of(root)
    result = cli(case.argv, case.stdin) if case.argv else Outcome(0, "", "")
    assert "Traceback" not in result.text, result.text
    if case.code is None:
        assert result.code in (0, 1), result
    else:
        assert result.code == case.code, result
    for word in case.words:
        assert word.lower() in result.text.lower(), (word, result)
    if case.starts:
        status = app_starts()
        assert status, "the app started but shows no status"
    lost = before.kept_in(Snapshot.of(root))
    assert not lost, lost
    return result
