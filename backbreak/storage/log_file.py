"""The app's log file: rotated by size, and quiet after saying once that it cannot write.

The standard library's RotatingFileHandler does the same rotation, but importing
`logging.handlers` brings its socket, syslog and queue handlers into a process that idles
in the tray all day (about 0.2 MiB of code and objects). This is its size rotation alone.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from backbreak.core.i18n import _

LIMIT_BYTES = 512 * 1024
KEEP = 3


class LogFile(logging.FileHandler):
    """`backbreak.log`, moved to `backbreak.log.1` (and on, up to `.{keep}`) before a line
    would take it to `limit` bytes; the oldest is dropped. When the file cannot be written
    (a full disk) it says so once on stderr instead of a traceback for every line."""

    failed = False

    def __init__(self, path: Path, limit: int = LIMIT_BYTES, keep: int = KEEP) -> None:
        super().__init__(path, encoding="utf-8")
        self._limit, self._keep = limit, keep

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
            super().emit(record)  # FileHandler: reopens the stream the rotation closed
        except Exception:  # the logging protocol: a handler never raises into the caller
            self.handleError(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        line = f"{self.format(record)}\n"
        if self.stream.tell() + len(line) < self._limit:
            return False
        # Not a regular file (a pipe, /dev/null): there is nothing to move aside.
        return Path(self.baseFilename).is_file()

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # FileHandler.emit reopens it
        base = Path(self.baseFilename)
        for number in range(self._keep - 1, 0, -1):
            older = base.with_name(f"{base.name}.{number}")
            if older.exists():
                older.replace(base.with_name(f"{base.name}.{number + 1}"))
        if self._keep == 0:
            base.unlink(missing_ok=True)
        elif base.exists():
            base.replace(base.with_name(f"{base.name}.1"))

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging API)
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or error
        said = _(
            "the log file {path} cannot be written ({reason}); log lines go only to the "
            "console for now."
        ).format(path=self.baseFilename, reason=reason)
        sys.stderr.write(f"backbreak: {said}\n")
