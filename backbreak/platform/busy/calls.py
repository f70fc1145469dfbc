"""In a call? A microphone or a camera in use holds a due break until it is free again.

Only whether a device is in use is read, never what it records: on Linux the ALSA capture
devices' state in /proc (PipeWire and PulseAudio open them for any recording stream) or a
recording stream on PipeWire (pw-dump; virtual and network microphones too) and
which processes hold a /dev/video* device open; on Windows the privacy settings' record of
apps using the microphone or camera right now (LastUsedTimeStop = 0); on macOS whether the
default input device is running somewhere (CoreAudio). Each check is a few
file or registry reads, done only when a break is due.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from backbreak.core.i18n import _
from backbreak.platform import Availability

PLATFORM: str = sys.platform
CONSENT_STORE = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"


class AlsaCapture:
    """A capture device (a microphone) that is running: /proc/asound/card*/pcm*c/sub*/status
    says "state: RUNNING" while anything records, through PipeWire, PulseAudio or ALSA."""

    name = "microphone"

    def __init__(self, root: Path = Path("/proc/asound")) -> None:
        self._root = root

    def _statuses(self) -> list[Path]:
        return sorted(self._root.glob("card*/pcm*c/sub*/status"))

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("ALSA is a Linux thing"))
        if not self._statuses():
            return Availability.no(
                _("no capture device is listed under {folder}").format(folder=self._root)
            )
        return Availability.yes(_("ALSA capture state"))

    def busy(self) -> bool | None:
        found = None
        for status in self._statuses():
            try:
                text = status.read_text(errors="replace")[:4096]
            except OSError:
                continue
            found = found or False
            if "state: RUNNING" in text:  # not translated: the kernel's status words
                return True
        return found


CAPTURING = ("Stream/Input/Audio", "Stream/Input/Video")
"""A program reading a microphone, or reading video: a camera through PipeWire, or a
screen shared through the desktop portal (how every Wayland desktop shares a screen)."""


class PipeWireRecording:
    """A recording or screen-sharing stream on PipeWire (what PulseAudio programs use too,
    through pipewire-pulse): any capture stream node but level meters (pavucontrol's "Peak
    detect", monitor streams) and backbreak's own. Read with `pw-dump`."""

    name = "microphone, camera or screen sharing (PipeWire)"  # not translated: the source's name
    MAX_DUMP = 16 * 1024 * 1024

    def __init__(self, run: Callable[[list[str]], bytes | None] | None = None) -> None:
        self._run = run or _dump

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("PipeWire is a Linux thing"))
        runtime = os.environ.get("PIPEWIRE_RUNTIME_DIR") or os.environ.get("XDG_RUNTIME_DIR")
        if not runtime or not (Path(runtime) / "pipewire-0").exists():
            return Availability.no(_("no PipeWire daemon runs in this session"))
        if self.busy() is None:
            return Availability.no(_("pw-dump is missing or does not answer"))
        return Availability.yes(_("PipeWire recording streams"))

    def busy(self) -> bool | None:
        raw = self._run(["pw-dump"])
        if raw is None or len(raw) > self.MAX_DUMP:
            return None
        import json  # only while a break is due: an idle tray app does without it

        try:
            objects = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(objects, list):
            return None
        me = os.getpid()
        for item in objects:
            info = item.get("info") if isinstance(item, dict) else None
            props = info.get("props") if isinstance(info, dict) else None
            if not isinstance(props, dict) or props.get("media.class") not in CAPTURING:
                continue  # not translated: PipeWire's property keys
            if (  # not translated: PipeWire's property keys
                props.get("stream.monitor") in (True, "true")
                or "peak" in str(props.get("media.name", "")).lower()
            ):
                continue
            if str(props.get("application.process.id", "")) == str(me):
                continue  # not translated: PipeWire's property keys
            return True
        return False


def _dump(argv: list[str]) -> bytes | None:
    try:
        done = subprocess.run(argv, capture_output=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class CameraInUse:
    """Another process holds a camera (/dev/video*) open. Only this user's processes can be
    seen, which is where a call app runs."""

    name = "camera"

    def __init__(self, proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> None:
        self._proc, self._dev = proc, dev

    def _cameras(self) -> set[str]:
        return {str(p) for p in self._dev.glob("video*")}

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("/dev/video is a Linux thing"))
        if not self._cameras():
            return Availability.no(_("there is no camera (/dev/video*)"))
        return Availability.yes(_("open /dev/video* files"))

    def busy(self) -> bool | None:
        cameras = self._cameras()
        if not cameras:
            return None
        me = str(os.getpid())
        for pid in _pids(self._proc):
            if pid == me:
                continue
            for target in _open_files(self._proc / pid / "fd"):
                if target in cameras:
                    return True
        return False


def _pids(proc: Path) -> Iterator[str]:
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return
    for entry in entries:
        if entry.name.isdigit():
            yield entry.name


def _open_files(fd_dir: Path) -> Iterator[str]:
    try:
        entries = list(os.scandir(fd_dir))  # another user's process: PermissionError
    except OSError:
        return
    for entry in entries:
        try:
            yield str(Path(entry.path).readlink())
        except OSError:
            continue


def fourcc(code: str) -> int:
    """CoreAudio's four-character constants ('dIn ' and the like) as the numbers they are."""
    return int.from_bytes(code.encode("ascii"), "big")


class PropertyAddress(ctypes.Structure):
    _fields_ = [
        ("selector", ctypes.c_uint32),
        ("scope", ctypes.c_uint32),
        ("element", ctypes.c_uint32),
    ]


class MacMicrophone:
    """macOS: the default input device is running somewhere (any app records from it),
    CoreAudio's kAudioDevicePropertyDeviceIsRunningSomewhere. Two property reads."""

    name = "microphone"
    SYSTEM_OBJECT = 1

    def __init__(self, load: Callable[[], Any] | None = None) -> None:
        self._load = load or _core_audio
        self._lib: Any = None

    def availability(self) -> Availability:
        if not PLATFORM.startswith("darwin"):
            return Availability.no(_("CoreAudio is a macOS thing"))
        if self._library() is None:
            return Availability.no(_("the CoreAudio framework cannot be loaded"))
        return Availability.yes("CoreAudio")

    def _library(self) -> Any:
        if self._lib is None:
            self._lib = self._load()
        return self._lib

    def _read(self, lib: Any, owner: int, selector: str) -> int | None:
        address = PropertyAddress(fourcc(selector), fourcc("glob"), 0)
        value = ctypes.c_uint32(0)
        size = ctypes.c_uint32(ctypes.sizeof(value))
        status = lib.AudioObjectGetPropertyData(
            ctypes.c_uint32(owner),
            ctypes.byref(address),
            ctypes.c_uint32(0),
            None,
            ctypes.byref(size),
            ctypes.byref(value),
        )
        return None if status != 0 else int(value.value)

    def busy(self) -> bool | None:
        lib = self._library()
        if lib is None:
            return None
        device = self._read(lib, self.SYSTEM_OBJECT, "dIn ")  # the default input device
        if not device:
            return None
        running = self._read(lib, device, "gone")  # ...IsRunningSomewhere
        return None if running is None else bool(running)


def _core_audio() -> Any:
    path = ctypes.util.find_library("CoreAudio")
    try:
        return ctypes.CDLL(path) if path else None
    except OSError:
        return None


class RegistryReader(Protocol):
    def subkeys(self, path: str) -> Iterable[str]: ...

    def value(self, path: str, name: str) -> int | None: ...


class WindowsConsentStore:
    """Windows records, per app, when it last started and stopped using the microphone or
    the camera; LastUsedTimeStop is 0 while it still does (Settings → Privacy shows it)."""

    def __init__(self, device: str, registry: Callable[[], RegistryReader | None]) -> None:
        self.name = device  # "microphone" or "webcam", as the store names them
        self._registry = registry

    def availability(self) -> Availability:
        if not PLATFORM.startswith("win"):
            return Availability.no(_("the privacy consent store is a Windows thing"))
        return Availability.yes(_("the privacy consent store"))

    def busy(self) -> bool | None:
        registry = self._registry()
        if registry is None:
            return None
        base = f"{CONSENT_STORE}\\{self.name}"
        apps = [f"{base}\\{key}" for key in registry.subkeys(base) if key != "NonPackaged"]
        apps += [f"{base}\\NonPackaged\\{key}" for key in registry.subkeys(f"{base}\\NonPackaged")]
        return any(registry.value(app, "LastUsedTimeStop") == 0 for app in apps)


class WinRegistry:
    """The current user's registry, read only."""

    def __init__(self) -> None:
        import winreg  # only on Windows

        self._winreg = winreg

    def subkeys(self, path: str) -> Iterable[str]:
        reg = self._winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, path) as key:
                count = reg.QueryInfoKey(key)[0]
                return [reg.EnumKey(key, i) for i in range(count)]
        except OSError:
            return []

    def value(self, path: str, name: str) -> int | None:
        reg = self._winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, path) as key:
                found, _kind = reg.QueryValueEx(key, name)
        except OSError:
            return None
        return found if isinstance(found, int) else None


def _windows_registry() -> RegistryReader | None:
    try:
        return WinRegistry()
    except ImportError:
        return None


Reader = PipeWireRecording | AlsaCapture | CameraInUse | WindowsConsentStore | MacMicrophone


class CallSource:
    """One of the above, consulted only while the setting says to hold breaks in calls."""

    def __init__(self, inner: Reader, on: Callable[[], bool]) -> None:
        self.name = f"in a call ({inner.name})"
        self._inner, self._on = inner, on

    def availability(self) -> Availability:
        return self._inner.availability()

    def busy(self) -> bool | None:
        return self._inner.busy() if self._on() else False


def call_sources(on: Callable[[], bool]) -> list[CallSource]:
    """The call signals this system offers, each switched by `on` (the setting)."""
    found: list[Reader] = [PipeWireRecording(), AlsaCapture(), CameraInUse()]
    if PLATFORM.startswith("win"):
        found = [
            WindowsConsentStore("microphone", _windows_registry),
            WindowsConsentStore("webcam", _windows_registry),
        ]
    elif PLATFORM.startswith("darwin"):
        found = [MacMicrophone()]  # a camera in use has no public query on macOS
    return [CallSource(inner, on) for inner in found]
