"""Giving freed memory back to the system once the windows of a break are gone.

Python frees objects into its own pools and glibc keeps freed heap pages for the next
allocation: without a nudge, a tray app that showed a routine at ten keeps that memory
until it quits. Elsewhere (musl, macOS, Windows) the collector still runs; the trim is
"not available here".
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import sys
from pathlib import Path

from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)


def trim_availability() -> Availability:
    if not sys.platform.startswith("linux"):
        return Availability.no(_("only glibc can be asked to return freed heap pages"))
    try:
        ctypes.CDLL(None).malloc_trim  # noqa: B018 (is it there?)
    except (OSError, AttributeError):
        return Availability.no(_("this C library has no malloc_trim (not glibc)"))
    return Availability.yes("malloc_trim")


def give_back() -> None:
    """Collect Python's cycles, then ask glibc to return free heap pages to the system."""
    before = resident_mib()
    gc.collect()
    if trim_availability().available:
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError) as exc:  # checked; a C library can still surprise
            log.info("malloc_trim failed: %s", exc)
    after = resident_mib()
    if before is not None and after is not None:
        log.info("memory given back: resident %.1f -> %.1f MiB", before, after)


def resident_mib() -> float | None:
    """This process's resident memory (Linux), for the log line; None elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
