"""Where a routine's pictures may come from: inside the assets folder, and nowhere else.

A routine file is data anyone can share: it must never make the app open another file of
the user's (an absolute path, "..", "~", a Windows drive, or a link leading out).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from backbreak.core.i18n import _
from backbreak.core.text import CONTROL

_DRIVE = re.compile(r"[A-Za-z]:")  # C:, C:foo and C:/foo (backslashes are refused before)
EXAMPLE = "illustrations/neck-side-tilt.svg"  # not translated: a path
"""A picture's path as a routine file writes it (in the messages that ask for one)."""


def outside_assets(image: str, assets_dir: Path | None) -> str | None:
    """Why `image` could reach a file outside the assets folder, as the sentence its author
    reads, or None when it cannot.

    A routine file is data anyone can share: it must never make the app open another file of
    the user's (an absolute path, "..", "~", a Windows drive, or a link leading out).
    """
    why = _unsafe(image, assets_dir)
    return None if why is None else why.format(image=image, example=EXAMPLE)


def _unsafe(image: str, assets_dir: Path | None) -> str | None:
    if CONTROL.search(image):
        return _(
            '"{image}" must stay inside the assets folder, but it contains a control '
            'character; write a path like "{example}"'
        )
    if "\\" in image:
        return _(
            '"{image}" must stay inside the assets folder, but it uses a backslash (write '
            'paths with forward slashes); write a path like "{example}"'
        )
    posix = PurePosixPath(image)
    if posix.is_absolute() or _DRIVE.match(image):
        return _(
            '"{image}" must stay inside the assets folder, but it is an absolute path; write a '
            'path like "{example}"'
        )
    if image.startswith("~"):
        return _(
            '"{image}" must stay inside the assets folder, but it points into a home folder '
            '(~); write a path like "{example}"'
        )
    if ".." in posix.parts:
        return _(
            '"{image}" must stay inside the assets folder, but it climbs out with ".."; write '
            'a path like "{example}"'
        )
    if assets_dir is None or posix.as_posix() in inside_assets(assets_dir):
        return None
    try:  # not a file known to lie inside: missing (said later), or a link that leads out
        root = assets_dir.resolve()
        target = (assets_dir / posix).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a name the OS refuses
        return _(
            '"{image}" must stay inside the assets folder, but it cannot be followed; write a '
            'path like "{example}"'
        )
    if not target.is_relative_to(root):
        return _(
            '"{image}" must stay inside the assets folder, but it is a link that leads out of '
            'it; write a path like "{example}"'
        )
    return None


def escapes(path: Path, folder: Path) -> Path | None:
    """Where `path` (a name listed in `folder`) really leads, when that is outside `folder`
    (a link); None when inside. Only links are followed: a plain file listed in a folder
    lies in it, and 200 files would otherwise cost 400 path resolutions."""
    try:
        if not path.is_symlink():
            return None
        target = path.resolve()
        return None if target.is_relative_to(folder.resolve()) else target
    except (OSError, RuntimeError, ValueError):  # a link loop: reading it will say so
        return None


@lru_cache(maxsize=8)
def inside_assets(assets_dir: Path) -> frozenset[str]:
    """The asset files that really lie inside the folder (links followed), resolved once
    per folder instead of once per step: 200 routine files would otherwise take 40 ms more."""
    try:
        root = assets_dir.resolve()
    except (OSError, RuntimeError):
        return frozenset()
    inside = set()
    for relative in asset_index(assets_dir):
        try:
            if (assets_dir / relative).resolve().is_relative_to(root):
                inside.add(relative)
        except (OSError, RuntimeError, ValueError):
            continue
    return frozenset(inside)


@lru_cache(maxsize=8)
def top_names(folder: Path) -> frozenset[str]:
    """The names directly in a folder, listed once per load (not its tree: a routines
    folder may hold anything)."""
    try:
        return frozenset(entry.name for entry in folder.iterdir())
    except OSError:
        return frozenset()


@lru_cache(maxsize=8)
def asset_index(assets_dir: Path) -> frozenset[str]:
    """Every file under the assets folder, listed once instead of a stat per step."""
    if not assets_dir.is_dir():
        return frozenset()
    return frozenset(
        p.relative_to(assets_dir).as_posix() for p in assets_dir.rglob("*") if p.is_file()
    )


PICTURE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
MAX_PICTURE_BYTES = 8 * 1024 * 1024
"""A handout photographed on a phone fits; a picture bigger than that is not one."""


def own_picture(image: str, own_dir: Path) -> tuple[str | None, str | None]:
    """A user routine's picture from its own folder: (absolute path to keep, None), or
    (None, why not), or (None, None) when the folder has no such file (then the shipped
    pictures are looked in). Confined like shipped pictures: no way out of the folder.
    One file is looked at, never the folder's tree (it may be a home folder)."""
    unsafe = outside_assets(image, None)  # the rules for how the path is written
    if unsafe:
        return None, None  # said about the shipped pictures' folder, where it is looked for
    posix = PurePosixPath(image)
    if not posix.parts or posix.parts[0] not in top_names(own_dir):
        return None, None  # not there (most steps name a shipped picture): no stat at all
    path = own_dir / posix.as_posix()
    try:
        if not path.is_file():
            return None, None
        kept = path.resolve()
        inside = kept.is_relative_to(own_dir.resolve())
        size = kept.stat().st_size
    except (OSError, RuntimeError, ValueError):  # a link loop, a name the OS refuses
        return None, _('"{image}" cannot be read').format(image=image)
    if not inside:
        return None, _(
            '"{image}" must stay inside your routines folder, but it is a link out'
        ).format(image=image)
    if kept.suffix.lower() not in PICTURE_TYPES:
        return None, _('"{image}" is not a picture backbreak shows: use .svg, .png or .jpg').format(
            image=image
        )
    if size > MAX_PICTURE_BYTES:
        return None, _(
            '"{image}" is {size} MB; a picture for a step must be under {limit} MB'
        ).format(image=image, size=size // 2**20, limit=MAX_PICTURE_BYTES // 2**20)
    return str(kept), None
