"""The chime through Qt Multimedia and spoken cues through Qt TextToSpeech, and `Cues`,
which plays them as the settings say.

Both Qt modules live in PySide6-Addons (an optional extra: `pip install 'backbreak[sound]'`),
imported only when a sound is first played. Without Qt Multimedia the chime plays through
the system's own player (platform/sound); without TextToSpeech, or a voice, cues stay quiet
and say why in `availability()`.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backbreak.core.i18n import _
from backbreak.core.settings import SOUND_VOLUME, SPOKEN_CUES, Settings
from backbreak.platform import Availability
from backbreak.platform.sound import SystemChime, write_chime

log = logging.getLogger(__name__)


class Chime:
    def __init__(self, cache_dir: Path, volume: float) -> None:
        self._cache_dir = cache_dir
        self.volume = volume
        self._effect: Any = None
        self._why_not = ""

    def availability(self) -> Availability:
        if importlib.util.find_spec("PySide6.QtMultimedia") is None:
            return Availability.no(
                _("Qt Multimedia is not installed (pip install 'backbreak[sound]')")
            )
        return Availability.no(self._why_not) if self._why_not else Availability.yes()

    def play(self) -> bool:
        if self.volume <= 0 or not self.availability().available:
            return False
        try:
            if self._effect is None:
                from PySide6.QtCore import QUrl
                from PySide6.QtMultimedia import QSoundEffect

                self._effect = QSoundEffect()
                self._effect.setSource(  # not translated: a file name
                    QUrl.fromLocalFile(str(write_chime(self._cache_dir / "chime.wav")))
                )
            self._effect.setVolume(self.volume)
            self._effect.play()
            return True
        except Exception as exc:  # no audio device, a broken backend: stay quiet
            self._why_not = _("sound could not play ({error})").format(error=exc)
            log.info("chime: %s", self._why_not)
            return False


class Voice:
    def __init__(self) -> None:
        self._speech: Any = None
        self._why_not = ""

    def availability(self) -> Availability:
        if importlib.util.find_spec("PySide6.QtTextToSpeech") is None:
            return Availability.no(
                _("Qt TextToSpeech is not installed (pip install 'backbreak[sound]')")
            )
        return Availability.no(self._why_not) if self._why_not else Availability.yes()

    def say(self, text: str) -> bool:
        if not text or not self.availability().available:
            return False
        try:
            if self._speech is None:
                from PySide6.QtTextToSpeech import QTextToSpeech

                self._speech = QTextToSpeech()
                if not self._speech.availableVoices():
                    self._why_not = _("the system has no text-to-speech voice")
                    return False
            self._speech.say(text)
            return True
        except Exception as exc:
            self._why_not = _("speech could not start ({error})").format(error=exc)
            log.info("voice: %s", self._why_not)
            return False


class Cues:
    """A chime and the spoken cue at each step, as the current settings say (made on first
    use: most users never turn sound on, and Qt Multimedia is heavy)."""

    def __init__(self, cache_dir: Path, settings: Callable[[], Settings]) -> None:
        self._cache_dir = cache_dir
        self._settings = settings
        self._chime: Chime | SystemChime | None = None
        self._voice: Voice | None = None

    def chime(self) -> None:
        """The chime alone, at the set volume (a break has come)."""
        volume = self._settings()[SOUND_VOLUME]
        if not volume:
            return
        if self._chime is None:
            qt = importlib.util.find_spec("PySide6.QtMultimedia") is not None
            self._chime = (
                Chime(self._cache_dir, volume / 100)
                if qt
                else SystemChime(self._cache_dir, volume / 100)
            )
        self._chime.volume = volume / 100
        self._chime.play()

    def say(self, words: str) -> None:
        """A step begins: the chime, then its words spoken when spoken cues are on."""
        self.chime()
        settings = self._settings()
        if settings[SPOKEN_CUES]:
            if self._voice is None:
                self._voice = Voice()
            self._voice.say(words)
