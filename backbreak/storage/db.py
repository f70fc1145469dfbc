"""The completion log: SQLite with WAL, versioned migrations, parameterised SQL only.

Opening is where a hostile file is met. A file is inspected read-only first (is it a regular
file, is it backbreak's, is it intact): another program's database, or a damaged one, is
moved aside with every byte as it was, never switched to WAL or migrated into. A newer
schema is left untouched; a folder we cannot write makes the log unavailable, not the app.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from backbreak.core.i18n import _
from backbreak.fs.atomic import backup_name
from backbreak.storage.eventlog import (
    EventLog,
    LogError,
    LogUnavailableError,
    LogWriteError,
    primary_code,
)
from backbreak.storage.paths import make_private_dir
from backbreak.storage.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    ForeignDatabaseError,
    check_intact,
    migrate,
    recognise,
)

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "EventLog",
    "LogError",
    "LogUnavailableError",
    "LogWriteError",
    "OpenResult",
    "open_log",
    "read_log",
]

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")
"""SQLite's own files beside the log: the same rules apply to them."""


@dataclass
class OpenResult:
    log: EventLog | None
    notices: list[str] = field(default_factory=list)
    """Sentences for the user: a backup made, why nothing is logged, …"""


def _connect(path: Path, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?{flags}", uri=True, timeout=5)
    else:
        conn = sqlite3.connect(path, timeout=5)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


#: Errors that say the file cannot be used *now* (a full disk, no permission, an I/O error, a
#: lock held too long), not that it is damaged: such a file is left exactly where it is.
_NOT_NOW = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_NOLFS,
        sqlite3.SQLITE_AUTH,
    }
)


def _not_now(exc: BaseException) -> bool:
    return primary_code(exc) in _NOT_NOW or any(  # not translated: SQLite's words, looked for
        words in str(exc) for words in ("readonly", "unable to open", "disk I/O")
    )


def _not_regular(path: Path) -> str:
    """Why the log or one of its side files is no regular file SQLite may open ("" if none
    is): a named pipe would hang every read, a device would be read for ever."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            mode = candidate.stat().st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            return _("{file} cannot be looked at ({why})").format(
                file=candidate, why=exc.strerror or exc
            )
        if stat.S_ISDIR(mode):
            return _("{file} is a folder").format(file=candidate)
        if not stat.S_ISREG(mode):
            return _("{file} is not a regular file").format(file=candidate)
    return ""


def open_log(path: Path, now: datetime, check_pages: bool = True) -> OpenResult:
    """Open (creating or migrating) the log for writing. Never raises.

    `check_pages`: SQLite's quick check reads every page (a tenth of a second for a decade
    of heavy use), so a damaged file is moved aside before anything is written to it. The
    window process the app starts leaves it out: the app checked the file at its start, and
    a read of a page damaged since fails with its own message."""
    try:
        make_private_dir(path.parent)
        odd = _not_regular(path)
        if odd:
            return OpenResult(None, [_left_alone(path, odd)])
        _create_private(path)
    except OSError as exc:
        return OpenResult(None, [_unwritable(path, exc)])
    try:
        version = _inspect(path, check_pages)
    except ForeignDatabaseError as exc:
        return _move_aside_and_retry(path, now, exc)
    except LogUnavailableError as exc:
        return OpenResult(None, [str(exc)])
    except sqlite3.DatabaseError as exc:
        if _not_now(exc):
            return OpenResult(None, [_unwritable(path, exc)])
        return _move_aside_and_retry(path, now, exc)
    except OSError as exc:
        return OpenResult(None, [_unwritable(path, exc)])
    if 0 < version < SCHEMA_VERSION:
        try:
            kept = _copy_before_migrating(path, now, version)
        except OSError as exc:
            return OpenResult(None, [_unwritable(path, exc)])
        log.info("upgrading %s from schema %d; the old file is kept as %s", path, version, kept)
    return _open_recognised(path, now, version, may_move_aside=True)


def _copy_before_migrating(path: Path, now: datetime, version: int) -> Path:
    """Keep the log as an older backbreak left it, byte for byte (with its -wal, which may
    hold changes not yet written back), before the first write migrates it. Raises
    OSError; then nothing is migrated."""
    backup = backup_name(path, now, f"schema{version}")
    _copy_private(path, backup)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        _copy_private(wal, backup.with_name(backup.name + "-wal"))
    return backup


def _copy_private(source: Path, target: Path) -> None:
    """Copy into a new user-only file (history is health data)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()  # no half copy left behind (a full disk)
        raise


def _inspect(path: Path, check_pages: bool = True) -> int:
    """The schema version of the log at `path`, found without writing a byte. Raises
    ForeignDatabaseError, LogUnavailableError (a newer schema) or sqlite3.DatabaseError."""
    conn, _version = _open_to_read(path)
    try:
        version = recognise(conn)
        if version > SCHEMA_VERSION:
            raise LogUnavailableError(
                _(
                    "The history database {path} was written by a newer backbreak (schema "
                    "{version}, this one knows {known}). It was left untouched; breaks are not "
                    "being logged. Update backbreak to keep logging."
                ).format(path=path, version=version, known=SCHEMA_VERSION)
            )
        if check_pages:
            check_intact(conn)
        return version
    finally:
        conn.close()


CACHE_KIB = 512


def _open_recognised(path: Path, now: datetime, version: int, may_move_aside: bool) -> OpenResult:
    """Open a file known to be backbreak's (or empty) for writing, and migrate it."""
    try:
        conn = _connect(path, read_only=False)
    except sqlite3.Error as exc:
        return OpenResult(None, [_unwritable(path, exc)])
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # The connection the tray app keeps all day: a page cache of 512 KiB, not SQLite's
        # 2 MiB, which years of history would fill at start and keep (queries here read
        # indexed day ranges; the history window's own reads are just as fast).
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        migrate(conn, version)
        return OpenResult(EventLog(conn, path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        # A full disk or a missing permission is no reason to call a healthy history
        # damaged and move it aside (and a fresh file would fail the same way).
        if _not_now(exc) or not may_move_aside:
            return OpenResult(None, [_unwritable(path, exc)])
        return _move_aside_and_retry(path, now, exc)


def _disk_full(path: Path, exc: Exception) -> bool:
    """SQLite says "disk I/O error" when it cannot even make its shared-memory file."""
    code = primary_code(exc)
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _create_private(path: Path) -> None:
    """A new log starts as an empty user-only (0600) file; SQLite gives its -wal and -shm
    files the same mode. An existing file keeps its mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _unwritable(path: Path, exc: Exception) -> str:
    if _disk_full(path, exc):
        return _(
            "The history database {path} cannot be written: the disk is full. backbreak keeps "
            "running, but breaks are not being logged until there is free space again (then "
            "restart backbreak)."
        ).format(path=path)
    return _(
        "The history database {path} cannot be opened for writing ({error}). backbreak keeps "
        "running, but breaks are not being logged until the folder is writable."
    ).format(path=path, error=exc)


def _left_alone(path: Path, why: str) -> str:
    return _(
        "The history database cannot be used: {why}. It was left as it is; backbreak keeps "
        "running, but breaks are not being logged until {path} is a regular file (or gone)."
    ).format(why=why, path=path)


def _move_aside_and_retry(path: Path, now: datetime, exc: Exception) -> OpenResult:
    foreign = isinstance(exc, ForeignDatabaseError)
    backup = backup_name(path, now, "foreign" if foreign else "corrupt")
    try:
        path.rename(backup)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
    except OSError as move_error:
        stuck = (
            _(
                "The history database {path} is not a backbreak history ({error}) and could "
                "not be moved aside ({move_error}). It was left untouched; breaks are not being "
                "logged."
            )
            if foreign
            else _(
                "The history database {path} is damaged ({error}) and could not be moved aside "
                "({move_error}). It was left untouched; breaks are not being logged."
            )
        )
        return OpenResult(None, [stuck.format(path=path, error=exc, move_error=move_error)])
    notice = (
        _(
            "The history database was not a backbreak history ({error}). It was kept as "
            "{backup} and a new, empty history was started."
        )
        if foreign
        else _(
            "The history database was damaged ({error}). It was kept as {backup} and a new, "
            "empty history was started."
        )
    ).format(error=exc, backup=backup)
    try:
        _create_private(path)
    except OSError as create_error:
        return OpenResult(None, [notice, _unwritable(path, create_error)])
    result = _open_recognised(path, now, 0, may_move_aside=False)  # once: a new file is fine
    result.notices.insert(0, notice)
    return result


def _open_to_read(path: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection and the schema version. Raises sqlite3.DatabaseError.

    A log in WAL mode needs its -shm file, which SQLite makes beside it: in a folder the
    user cannot write (a read-only profile) that fails. When no -wal file holds changes
    not yet written back, the main file is all there is, and it is read as immutable.
    """
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, read_only=True)
        return conn, int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        wal = path.with_name(path.name + "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        if pending or primary_code(exc) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
            raise
    conn = _connect(path, read_only=True, immutable=True)
    try:
        return conn, int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        conn.close()
        raise


@contextlib.contextmanager
def read_log(path: Path) -> Iterator[EventLog | None]:
    """Open for reading only (the CLI): never creates, migrates or moves anything. Raises
    LogUnavailableError (also for any read of the log inside the block)."""
    if not path.exists():
        yield None
        return
    odd = _not_regular(path)
    if odd:
        raise LogUnavailableError(_("The history database cannot be read: {why}.").format(why=odd))
    try:
        conn, _version = _open_to_read(path)
    except (sqlite3.DatabaseError, OSError) as exc:
        if primary_code(exc) in _NOT_NOW:
            raise LogUnavailableError(
                _(
                    "The history database {path} cannot be read here ({error}). The file itself "
                    "looks fine: check that you may read it and write in its folder."
                ).format(path=path, error=exc)
            ) from exc
        raise LogUnavailableError(_damaged(path, exc)) from exc
    try:
        version = recognise(conn)
    except ForeignDatabaseError as exc:
        conn.close()
        raise LogUnavailableError(
            _(
                "The history database {path} is not a backbreak history ({error}). Start "
                "backbreak once: it will keep the file as a backup and start a new history."
            ).format(path=path, error=exc)
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LogUnavailableError(_damaged(path, exc)) from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise LogUnavailableError(
            _(
                "The history database {path} was written by a newer backbreak (schema "
                "{version}); update backbreak to read it."
            ).format(path=path, version=version)
        )
    if version == 0:
        conn.close()
        yield None
        return
    log = EventLog(conn, path, version)
    try:
        yield log
    finally:
        log.close()


def _damaged(path: Path, exc: BaseException) -> str:
    return _(
        "The history database {path} cannot be read ({error}). Start backbreak once: it will "
        "keep the damaged file as a backup and start a new one."
    ).format(path=path, error=exc)
