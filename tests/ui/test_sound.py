"""The chime and spoken cues degrade quietly where Qt's add-ons are missing."""

import importlib.util
import wave

from backbreak.platform.sound.qt import Chime, Voice, write_chime

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


def test_steps_ask_for_a_chime_and_a_cue_when_enabled(qtbot, make_desk, clock, monkeypatch):
    from PySide6.QtCore import QTimer

    heard: list[str] = []
    monkeypatch.setattr(Chime, "play", lambda self: heard.append(f"chime {self.volume}"))
    monkeypatch.setattr(Voice, "say", lambda self, words: heard.append(words))
    desk = make_desk(volume=40, spoken_cues=True)
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    clock.advance(21)
    desk.shell.player.findChild(QTimer, "sessionTimer").timeout.emit()
    assert heard[:2] == ["chime 0.4", "Side tilt"]


def test_sound_settings_changed_while_running_apply_to_the_next_step(
    qtbot, desk, clock, monkeypatch
):
    from PySide6.QtCore import QTimer

    from backbreak.core.settings import SOUND_VOLUME

    heard: list[str] = []
    monkeypatch.setattr(Chime, "play", lambda self: heard.append(f"chime {self.volume}"))
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    timer = desk.shell.player.findChild(QTimer, "sessionTimer")
    clock.advance(21)
    timer.timeout.emit()
    assert heard == []  # silent by default
    desk.store.update({SOUND_VOLUME: 70}, clock.now())
    clock.advance(20)
    timer.timeout.emit()
    assert heard == ["chime 0.7"]
