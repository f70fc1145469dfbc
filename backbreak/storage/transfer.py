"""The files an import reads and an export writes: the user aims both, so both are checked.

An import file must be a regular file of bounded size (a named pipe or /dev/zero would hang
or fill memory; it is looked at without blocking). An export never lands on backbreak's own
files (the history database it reads, the settings, the logs, anything in its folders) and
never replaces an existing file unless asked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from backbreak.core.i18n import _
from backbreak.fs.atomic import write_atomic, write_new
from backbreak.storage.exchange import ExchangeError, ImportProblemError
from backbreak.storage.paths import AppPaths

MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""The largest import file read (ten years of heavy use export to well under half of it)."""
_CHUNK = 1024 * 1024
SIDE = ("-wal", "-shm", "-journal")


def read_import(path: Path) -> str:
    """The text of an import file. Raises ImportProblemError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ImportProblemError(_unreadable(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportProblemError(_("it is a folder, not an export file"))
        if not stat.S_ISREG(info.st_mode):
            raise ImportProblemError(
                _(
                    "it is not a regular file (a named pipe, a device or a socket): save the "
                    "export to a file first"
                )
            )
        too_big = ImportProblemError(
            _("it is larger than {size} MiB, more than any backbreak export").format(
                size=MAX_IMPORT_BYTES // (1024 * 1024)
            )
        )
        if info.st_size > MAX_IMPORT_BYTES:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, _CHUNK):
            size += len(chunk)
            if size > MAX_IMPORT_BYTES:  # it grew while being read
                raise too_big
            chunks.append(chunk)
    except OSError as exc:
        raise ImportProblemError(_unreadable(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportProblemError(
            _("it is not UTF-8 text (line {line}, byte {byte}): an export is UTF-8").format(
                line=line, byte=exc.start
            )
        ) from None


def _unreadable(exc: OSError) -> str:
    return _("it cannot be read ({why})").format(why=exc.strerror or exc)


def _own(paths: AppPaths) -> list[tuple[Path, str, str]]:
    """backbreak's own files and folders, each with what an export is told when it would be
    written there, and when it would be written inside it: sentences with {target} (where
    the export was aimed) and {own} (the file or folder)."""
    database = paths.database
    return [
        (
            database,
            _("{target} is the history database: an export never overwrites it"),
            _(
                "{target} is inside the history database {own}, where backbreak keeps its own "
                "files: export somewhere else"
            ),
        ),
        *(
            (
                database.with_name(database.name + s),
                _("{target} is the history database's {name}: an export never overwrites it"),
                _(
                    "{target} is inside the history database's {own}, where backbreak keeps its "
                    "own files: export somewhere else"
                ),
            )
            for s in SIDE
        ),
        (
            paths.settings_file,
            _("{target} is the settings file: an export never overwrites it"),
            _(
                "{target} is inside the settings file {own}, where backbreak keeps its own "
                "files: export somewhere else"
            ),
        ),
        (
            paths.log_file,
            _("{target} is backbreak's log file: an export never overwrites it"),
            _(
                "{target} is inside backbreak's log file {own}, where backbreak keeps its own "
                "files: export somewhere else"
            ),
        ),
        (
            paths.data_dir,
            _("{target} is backbreak's data folder: an export never overwrites it"),
            _(
                "{target} is inside backbreak's data folder {own}, where backbreak keeps its "
                "own files: export somewhere else"
            ),
        ),
        (
            paths.config_dir,
            _("{target} is backbreak's settings folder: an export never overwrites it"),
            _(
                "{target} is inside backbreak's settings folder {own}, where backbreak keeps "
                "its own files: export somewhere else"
            ),
        ),
        (
            paths.log_dir,
            _("{target} is backbreak's log folder: an export never overwrites it"),
            _(
                "{target} is inside backbreak's log folder {own}, where backbreak keeps its "
                "own files: export somewhere else"
            ),
        ),
        (
            paths.cache_dir,
            _("{target} is backbreak's cache folder: an export never overwrites it"),
            _(
                "{target} is inside backbreak's cache folder {own}, where backbreak keeps its "
                "own files: export somewhere else"
            ),
        ),
    ]


def _own_inodes(paths: AppPaths) -> set[tuple[int, int]]:
    """Every file in backbreak's folders, by device and inode (a hard link has another
    name but the same inode)."""
    found: set[tuple[int, int]] = set()
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir, paths.cache_dir):
        for parent, _dirs, names in os.walk(folder):
            for name in names:
                try:
                    info = (Path(parent) / name).stat()
                except OSError:
                    continue
                found.add((info.st_dev, info.st_ino))
    return found


def export_target(target: Path, paths: AppPaths, replace: bool, force_hint: str = "") -> Path:
    """Where an export to `target` may be written (symbolic links followed). Raises
    ExchangeError for backbreak's own files and folders, for anything that is not a regular
    file, and for an existing file unless `replace` (then `force_hint` says how to ask)."""
    resolved = target.expanduser().resolve()
    for own, is_it, inside_it in _own(paths):
        mine = own.resolve()
        if resolved == mine:
            raise ExchangeError(is_it.format(target=target, name=own.name))
        if resolved.is_relative_to(mine):
            raise ExchangeError(inside_it.format(target=target, own=own))
    try:
        info = resolved.stat()
    except OSError:  # not there (or not reachable: writing it will say why)
        return resolved
    if (info.st_dev, info.st_ino) in _own_inodes(paths):
        raise ExchangeError(
            _("{target} is another name for one of backbreak's own files").format(target=target)
        )
    if stat.S_ISDIR(info.st_mode):
        raise ExchangeError(
            _("{target} is a folder: name a file to export to").format(target=target)
        )
    if not stat.S_ISREG(info.st_mode):
        raise ExchangeError(
            _("{target} is not a regular file: name a file to export to").format(target=target)
        )
    if not replace:
        raise ExchangeError(
            # TRANSLATORS: {hint} is empty or says how to replace the file ("; add --force
            # to replace it").
            _("{target} already exists and was left as it is{hint}").format(
                target=target, hint=force_hint
            )
        )
    return resolved


def write_export(target: Path, text: str, replace: bool) -> None:
    """Write a checked target atomically: a new file only, unless `replace`. Raises OSError
    (FileExistsError when a file appeared there meanwhile)."""
    if replace:
        write_atomic(target, text)
    else:
        write_new(target, text)
