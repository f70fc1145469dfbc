"""Call detection reads only whether a microphone or camera is in use: each reader against
a made-up /proc, /dev or registry, and the setting that switches them all."""

from __future__ import annotations

import os
from pathlib import Path

from backbreak.platform.busy import calls
from backbreak.platform.busy.calls import (
    CONSENT_STORE,
    AlsaCapture,
    CallSource,
    CameraInUse,
    WindowsConsentStore,
)


def asound(root: Path, *states: str) -> Path:
    for number, state in enumerate(states):
        status = root / f"card{number}" / "pcm0c" / "sub0" / "status"
        status.parent.mkdir(parents=True)
        status.write_text(state)
    return root


def test_a_running_capture_device_is_a_call_and_closed_ones_are_not(tmp_path, monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "linux")
    quiet = AlsaCapture(asound(tmp_path / "a", "closed\n", "closed\n"))
    assert quiet.availability().available and quiet.busy() is False
    talking = AlsaCapture(asound(tmp_path / "b", "closed\n", "state: RUNNING\nowner_pid   : 7\n"))
    assert talking.busy() is True
    nothing = AlsaCapture(tmp_path / "none")
    assert not nothing.availability().available and nothing.busy() is None


def test_a_camera_held_open_by_another_process_is_a_call(tmp_path, monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "linux")
    dev, proc = tmp_path / "dev", tmp_path / "proc"
    dev.mkdir()
    (dev / "video0").write_text("")
    for pid, target in (("101", tmp_path / "notes.txt"), (str(os.getpid()), dev / "video0")):
        (proc / pid / "fd").mkdir(parents=True)
        (proc / pid / "fd" / "3").symlink_to(target)
    (proc / "self").mkdir()  # not a pid
    camera = CameraInUse(proc, dev)
    assert camera.availability().available
    assert camera.busy() is False  # only backbreak itself (never counted) has it open
    (proc / "202" / "fd").mkdir(parents=True)
    (proc / "202" / "fd" / "9").symlink_to(dev / "video0")
    assert camera.busy() is True
    assert CameraInUse(proc, tmp_path / "no-dev").busy() is None


class FakeRegistry:
    def __init__(self, keys: dict[str, dict[str, int]]) -> None:
        self.keys = keys

    def subkeys(self, path: str) -> list[str]:
        prefix = path + "\\"
        return sorted({k[len(prefix) :].split("\\")[0] for k in self.keys if k.startswith(prefix)})

    def value(self, path: str, name: str) -> int | None:
        return self.keys.get(path, {}).get(name)


def test_windows_says_an_app_uses_the_microphone_while_its_stop_time_is_zero(monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "win32")
    base = f"{CONSENT_STORE}\\microphone"
    registry = FakeRegistry(
        {
            f"{base}\\Microsoft.SkypeApp": {"LastUsedTimeStart": 5, "LastUsedTimeStop": 9},
            f"{base}\\NonPackaged\\C:#Zoom#Zoom.exe": {
                "LastUsedTimeStart": 7,
                "LastUsedTimeStop": 9,
            },
        }
    )
    microphone = WindowsConsentStore("microphone", lambda: registry)
    assert microphone.availability().available and microphone.busy() is False
    registry.keys[f"{base}\\NonPackaged\\C:#Zoom#Zoom.exe"]["LastUsedTimeStop"] = 0
    assert microphone.busy() is True
    assert WindowsConsentStore("webcam", lambda: registry).busy() is False
    assert WindowsConsentStore("webcam", lambda: None).busy() is None  # no registry here


def test_the_setting_switches_every_call_signal_off(tmp_path, monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "linux")
    on = [True]
    source = CallSource(AlsaCapture(asound(tmp_path, "state: RUNNING\n")), lambda: on[0])
    assert source.busy() is True and source.name == "in a call (microphone)"
    on[0] = False
    assert source.busy() is False


def test_elsewhere_each_reader_says_why_not(monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "darwin")
    for reader in calls.call_sources(lambda: True):
        availability = reader.availability()
        assert not availability.available and availability.reason


def test_on_this_machine_every_reader_answers_without_raising():
    for source in calls.call_sources(lambda: True):
        assert source.busy() in (True, False, None)
        assert source.availability().reason or source.availability().available


class FakeCoreAudio:
    """AudioObjectGetPropertyData as CoreAudio answers it: the default input device's id
    from the system object, then whether that device is running somewhere."""

    def __init__(self, device: int = 77, running: int = 0, status: int = 0) -> None:
        self.device, self.running, self.status = device, running, status
        self.asked: list[tuple[int, str]] = []

    def AudioObjectGetPropertyData(self, owner, address, _qsize, _q, size, value):  # noqa: N802
        selector = address._obj.selector.to_bytes(4, "big").decode()
        self.asked.append((owner.value, selector))
        assert size._obj.value == 4
        value._obj.value = self.device if selector == "dIn " else self.running
        return self.status


def test_macos_asks_coreaudio_whether_the_microphone_is_running_somewhere(monkeypatch):
    monkeypatch.setattr(calls, "PLATFORM", "darwin")
    audio = FakeCoreAudio()
    microphone = calls.MacMicrophone(lambda: audio)
    assert microphone.availability().available and microphone.busy() is False
    assert audio.asked == [(1, "dIn "), (77, "gone")]
    audio.running = 1  # a call app records
    assert microphone.busy() is True
    audio.status = -50  # paramErr: CoreAudio cannot say
    assert microphone.busy() is None
    missing = calls.MacMicrophone(lambda: None)
    assert not missing.availability().available and missing.busy() is None
    assert [s.name for s in calls.call_sources(lambda: True)] == ["in a call (microphone)"]


def test_a_pipewire_recording_stream_is_a_call_but_level_meters_are_not(monkeypatch):
    import json

    monkeypatch.setattr(calls, "PLATFORM", "linux")

    def node(media_class: str, **props: object) -> dict:
        return {
            "id": 7,
            "type": "PipeWire:Interface:Node",
            "info": {"props": {"media.class": media_class, **props}},
        }

    dump = [
        {"id": 0, "type": "PipeWire:Interface:Core", "info": {"props": {}}},
        node("Audio/Source", **{"node.name": "alsa_input.usb-mic"}),
        node("Stream/Output/Audio", **{"application.name": "Firefox"}),
        node("Stream/Input/Audio", **{"media.name": "Peak detect"}),
        node("Stream/Input/Audio", **{"stream.monitor": True}),
        node("Stream/Input/Audio", **{"application.process.id": os.getpid()}),
    ]
    said: dict[str, bytes | None] = {"out": json.dumps(dump).encode()}
    recording = calls.PipeWireRecording(lambda argv: said["out"])
    assert recording.busy() is False  # playing, meters and ourselves do not count
    dump.append(node("Stream/Input/Audio", **{"application.name": "Zoom"}))
    said["out"] = json.dumps(dump).encode()
    assert recording.busy() is True
    # A screen shared through the portal: the browser reads a PipeWire video stream.
    sharing = [*dump[:-1], node("Stream/Input/Video", **{"application.name": "Firefox"})]
    said["out"] = json.dumps(sharing).encode()
    assert recording.busy() is True
    said["out"] = json.dumps([*dump[:-1], node("Video/Source")]).encode()
    assert recording.busy() is False  # a camera or a screen on offer, nobody reading it
    for broken in (None, b"not json", b'{"a": 1}', b"[" * 10):
        said["out"] = broken
        assert recording.busy() is None
