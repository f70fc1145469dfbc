"""The computer's time zone *with its DST rules*, for an empty `working_hours.timezone`.

`datetime.now().astimezone()` gives only today's fixed offset: a fixed 02:30 reminder
computed with it lands an hour off on the night the clocks change. The rules come from
`TZ`, then `/etc/localtime` (a link into the zone database, or a TZif file), then
`/etc/timezone`; where none of them names a zone (Windows without tzlocal, an odd `TZ`), the
answer is today's offset and About says so.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backbreak.core.i18n import _
from backbreak.platform import Availability

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")
#: A TZif file is a few KiB; anything bigger is not one (or not a regular file).
MAX_ZONE_FILE = 1 << 20


@dataclass(frozen=True, slots=True)
class LocalZone:
    """A zone and where it came from (shown in About)."""

    tz: tzinfo
    source: str
    rules: bool
    """False when only today's offset is known (DST changes will not be followed)."""

    def availability(self) -> Availability:
        if self.rules:
            return Availability.yes(f"{self.name} ({self.source})")
        return Availability.no(
            _(
                "no zone rules found ({source}); using today's offset {offset}, "
                'so set working_hours.timezone (like "Europe/Berlin") to follow DST changes'
            ).format(source=self.source, offset=self.name)
        )

    @property
    def name(self) -> str:
        key = getattr(self.tz, "key", None)
        return str(key) if key else str(self.tz.tzname(datetime.now(self.tz)) or self.tz)


def _named(name: str) -> ZoneInfo | None:
    name = name.strip()
    if not name or len(name) > 255:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _from_file(path: Path) -> ZoneInfo | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_ZONE_FILE:
            return None
        return ZoneInfo.from_file(io.BytesIO(path.read_bytes()), key=str(path))
    except (OSError, ValueError):
        return None


def _linked(path: Path) -> ZoneInfo | None:
    """/etc/localtime -> /usr/share/zoneinfo/Europe/Berlin: the key after "zoneinfo/"."""
    try:
        target = str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    marker = "zoneinfo/"
    if marker not in target:
        return None
    return _named(target.rsplit(marker, 1)[1])


def for_this_system(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> LocalZone:
    """The computer's zone. Never raises: the last resort is today's fixed offset."""
    env = os.environ if environ is None else environ
    tz_env = env.get("TZ")
    if tz_env:
        text = tz_env[1:] if tz_env.startswith(":") else tz_env
        zone = _from_file(Path(text)) if text.startswith("/") else _named(text)
        if zone is not None:
            return LocalZone(zone, "TZ", True)
    zone = _linked(localtime) or _from_file(localtime)
    if zone is not None:
        return LocalZone(zone, str(localtime), True)
    try:
        zone = _named(timezone_file.read_text(encoding="utf-8", errors="replace")[:256])
    except OSError:
        zone = None
    if zone is not None:
        return LocalZone(zone, str(timezone_file), True)
    offset = datetime.now().astimezone().tzinfo
    assert offset is not None  # astimezone() always sets one
    return LocalZone(offset, _("TZ, /etc/localtime and /etc/timezone name no zone"), False)


def resolve_zone(name: str, local: LocalZone) -> tuple[tzinfo, str | None]:
    """The zone the settings name, else the computer's; the second item explains a fallback."""
    if not name:
        return local.tz, None
    zone = _named(name)
    if zone is not None:
        return zone, None
    return local.tz, _(
        'The time zone "{name}" in the settings is not known here; working hours and fixed '
        "times use the computer's own zone ({zone})."
    ).format(name=name, zone=local.name)
