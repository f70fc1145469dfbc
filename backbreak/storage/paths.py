"""Every path the app touches, from platformdirs, or under BACKBREAK_HOME in portable mode."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import backbreak

HOME_ENV = "BACKBREAK_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    cache_dir: Path
    portable: bool = False

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"  # not translated: a file name

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"  # not translated: a file name

    @property
    def user_routines(self) -> Path:
        return self.data_dir / "routines"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "backbreak.log"  # not translated: a file name

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> AppPaths:
        """BACKBREAK_HOME relocates everything under one folder; otherwise platformdirs."""
        env = os.environ if environ is None else environ
        home = env.get(HOME_ENV, "").strip()
        if home:
            root = Path(home).expanduser().absolute()
            return cls(root / "config", root / "data", root / "logs", root / "cache", portable=True)
        import platformdirs  # imported here: nothing is computed at import time

        dirs = platformdirs.PlatformDirs("backbreak", appauthor=False, roaming=True)
        local = platformdirs.PlatformDirs("backbreak", appauthor=False, roaming=False)
        return cls(
            Path(dirs.user_config_dir),
            Path(local.user_data_dir),
            Path(local.user_log_dir),
            Path(local.user_cache_dir),
        )

    def ensure(self) -> None:
        """Create the folders (not the files), readable by this user only.

        Raises OSError for the caller to report.
        """
        for folder in (self.config_dir, self.data_dir, self.log_dir, self.cache_dir):
            make_private_dir(folder)


def make_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents as user-only (0700) on POSIX.

    History and settings are health data: other accounts on the machine must not read them.
    Only folders made here are changed; a folder that already exists keeps the mode its
    owner gave it. Raises OSError.
    """
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        try:
            candidate.mkdir(mode=0o700)
        except FileExistsError:
            if not candidate.is_dir():
                raise
            continue  # made by another process meanwhile: theirs to set
        if os.name == "posix":
            candidate.chmod(0o700)  # mkdir's mode is filtered by the umask; be exact


def _package_data(name: str) -> Path:
    """Installed: beside the package (backbreak/routines). From a checkout: the repo's folder."""
    package = Path(backbreak.__file__).resolve().parent
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


def shipped_routines_dir() -> Path:
    return _package_data("routines")


def assets_dir() -> Path:
    return _package_data("assets")


def asset(relative: str) -> Path:
    return assets_dir() / relative
