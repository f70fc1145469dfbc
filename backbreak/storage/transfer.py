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
        raise ImportProblemError(f"it cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportProblemError("it is a folder, not an export file")
        if not stat.S_ISREG(info.st_mode):
            raise ImportProblemError(
                "it is not a regular file (a named pipe, a device or a socket): save the "
                "export to a file first"
            )
        too_big = ImportProblemError(
            f"it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB, more than any "
            "backbreak export"
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
        raise ImportProblemError(f"it cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportProblemError(
            f"it is not UTF-8 text (line {line}, byte {exc.start}): an export is UTF-8"
        ) from None


def _own(paths: AppPaths) -> list[tuple[Path, str]]:
    """backbreak's own files and folders, each with the words that name it."""
    database = paths.database
    return [
        (database, "the history database"),
        *((database.with_name(database.name + s), "the history database's") for s in SIDE),
        (paths.settings_file, "the settings file"),
        (paths.log_file, "backbreak's log file"),
        (paths.data_dir, "backbreak's data folder"),
        (paths.config_dir, "backbreak's settings folder"),
        (paths.log_dir, "backbreak's log folder"),
        (paths.cache_dir, "backbreak's cache folder"),
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
    for own, words in _own(paths):
        mine = own.resolve()
        if resolved == mine:
            name = f"{words} {own.name}" if words.endswith("'s") else words
            raise ExchangeError(f"{target} is {name}: an export never overwrites it")
        if resolved.is_relative_to(mine):
            raise ExchangeError(
                f"{target} is inside {words} {own}, where backbreak keeps its own files: "
                "export somewhere else"
            )
    try:
        info = resolved.stat()
    except OSError:  # not there (or not reachable: writing it will say why)
        return resolved
    if (info.st_dev, info.st_ino) in _own_inodes(paths):
        raise ExchangeError(f"{target} is another name for one of backbreak's own files")
    if stat.S_ISDIR(info.st_mode):
        raise ExchangeError(f"{target} is a folder: name a file to export to")
    if not stat.S_ISREG(info.st_mode):
        raise ExchangeError(f"{target} is not a regular file: name a file to export to")
    if not replace:
        raise ExchangeError(f"{target} already exists and was left as it is{force_hint}")
    return resolved


def write_export(target: Path, text: str, replace: bool) -> None:
    """Write a checked target atomically: a new file only, unless `replace`. Raises OSError
    (FileExistsError when a file appeared there meanwhile)."""
    if replace:
        write_atomic(target, text)
    else:
        write_new(target, text)
