"""Sound cues: a soft chime when a break comes and at each step, on by default, with no
extras to install; spoken step names where Qt TextToSpeech is installed (qt.py).

The chime is one short WAV file backbreak writes itself, at the chosen volume, and plays
with what the system has: Qt Multimedia when the optional extra is there (qt.py), else the
system's own player (`pw-play`, `paplay` or `aplay` on Linux, `afplay` on macOS, `winsound`
on Windows). Without any of them the chime stays quiet and `availability()` says why.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import struct
import subprocess
import sys
import threading
from pathlib import Path

from backbreak.core.i18n import _
from backbreak.fs.atomic import write_atomic
from backbreak.platform import Availability

log = logging.getLogger(__name__)

#: Players tried in order: PipeWire's, PulseAudio's, ALSA's, macOS's.
PLAYERS = {"linux": ("pw-play", "paplay", "aplay"), "darwin": ("afplay",)}


def write_chime(path: Path, volume: float = 1.0, seconds: float = 0.45, rate: int = 22050) -> Path:
    """A soft two-note chime (sine, quick fade) at `volume` (0 to 1), written once, whole or
    not at all (a full disk leaves no half a file to play later). Raises OSError."""
    if path.is_file():
        return path
    frames = bytearray()
    total = int(seconds * rate)
    loudness = 0.25 * max(0.0, min(1.0, volume)) * 32767
    for i in range(total):
        t = i / rate
        note = 660.0 if t < seconds / 2 else 880.0
        fade = math.exp(-5 * (t % (seconds / 2)))
        frames += struct.pack("<h", int(loudness * fade * math.sin(2 * math.pi * note * t)))
    buffer = io.BytesIO()
    import wave  # here: the waiting app has this module (About says how sound plays), no WAV

    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    write_atomic(path, buffer.getvalue(), mode=0o644)
    return path


def system_player(platform: str = sys.platform) -> list[str] | None:
    """The command that plays a WAV file here, or None (Windows plays through winsound)."""
    for name in PLAYERS.get("linux" if platform.startswith("linux") else platform, ()):
        found = shutil.which(name)
        if found:
            return [found]
    return None


class SystemChime:
    """The chime through the system's own player: no Qt add-on needed."""

    def __init__(self, cache_dir: Path, volume: float, platform: str = sys.platform) -> None:
        self._cache_dir = cache_dir
        self.volume = volume
        self._platform = platform
        self._player = system_player(platform)

    def availability(self) -> Availability:
        if self._platform == "win32":
            return Availability.yes("winsound")
        if self._player is None:
            names = ", ".join(PLAYERS.get("linux", ())) if self._platform != "darwin" else "afplay"
            return Availability.no(_("no sound player was found ({players})").format(players=names))
        return Availability.yes(Path(self._player[0]).name)

    def play(self) -> bool:
        if self.volume <= 0 or not self.availability().available:
            return False
        level = round(self.volume * 100)
        try:
            path = write_chime(self._cache_dir / f"chime-{level}.wav", level / 100)
            if self._platform == "win32":
                return _play_on_windows(path)
            assert self._player is not None
            played = subprocess.Popen(
                [*self._player, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Reaped when it ends (half a second), so no player is left a zombie.
            threading.Thread(target=played.wait, name="chime", daemon=True).start()
            return True
        except (OSError, RuntimeError) as exc:  # a full disk, no audio device, no player
            log.info("chime: could not play (%s)", exc)
            return False


if sys.platform == "win32":

    def _play_on_windows(path: Path) -> bool:
        import winsound

        winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
        return True

else:

    def _play_on_windows(path: Path) -> bool:
        raise RuntimeError("winsound exists on Windows only")  # not translated: for the log


def describe(qt_multimedia: bool) -> str:
    """Which way the chime plays here, for About's details."""
    if qt_multimedia:
        return _("chime through Qt Multimedia")
    reason = SystemChime(Path(), 1.0).availability()
    if reason.available:
        return _("chime through {player}").format(player=reason.reason)
    return _("chime off: {reason}").format(reason=reason)
