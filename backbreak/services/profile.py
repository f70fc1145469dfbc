"""Reading a profile as the app does at start: the settings, the routines and the log, each
failure turned into a sentence for the user and never into an exception.

Qt-free, so the hostile-input tests can prove "the app still starts" with a bad file in
place without starting a desktop, and the app reads its profile one way only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from backbreak.core.i18n import ngettext
from backbreak.core.settings import LANGUAGE
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import LoadedSettings, invalid_values_notice, load_settings

if TYPE_CHECKING:
    from backbreak.content.loader import Library
    from backbreak.storage.db import OpenResult

log = logging.getLogger(__name__)

#: At most this many routine problems are listed in the start-up message (all are logged).
LISTED_PROBLEMS = 8


@dataclass
class Profile:
    settings: LoadedSettings
    library: Library
    log: OpenResult
    notices: list[str] = field(default_factory=list)


def read_settings(
    paths: AppPaths, now: datetime, speak: Callable[[str], object] | None = None
) -> tuple[LoadedSettings, list[str]]:
    """The settings (first: the tray icon's style depends on them) and what to tell.

    `speak` (the app, the window process): switch to the language the file names before
    anything is said. Problems found while reading it were worded in the system's language,
    so a file that read cleanly otherwise is read once more, read-only, to word them in its
    own (a file moved aside names no language: the system's is then the right one)."""
    loaded = load_settings(paths.settings_file, now)
    if speak is not None:
        speak(loaded.settings[LANGUAGE])
        if loaded.problems and not loaded.notices:
            again = load_settings(paths.settings_file, now, read_only=True)
            if again.settings == loaded.settings:  # the same file (not one written since)
                loaded = replace(loaded, problems=again.problems)
    notices = list(loaded.notices)
    for bad in loaded.problems:
        (log.warning if bad.severity == "warning" else log.error)(
            "settings file %s: %s",  # not translated: the developer log
            paths.settings_file,
            bad,
        )
    said = invalid_values_notice(paths.settings_file, loaded.problems)
    if said:
        notices.append(said)
    return loaded, notices


def read_routines_and_log(
    paths: AppPaths, now: datetime, check_pages: bool = True
) -> tuple[Library, OpenResult, list[str]]:
    """The routines in effect and the history database, and what to tell about them.
    (Imported here: the app reads them after its tray icon shows.) `check_pages`: see
    `storage.db.open_log`."""
    from backbreak.content.loader import load_library
    from backbreak.core.i18n import current_language
    from backbreak.storage.db import open_log
    from backbreak.storage.paths import assets_dir, shipped_routines_dir

    library = load_library(
        shipped_routines_dir(), paths.user_routines, assets_dir(), language=current_language()
    )
    for problem in library.translation_problems:  # English is shown for those strings
        log.warning("routine translation: %s", problem)
    notices: list[str] = []
    if library.problems:
        for skipped in library.problems:
            log.warning("routine skipped: %s", skipped)
        count = len(library.problems)
        notices.append(
            ngettext(
                "{count} problem(s) in routine files; those routines were skipped:\n{problems}",
                "{count} problem(s) in routine files; those routines were skipped:\n{problems}",
                count,
            ).format(
                count=count,
                problems="\n".join(f"• {p}" for p in library.problems[:LISTED_PROBLEMS]),
            )
        )
    opened = open_log(paths.database, now, check_pages)
    return library, opened, notices + opened.notices


def open_profile(paths: AppPaths, now: datetime) -> Profile:
    loaded, notices = read_settings(paths, now)
    library, opened, more = read_routines_and_log(paths, now)
    return Profile(loaded, library, opened, notices + more)
