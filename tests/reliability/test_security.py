"""Security properties a user relies on without ever seeing them.

A shared routine file cannot make backbreak open the user's other files; the profile (health
data: breaks, tension check-ins) is readable by its owner only; and the app never opens a
network connection: its only socket is the local one a second launch talks to.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from backbreak.cli import main
from backbreak.content.loader import load_file, load_library
from backbreak.storage.paths import AppPaths
from tests.reliability.audit import watch

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
LINUX = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads sockets from /proc, which only Linux has"
)
ROOT = Path(__file__).resolve().parents[2]

ROUTINE = """\
id = "{id}"
version = 1
title = "Neck release"
category = "stretch"
summary = "Loosen a stiff neck."
duration_seconds = 20
safety = ["Move slowly."]

[[steps]]
title = "Side tilt"
instruction = "Tilt your ear towards your shoulder."
seconds = 20
image = "{image}"

[[sources]]
file = "000_x.txt"
quote = "take short breaks to stretch"
"""


def routine(rid: str, image: str = "pic.svg") -> str:
    escaped = image.replace("\\", "\\\\").replace('"', '\\"').replace("\0", "\\u0000")
    return ROUTINE.format(id=rid, image=escaped)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -- the watcher itself -------------------------------------------------------------------


def test_the_watcher_sees_writes_outside_and_inet_sockets(tmp_path: Path):
    """The fuzz and network tests rely on this hook; prove it notices what they forbid."""
    inside, outside = tmp_path / "profile", tmp_path / "elsewhere"
    inside.mkdir()
    with watch() as seen:
        (inside / "ok.txt").write_text("fine")
        outside.mkdir()
        (outside / "bad.txt").write_text("not fine")
        (outside / "bad.txt").rename(outside / "moved.txt")
        os.close(os.open(outside / "raw", os.O_WRONLY | os.O_CREAT, 0o600))
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
        with contextlib.suppress(OSError):
            socket.getaddrinfo("localhost", 80)
    (outside / "later.txt").write_text("not watched")  # outside the block: not recorded
    flagged = {(event, Path(path).name) for event, path in seen.writes_outside(inside)}
    assert {
        ("os.mkdir", "elsewhere"),
        ("open", "bad.txt"),
        ("os.rename", "bad.txt"),
        ("os.rename", "moved.txt"),
        ("open", "raw"),
    } <= flagged
    assert not any(name == "later.txt" for _, name in flagged)
    assert ("open", str(inside / "ok.txt")) in seen.writes
    assert {"socket.__new__", "socket.bind", "socket.getaddrinfo"} <= {
        event for event, _ in seen.non_local_sockets()
    }


# -- routine files stay inside their folders ----------------------------------------------

ESCAPES = [
    "../../etc/passwd",
    "illustrations/../../../etc/passwd",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "~root/.bashrc",
    "C:\\Windows\\win.ini",
    "C:/Windows/win.ini",
    "C:win.ini",
    "\\\\server\\share\\pic.svg",
    "..\\..\\secret.svg",
    "pic.svg\0../../etc/passwd",
]


@pytest.fixture
def library_folders(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    shipped, user, assets, outside = (
        tmp_path / n for n in ("shipped", "user", "assets", "outside")
    )
    for folder in (shipped, user, assets, outside):
        folder.mkdir()
    (assets / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (outside / "secret.svg").write_text("<svg><!-- the user's private file --></svg>")
    return shipped, user, assets, outside


@pytest.mark.parametrize("image", ESCAPES)
@pytest.mark.parametrize("with_assets", [True, False], ids=["assets", "no-assets-folder"])
def test_an_image_outside_the_assets_folder_skips_the_routine_with_a_reason(
    library_folders, image: str, with_assets: bool
):
    """Paths that could read another file: the routine is skipped and its author told why;
    the check holds even where no assets folder is known (`routines validate` on a file)."""
    shipped, user, assets, _ = library_folders
    (user / "sneaky.toml").write_text(routine("sneaky", image))
    (user / "fine.toml").write_text(routine("fine"))
    library = load_library(shipped, user, assets if with_assets else None)
    assert list(library.routines) == ["fine"]  # the app keeps going with the others
    [problem] = library.problems
    assert problem.path == str(user / "sneaky.toml") and problem.where == "steps[1].image"
    assert "must stay inside the assets folder" in problem.message


@pytest.fixture
def can_link(tmp_path: Path) -> None:
    try:
        (tmp_path / "probe-link").symlink_to(tmp_path)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")


@pytest.mark.usefixtures("can_link")
@pytest.mark.parametrize("layout", ["file-link", "folder-link"])
def test_a_link_in_the_assets_folder_that_leads_out_is_refused(library_folders, layout: str):
    """A downloaded routine pack with a link to ~/.ssh must not show (or probe) that file."""
    _, user, assets, outside = library_folders
    if layout == "file-link":
        (assets / "evil.svg").symlink_to(outside / "secret.svg")
        image = "evil.svg"
    else:
        (assets / "pics").symlink_to(outside, target_is_directory=True)
        image = "pics/secret.svg"
    (user / "sneaky.toml").write_text(routine("sneaky", image))
    routine_, problems = load_file(user / "sneaky.toml", assets)
    assert routine_ is None
    assert problems[0].where == "steps[1].image"
    assert "must stay inside the assets folder" in problems[0].message
    assert "link" in problems[0].message


@pytest.mark.usefixtures("can_link")
def test_a_link_that_stays_inside_the_assets_folder_is_fine(library_folders):
    """The check is about where a path leads, not a ban on links."""
    _, user, assets, _ = library_folders
    (assets / "alias.svg").symlink_to(assets / "pic.svg")
    (user / "linked.toml").write_text(routine("linked", "alias.svg"))
    routine_, problems = load_file(user / "linked.toml", assets)
    assert problems == [] and routine_ is not None and routine_.steps[0].image == "alias.svg"


@pytest.mark.usefixtures("can_link")
def test_a_routine_file_linked_from_outside_the_user_folder_is_skipped(library_folders):
    """Routines are read only from their folders: a link there must not pull in any file."""
    shipped, user, assets, outside = library_folders
    (outside / "linked.toml").write_text(routine("linked"))
    (user / "linked.toml").symlink_to(outside / "linked.toml")
    (user / "fine.toml").write_text(routine("fine"))
    (user / "loop.toml").symlink_to(user / "loop.toml")
    library = load_library(shipped, user, assets)
    assert list(library.routines) == ["fine"]
    problems = {Path(p.path).name: p.message for p in library.problems}
    assert set(problems) == {"linked.toml", "loop.toml"}
    assert "outside" in problems["linked.toml"] and "copy the file" in problems["linked.toml"]
    assert "cannot be read" in problems["loop.toml"]


@pytest.mark.usefixtures("can_link")
def test_the_cli_lists_the_other_routines_and_says_which_was_skipped(
    backbreak_home: Path, tmp_path: Path
):
    """`backbreak routines list` goes on, and names the refused file on stderr."""
    user = AppPaths.from_environment().user_routines
    user.mkdir(parents=True)
    (user / "sneaky.toml").write_text(routine("sneaky", "../../../../etc/passwd"))
    code, out, err = run_cli("routines", "list", "--json")
    assert code == 0
    assert "sneaky" not in {r["id"] for r in json.loads(out)}
    assert "skipped:" in err and "sneaky.toml" in err and "must stay inside" in err


# -- a private profile --------------------------------------------------------------------


@POSIX
def test_profile_folders_are_created_user_only(backbreak_home: Path):
    """Other accounts on the machine must not read someone's breaks and check-ins, whatever
    the umask says."""
    paths = AppPaths.from_environment()
    with umask(0o022):
        paths.ensure()
    for folder in (
        backbreak_home,
        paths.config_dir,
        paths.data_dir,
        paths.log_dir,
        paths.cache_dir,
    ):
        assert mode(folder) == 0o700, folder
    with umask(0o277):  # even a umask that would make them unusable
        AppPaths(*(backbreak_home / "odd" / n for n in ("c", "d", "l", "k"))).ensure()
    assert mode(backbreak_home / "odd") == mode(backbreak_home / "odd" / "d") == 0o700


@POSIX
def test_a_folder_the_user_made_keeps_its_mode(backbreak_home: Path):
    """backbreak does not chmod folders it did not create: that is the user's choice."""
    backbreak_home.mkdir(mode=0o755)
    backbreak_home.chmod(0o755)
    paths = AppPaths.from_environment()
    paths.config_dir.mkdir(mode=0o750)
    paths.config_dir.chmod(0o750)
    with umask(0o022):
        paths.ensure()
    assert mode(backbreak_home) == 0o755 and mode(paths.config_dir) == 0o750
    assert mode(paths.data_dir) == mode(paths.log_dir) == mode(paths.cache_dir) == 0o700


@POSIX
def test_settings_and_history_files_are_user_only(backbreak_home: Path):
    """The files themselves, too: a copied folder or a loose parent mode must not expose them."""
    from backbreak.core.events import EventKind, LogEntry
    from backbreak.storage.db import open_log
    from backbreak.storage.settings_file import load_settings

    paths = AppPaths.from_environment()
    now = datetime.now().astimezone()
    with umask(0o022):
        assert load_settings(paths.settings_file, now).first_run
        opened = open_log(paths.database, now)
        assert opened.log is not None
        with opened.log as log:
            log.record(LogEntry(EventKind.COMPLETED, now, "neck-release"))
            files = [
                paths.database,
                *(paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")),
            ]
            assert all(f.exists() for f in files)
            for file in files:
                assert mode(file) == 0o600, file
    assert mode(paths.settings_file) == 0o600
    assert mode(paths.config_dir) == mode(paths.data_dir) == 0o700


@POSIX
@pytest.mark.parametrize(
    "argv",
    [
        ("config", "set", "schedule.snooze", "10m"),
        ("import", "{export}"),
        ("routines", "new", "my-neck"),
    ],
    ids=["config-set", "import", "routines-new"],
)
def test_cli_commands_that_create_the_profile_create_it_user_only(
    backbreak_home: Path, tmp_path: Path, argv: tuple[str, ...]
):
    """A first run from the terminal (before the tray app ever started) is private too."""
    export = tmp_path / "export.json"
    export.write_text('[{"uid": "a1", "kind": "completed", "at": "2026-01-05T10:00:00+01:00"}]')
    with umask(0o022):
        code, _, err = run_cli(*(a.format(export=export) for a in argv))
    assert code == 0, err
    paths = AppPaths.from_environment()
    made = [
        f
        for f in (backbreak_home, paths.config_dir, paths.data_dir, paths.user_routines)
        if f.exists()
    ]
    assert len(made) >= 2
    for folder in made:
        assert mode(folder) == 0o700, folder
    for file in (paths.settings_file, paths.database):
        if file.exists():
            assert mode(file) == 0o600, file


# -- no network ---------------------------------------------------------------------------

# `python -m backbreak`, with an audit hook that logs every Python-level socket use first:
# /proc shows the sockets open at one moment, the hook also the ones that came and went.
LAUNCHER = """\
import json, os, sys
log = open(os.environ["BB_SOCKET_LOG"], "a", buffering=1, encoding="utf-8")
def hook(event, args):
    if event in ("socket.bind", "socket.connect", "socket.sendto", "socket.sendmsg"):
        family = getattr(getattr(args[0], "family", None), "name", "?")
        log.write(json.dumps([event, family, repr(args[1])]) + "\\n")
    elif event.startswith(("socket.gethostby", "socket.getaddrinfo", "socket.getnameinfo")):
        log.write(json.dumps([event, "name lookup", repr(args[0])]) + "\\n")
sys.addaudithook(hook)
import runpy
sys.argv = ["backbreak"]
runpy.run_module("backbreak", run_name="__main__", alter_sys=True)
"""
INET_TABLES = ("tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6")
SO_ACCEPTCON = 0x10000  # /proc/net/unix flags: a listening socket


class RunningApp:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "profile"
        self.tmp = root / "tmp"
        self.socket_log = root / "sockets.jsonl"
        self.stderr = root / "stderr.txt"
        self.paths = AppPaths.from_environment({"BACKBREAK_HOME": str(self.home)})
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RunningApp:
        for folder in (self.tmp, self.root / "home", self.root / "run"):
            folder.mkdir(mode=0o700, parents=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "DBUS_SESSION_BUS_ADDRESS",
                "DISPLAY",
                "WAYLAND_DISPLAY",
                "BACKBREAK_DEBUG",
                "PYTEST_CURRENT_TEST",
            )
        }
        env.update(
            BACKBREAK_HOME=str(self.home),
            QT_QPA_PLATFORM="offscreen",
            TMPDIR=str(self.tmp),
            HOME=str(self.root / "home"),
            XDG_CONFIG_HOME=str(self.root / "home" / ".config"),
            XDG_CACHE_HOME=str(self.root / "home" / ".cache"),
            XDG_DATA_HOME=str(self.root / "home" / ".local" / "share"),
            XDG_RUNTIME_DIR=str(self.root / "run"),
            PYTHONPATH=str(ROOT),
            BB_SOCKET_LOG=str(self.socket_log),
        )
        with self.stderr.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", LAUNCHER],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the app did not become ready: {self.stderr.read_text()}")
            time.sleep(0.2)
        return self

    def ready(self) -> bool:
        try:
            return "backbreak is ready" in self.paths.log_file.read_text(errors="replace")
        except OSError:
            return False

    def expected_endpoint(self) -> str:
        from backbreak.platform import ipc

        saved = tempfile.tempdir
        tempfile.tempdir = str(self.tmp)  # the child's TMPDIR
        try:
            return ipc.endpoint(str(self.paths.data_dir))
        finally:
            tempfile.tempdir = saved

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    if not sys.platform.startswith("linux"):
        pytest.skip("reads sockets from /proc, which only Linux has")
    app = RunningApp(tmp_path_factory.mktemp("running-app")).start()
    try:
        yield app
    finally:
        app.stop()


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = str(fd.readlink())
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    return inodes


def _inodes_in(table: Path, column: int) -> set[str]:
    try:
        lines = table.read_text().splitlines()[1:]
    except OSError:
        return set()  # a kernel without this protocol
    return {fields[column] for fields in map(str.split, lines) if len(fields) > column}


def classify_sockets(pid: int, inodes: set[str]) -> dict[str, str]:
    """inode -> "unix", "netlink", "tcp", "udp6", …, or "unknown" (a network socket not yet
    bound or connected is in no table: only the local kinds are recognised as harmless)."""
    kinds = dict.fromkeys(inodes, "unknown")
    for table in INET_TABLES:
        for inode in _inodes_in(Path(f"/proc/{pid}/net/{table}"), 9) & inodes:
            kinds[inode] = table
    for inode in _inodes_in(Path(f"/proc/{pid}/net/netlink"), 9) & inodes:
        kinds[inode] = "netlink"  # kernel messages (e.g. network state), not a connection
    for inode in _inodes_in(Path(f"/proc/{pid}/net/unix"), 6) & inodes:
        kinds[inode] = "unix"
    return kinds


def listening_unix_sockets(pid: int, inodes: set[str]) -> list[str]:
    listening = []
    for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 7 and fields[6] in inodes and int(fields[3], 16) & SO_ACCEPTCON:
            listening.append(fields[7] if len(fields) > 7 else "(unnamed)")
    return listening


@LINUX
def test_the_running_app_opens_no_network_socket(running_app: RunningApp):
    """Break reminders need no network: no inet socket at all, and the one listening socket
    is the local single-instance socket that `backbreak status` talks to."""
    assert running_app.proc is not None
    pid = running_app.proc.pid
    kinds: dict[str, str] = {}
    seen_listening: set[str] = set()
    for _ in range(15):  # the first seconds after start, when lazy adapters wake up
        inodes = socket_inodes(pid)
        kinds.update(classify_sockets(pid, inodes))
        seen_listening.update(listening_unix_sockets(pid, inodes))
        time.sleep(0.2)
    assert running_app.proc.poll() is None, running_app.stderr.read_text()
    assert "unix" in kinds.values(), "no local socket: /proc is not showing the app's sockets"
    assert {inode: kind for inode, kind in kinds.items() if kind not in ("unix", "netlink")} == {}
    [bound] = seen_listening
    endpoint = Path(running_app.expected_endpoint())
    # Qt's owner-only option binds in a private temporary folder, then renames the socket file
    # to its name: /proc keeps the name it was bound under.
    assert Path(bound) == endpoint or Path(bound).parent.parent == running_app.tmp, bound
    assert stat.S_ISSOCK(endpoint.stat().st_mode)
    assert stat.S_IMODE(endpoint.stat().st_mode) & 0o077 == 0  # owner only
    calls = [json.loads(line) for line in running_app.socket_log.read_text().splitlines()]
    assert [c for c in calls if c[1] != "AF_UNIX"] == []


@LINUX
def test_the_running_app_answers_on_its_local_socket(running_app: RunningApp):
    """The listening socket checked above is really the app's: `backbreak status` gets through."""
    from backbreak.platform import ipc

    saved = tempfile.tempdir
    tempfile.tempdir = str(running_app.tmp)
    try:
        reply = ipc.request(str(running_app.paths.data_dir), "status", timeout=10)
    finally:
        tempfile.tempdir = saved
    assert reply and reply.ok


@POSIX
@LINUX
def test_the_running_app_keeps_its_profile_private(running_app: RunningApp):
    """The real start-up path (log folder first, then the rest) makes every folder 0700."""
    paths = running_app.paths
    for folder in (
        running_app.home,
        paths.config_dir,
        paths.data_dir,
        paths.log_dir,
        paths.cache_dir,
    ):
        assert mode(folder) == 0o700, folder
    assert mode(paths.settings_file) == mode(paths.database) == 0o600


@pytest.mark.parametrize(
    "argv",
    [
        ("routines", "list"),
        ("routines", "list", "--json"),
        ("stats",),
        ("stats", "--json"),
        ("export",),
        ("export", "--format", "csv"),
        ("history",),
        ("plan",),
    ],
    ids=lambda a: " ".join(a),
)
def test_cli_commands_use_no_network(argv: tuple[str, ...]):
    """The headless commands read local files only: no inet socket, no name lookup."""
    from backbreak.core.events import EventKind, LogEntry
    from backbreak.storage.db import open_log

    paths = AppPaths.from_environment()
    now = datetime.now().astimezone()
    with open_log(paths.database, now).log as log:  # type: ignore[union-attr]
        log.record(LogEntry(EventKind.COMPLETED, now, "neck-release"))
    with watch() as seen:
        code, _, err = run_cli(*argv)
    assert code == 0, err
    assert seen.non_local_sockets() == []


@pytest.mark.skipif(
    sys.platform == "win32", reason="on Windows the CLI reaches the app through a named pipe"
)
def test_the_network_check_sees_a_local_connection_attempt():
    """`backbreak status` connects to a Unix socket (a stale one nobody answers on): the
    check notices it, and lets it pass as local."""
    from backbreak.platform.ipc import endpoint

    path = Path(endpoint(str(AppPaths.from_environment().data_dir)))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # bound, never listening: what a crashed app leaves behind
    try:
        with watch() as seen:
            code, _, _ = run_cli("status")
    finally:
        stale.close()
        path.unlink(missing_ok=True)
    assert code == 3
    assert ("socket.connect", "AF_UNIX") in seen.sockets
    assert seen.non_local_sockets() == []
