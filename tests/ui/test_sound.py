"""The chime and spoken cues degrade quietly where Qt's add-ons are missing."""

import importlib.util
import wave

from backbreak.platform.sound import SystemChime, write_chime
from backbreak.platform.sound.qt import Chime, Voice

ADDONS = importlib.util.find_spec("PySide6.QtMultimedia") is not None


def test_the_chime_is_a_short_soft_wav(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as sound:
        assert sound.getnchannels() == 1 and 0.3 < sound.getnframes() / sound.getframerate() < 1
    assert write_chime(path) == path  # written once


def test_without_the_sound_extra_the_voice_says_why_and_stays_quiet(qtbot, tmp_path):
    voice = Voice()
    if ADDONS:
        return
    assert "pip install 'backbreak[sound]'" in voice.availability().reason
    assert voice.say("Ear towards shoulder") is False


def test_without_qt_multimedia_the_chime_plays_through_the_systems_player(
    qtbot, tmp_path, monkeypatch
):
    """No extras to install: a stand-in `paplay` on PATH is handed the chime at the set
    volume; with no player at all the chime says why and stays quiet."""
    import stat
    import time

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    played = tmp_path / "played.txt"
    player = bin_dir / "paplay"
    player.write_text(f'#!/bin/sh\necho "$1" > {played}\n')
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    chime = SystemChime(tmp_path / "cache", 0.4, platform="linux")
    assert chime.availability().available and chime.availability().reason == "paplay"
    assert chime.play() is True
    for _ in range(100):
        if played.exists():
            break
        time.sleep(0.05)
    assert played.read_text().strip().endswith("chime-40.wav")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    silent = SystemChime(tmp_path / "cache", 0.4, platform="linux")
    assert "no sound player was found" in silent.availability().reason
    assert silent.play() is False


def test_a_chime_is_quieter_at_a_lower_volume(tmp_path):
    def loudest(path):
        with wave.open(str(path)) as sound:
            data = sound.readframes(sound.getnframes())
        return max(
            abs(int.from_bytes(data[i : i + 2], "little", signed=True))
            for i in range(0, len(data), 2)
        )

    assert loudest(write_chime(tmp_path / "a.wav", 0.2)) < loudest(
        write_chime(tmp_path / "b.wav", 1.0)
    )


def test_a_silent_volume_never_loads_multimedia(qtbot, tmp_path):
    assert Chime(tmp_path, 0).play() is False


def test_steps_ask_for_a_chime_and_a_cue_when_enabled(qtbot, make_desk, clock, monkeypatch):
    from PySide6.QtCore import QTimer

    heard: list[str] = []
    for chime in (Chime, SystemChime):
        monkeypatch.setattr(chime, "play", lambda self: heard.append(f"chime {self.volume}"))
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
    for chime in (Chime, SystemChime):
        monkeypatch.setattr(chime, "play", lambda self: heard.append(f"chime {self.volume}"))
    desk.store.update({SOUND_VOLUME: 0}, clock.now())
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    timer = desk.shell.player.findChild(QTimer, "sessionTimer")
    clock.advance(21)
    timer.timeout.emit()
    assert heard == []  # turned off
    desk.store.update({SOUND_VOLUME: 70}, clock.now())
    clock.advance(20)
    timer.timeout.emit()
    assert heard == ["chime 0.7"]


def test_a_break_coming_chimes_at_the_default_volume(qtbot, make_desk, clock, monkeypatch):
    """On by default, with no extra installed: the chime plays when a break comes."""
    from backbreak.core.settings import SOUND_VOLUME

    heard: list[str] = []
    for chime in (Chime, SystemChime):
        monkeypatch.setattr(chime, "play", lambda self: heard.append(f"chime {self.volume}"))
    assert SOUND_VOLUME.default == 40
    desk = make_desk(**{SOUND_VOLUME.key: SOUND_VOLUME.default})
    desk.start()
    clock.advance(desk.shell.state.rules.interval)
    desk.shell.waker.beat()
    assert desk.shell.prompt.isVisible() and heard == ["chime 0.4"]


def test_a_chime_that_cannot_be_written_stays_quiet_and_leaves_no_half_file(tmp_path, monkeypatch):
    """A full disk or a read-only profile: the chime says why in the log and plays nothing;
    it never raises into the reminder that asked for it (found in CI, with pw-play there)."""
    import errno
    import stat

    from backbreak.fs import atomic

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    player = bin_dir / "pw-play"
    player.write_text("#!/bin/sh\nexit 0\n")
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
    real_fdopen = atomic.os.fdopen

    class FullDisk:
        def __init__(self, *args, **kwargs) -> None:
            self._inner = real_fdopen(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self._inner.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", FullDisk)
    cache = tmp_path / "cache"
    chime = SystemChime(cache, 0.4, platform="linux")
    assert chime.play() is False
    assert list(cache.iterdir()) == []  # nothing half-written to play next time
    monkeypatch.undo()
    monkeypatch.setenv("PATH", str(bin_dir))
    assert chime.play() is True and (cache / "chime-40.wav").is_file()
