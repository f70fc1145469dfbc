"""The settings file: TOML, validated by the core table, written atomically.

A file that does not parse is moved aside as a timestamped backup and the app starts with
defaults; a single bad value falls back to its default; unknown keys are kept.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from backbreak.core.settings import Problem, Settings, to_toml, validate
from backbreak.storage.atomic import backup_name, write_atomic
from backbreak.storage.paths import make_private_dir

HEADER = (
    "backbreak settings.",
    "Edit with any text editor while backbreak is closed, or use Settings… in the tray menu.",
    'Durations are written like "50m", "1h30m" or "90s".',
)


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


def load_settings(path: Path, now: datetime, read_only: bool = False) -> LoadedSettings:
    """Never raises: every failure becomes defaults plus a notice that says what happened.

    `read_only` (the CLI): never create, move or back up anything.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        result = LoadedSettings(Settings(), first_run=True)
        if read_only:
            return result
        try:
            _write(path, result.settings)
        except OSError as exc:
            result.notices.append(
                f"Could not create the settings file {path}: "
                f"{exc.strerror or exc}. Using the defaults."
            )
        return result
    except OSError as exc:
        return LoadedSettings(
            Settings(),
            notices=[
                f"Could not read the settings file {path}: {exc.strerror or exc}. "
                "Using the defaults for now; the file was not changed."
            ],
            unusable=f"cannot be read ({exc.strerror or exc})",
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if read_only:
            return LoadedSettings(
                Settings(),
                notices=[
                    f"The settings file {path} is not valid TOML ({exc}); using the defaults."
                ],
                unusable=f"is not valid TOML ({exc})",
            )
        return _replace_broken(path, now, f"it is not valid TOML ({exc})")
    settings, problems = validate(data)
    return LoadedSettings(settings, problems)


def _replace_broken(path: Path, now: datetime, why: str) -> LoadedSettings:
    backup = backup_name(path, now, "corrupt")
    try:
        path.rename(backup)
    except OSError as exc:
        return LoadedSettings(
            Settings(),
            notices=[
                f"The settings file {path} could not be read because {why}. It could not be moved "
                f"aside either ({exc.strerror or exc}), so it was left as it is and backbreak is "
                "using the defaults."
            ],
        )
    notice = (
        f"The settings file could not be read because {why}. It was kept as {backup} "
        "and backbreak started with the default settings."
    )
    try:
        _write(path, Settings())
    except OSError as exc:
        notice += f" A fresh settings file could not be written: {exc.strerror or exc}."
    return LoadedSettings(Settings(), notices=[notice])


def save_settings(path: Path, settings: Settings) -> None:
    """Atomic write of the whole file. Raises OSError for the caller to report."""
    _write(path, settings)


def _write(path: Path, settings: Settings) -> None:
    make_private_dir(path.parent)
    write_atomic(path, to_toml(settings, HEADER))  # a user-only (0600) file, like mkstemp's
