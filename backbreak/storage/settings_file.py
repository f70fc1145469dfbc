"""The settings file: TOML, validated by the core table, written atomically.

A file that does not parse is moved aside as a timestamped backup and the app starts with
defaults; a single bad value falls back to its default; unknown keys are kept. What sits
where the file belongs but is not a regular file is left alone (see storage/reading.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backbreak.core.i18n import N_, _
from backbreak.core.settings import TIMEZONE, Option, Problem, Settings, validate
from backbreak.core.settings_toml import to_toml
from backbreak.core.text import visible
from backbreak.fs.atomic import backup_name, write_atomic
from backbreak.fs.reading import ReadError, read_toml
from backbreak.storage.paths import make_private_dir

#: A settings file is a few KiB; a bigger one is not one (and is not read into memory).
MAX_SETTINGS_BYTES = 1 << 20

HEADER = (
    N_("backbreak settings."),
    N_("Edit with any text editor while backbreak is closed, or use Settings… in the tray menu."),
    N_('Durations are written like "50m", "1h30m" or "90s".'),
)
"""The file's first comment lines, written in the language of the moment (`_(line)`)."""


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Sentences for the user: a backup made, a file that could not be written, …"""
    first_run: bool = False
    """There was no settings file: this is the first start in this profile."""
    unusable: str = ""
    """Why a file that exists could not be used ("is not valid TOML (…)", "cannot be read
    (…)"), or "": a writer must then leave the file alone rather than replace what it holds."""


def invalid_values_notice(path: Path, problems: list[Problem]) -> str | None:
    """The sentence for values that were not valid (each then has its default), or None."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return None
    return _(
        "Some settings in {file} were not valid and their defaults are used instead:\n{problems}"
    ).format(file=path, problems="\n".join(f"• {p}" for p in errors))


def load_settings(path: Path, now: datetime, read_only: bool = False) -> LoadedSettings:
    """Never raises: every failure becomes defaults plus a notice that says what happened.

    `read_only` (the CLI): never create, move or back up anything. What is not a regular
    file (a folder, a named pipe, a link that loops or leads nowhere) is never opened for
    long, moved or replaced; a file whose bytes are not a settings document is moved aside.
    """
    try:
        data = read_toml(path, MAX_SETTINGS_BYTES, N_("a settings file"))
    except ReadError as err:
        if err.kind == "missing":
            return _first_run(path, read_only)
        why = visible(err.said(_))
        # A link's target is someone else's to move; the CLI never moves anything.
        if err.kind == "unusable" or read_only or path.is_symlink():
            return LoadedSettings(
                Settings(),
                notices=[
                    _(
                        "The settings file {path} {why}. Using the defaults for now; the file "
                        "was not changed."
                    ).format(path=path, why=why)
                ],
                unusable=why,
            )
        return _replace_broken(path, now, why)
    settings, problems = validate(data)
    return LoadedSettings(settings, problems + zone_problems(settings))


def zone_problems(settings: Settings) -> list[Problem]:
    """A time zone this computer does not know: kept (it may be known elsewhere), but said,
    because working hours and fixed times then follow the computer's own zone."""
    name = settings[TIMEZONE]
    if not name:
        return []
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return [
            Problem(
                TIMEZONE.key,
                _(
                    '"{name}" is not a time zone known here; working hours and fixed times use '
                    'the computer\'s own zone (write one like "Europe/Berlin", or "")'
                ).format(name=name),
                "warning",
            )
        ]
    return []


def _first_run(path: Path, read_only: bool) -> LoadedSettings:
    result = LoadedSettings(Settings(), first_run=True)
    if read_only:
        return result
    try:
        _write(path, result.settings)
    except OSError as exc:
        result.notices.append(
            _("Could not create the settings file {path}: {error}. Using the defaults.").format(
                path=path, error=exc.strerror or exc
            )
        )
    return result


def _replace_broken(path: Path, now: datetime, why: str) -> LoadedSettings:
    backup = backup_name(path, now, "corrupt")
    try:
        path.rename(backup)
    except OSError as exc:
        return LoadedSettings(
            Settings(),
            notices=[
                _(
                    "The settings file {path} {why}. It could not be moved aside either "
                    "({error}), so it was left as it is and backbreak is using the defaults."
                ).format(path=path, why=why, error=exc.strerror or exc)
            ],
            unusable=why,
        )
    notice = _(
        "The settings file {path} {why}. It was kept as {backup} and backbreak started "
        "with the default settings."
    ).format(path=path, why=why, backup=backup)
    try:
        _write(path, Settings())
    except OSError as exc:
        notice += " " + _("A fresh settings file could not be written: {error}.").format(
            error=exc.strerror or exc
        )
    return LoadedSettings(Settings(), notices=[notice])


def save_settings(path: Path, settings: Settings) -> None:
    """Atomic write of the whole file. Raises OSError for the caller to report."""
    _write(path, settings)


def _write(path: Path, settings: Settings) -> None:
    make_private_dir(path.parent)
    header = [_(line) for line in HEADER]
    write_atomic(path, to_toml(settings, header))  # a user-only (0600) file, like mkstemp's


class SettingsUnusableError(Exception):
    """The file exists but cannot be used: rewriting it would throw away what the user
    wrote there (a half-finished edit). The message says why, as `LoadedSettings.unusable`."""


@dataclass(frozen=True, slots=True)
class Changed:
    before: Settings
    """What the file held (defaults for values it could not use)."""
    after: Settings
    problems: list[Problem]
    """What was wrong in the file before: a bad value the file now holds the default of."""


def change_settings(path: Path, changes: Mapping[Option[Any], Any], now: datetime) -> Changed:
    """Apply `changes` on top of what the file says now and save, atomically. Only the given
    options change, so an edit made meanwhile to any other key survives. The one way both
    the dialog and `backbreak config set|reset` write. Raises SettingsUnusableError (nothing
    written) or OSError."""
    loaded = load_settings(path, now, read_only=True)
    if loaded.unusable:
        raise SettingsUnusableError(loaded.unusable)
    after = loaded.settings.replace(changes)
    save_settings(path, after)
    return Changed(loaded.settings, after, loaded.problems)
