"""The chime and spoken cues degrade quietly where Qt's add-ons are missing."""

import importlib.util
import wave

from backbreak.ui.sound import Chime, Voice, write_chime

ADDONS = importlib.util.find_spec("PySide6.QtMultimedia") is not None


def test_the_chime_is_a_short_soft_wav(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as sound:
        assert sound.getnchannels() == 1 and 0.3 < sound.getnframes() / sound.getframerate() < 1
    assert write_chime(path) == path  # written once


def test_without_the_sound_extra_both_say_why_and_stay_quiet(qtbot, tmp_path):
    chime, voice = Chime(tmp_path, 0.5), Voice()
    if ADDONS:
        assert chime.availability().available or chime.availability().reason
        return
    assert "pip install 'backbreak[sound]'" in chime.availability().reason
    assert "pip install 'backbreak[sound]'" in voice.availability().reason
    assert chime.play() is False and voice.say("Ear towards shoulder") is False


def test_a_silent_volume_never_loads_multimedia(qtbot, tmp_path):
    assert Chime(tmp_path, 0).play() is False


def test_steps_ask_for_a_chime_and_a_cue_when_enabled(qtbot, controller, clock, monkeypatch):
    from backbreak.core.settings import SOUND_VOLUME, SPOKEN_CUES

    heard: list[str] = []
    monkeypatch.setattr(Chime, "play", lambda self: heard.append(f"chime {self.volume}"))
    monkeypatch.setattr(Voice, "say", lambda self, words: heard.append(words))
    controller.settings = controller.settings.replace({SOUND_VOLUME: 40, SPOKEN_CUES: True})
    controller.start_routine_by_id("neck-release")
    clock.advance(21)
    qtbot.waitUntil(lambda: len(heard) >= 2)
    assert heard[:2] == ["chime 0.4", "Side tilt"]
