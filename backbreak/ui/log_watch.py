"""Noticing that the history database changed, whoever wrote it.

An open History window must show what the log holds: a break the app logged, `backbreak
import` in a terminal, a History opened alone (`backbreak open history`) before the app
started. Only the app's own window process hears the app, so the window watches the files
instead: the database, its write-ahead log (where SQLite writes first) and their folder (a
write-ahead log created or removed). It watches only while the window shows: no watch, no
wake-ups the rest of the day.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

SETTLE_MS = 250
"""A write is a burst of changes (the log, then a checkpoint): one refresh after it settles."""


class LogWatch(QObject):
    """Calls `changed` once a burst of changes to the database's files has settled, if another
    connection committed meanwhile (SQLite's `data_version`: exact, where file times are
    coarse and the write-ahead log keeps its size)."""

    def __init__(
        self, database: Path, version: Callable[[], int | None], changed: Callable[[], None]
    ) -> None:
        super().__init__()
        self._files = [str(database), f"{database}-wal"]
        self._folder = str(database.parent)
        self._version, self._changed = version, changed
        self._watcher: QFileSystemWatcher | None = None
        self._read_at: int | None = None
        """The log's version when the window last read it: a change the app also told
        ("history-changed") is read once, not again when the watch sees it."""
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    @property
    def watching(self) -> list[str]:
        """What is watched now (nothing while the window is hidden)."""
        watcher = self._watcher
        return [] if watcher is None else watcher.files() + watcher.directories()

    def start(self) -> None:
        """Watch from now on; a change made while not watching is told at once."""
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._seen)
            self._watcher.directoryChanged.connect(self._seen)
            if self._read_at is not None and self._read_at != self._version():
                self._settle.start()  # written while hidden (a minimised window is hidden)
        self._follow()

    def stop(self) -> None:
        """No more watching (and no refresh still waiting) until `start`."""
        self._settle.stop()
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None

    def reading(self) -> None:
        """The window reads the log now (called before: a write during the read is new)."""
        self._read_at = self._version()

    def _follow(self) -> None:
        """Watch what exists of the files: one removed and made again (the write-ahead log
        at the last connection's close) leaves Qt's watch, so it is added back."""
        watcher = self._watcher
        if watcher is None:
            return
        wanted = [p for p in (*self._files, self._folder) if Path(p).exists()]
        missing = [p for p in wanted if p not in watcher.files() + watcher.directories()]
        if missing:
            watcher.addPaths(missing)  # one that cannot be watched is left out, quietly

    def _seen(self, _path: str) -> None:
        self._follow()
        self._settle.start()  # (again: the burst goes on)

    def _settled(self) -> None:
        if self._watcher is not None and self._read_at != self._version():
            self._changed()
