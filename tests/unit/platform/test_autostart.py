"""Start at login: the XDG entry for real (validated, and launched by GLib), the Windows and
macOS writers with a fake registry and plistlib."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backbreak import APP_ID
from backbreak.platform import autostart
from backbreak.platform.autostart import (
    APPROVED_KEY,
    RUN_KEY,
    AutostartError,
    LaunchAgentAutostart,
    NoAutostart,
    WindowsAutostart,
    XdgAutostart,
    exec_value,
    for_this_system,
    launch_command,
)

# A folder name with every character the desktop-entry spec treats specially.
AWKWARD = 'my apps/50% "done" it\'s $HOME `x` back\\slash (1) & café'


def parse_exec(value: str) -> list[str]:
    """An independent reading of an Exec value, straight from the desktop-entry spec."""
    string_escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    unescaped, i = "", 0
    while i < len(value):
        if value[i] == "\\":
            unescaped += string_escapes[value[i + 1]]
            i += 2
        else:
            unescaped += value[i]
            i += 1
    args: list[str] = []
    current, quoted, started, i = "", False, False, 0
    while i < len(unescaped):
        c = unescaped[i]
        if quoted:
            if c == "\\":
                assert unescaped[i + 1] in '"`$\\', f"bad escape in {value!r}"
                current += unescaped[i + 1]
                i += 1
            elif c == '"':
                quoted = False
            else:
                current += c
        elif c == '"':
            quoted = started = True
        elif c == " ":
            if started:
                args.append(current)
            current, started = "", False
        else:
            assert c not in "\t\n\"'\\><~|&;$*?#()`", f"unquoted {c!r} in {value!r}"
            current += c
            started = True
        i += 1
    assert not quoted, f"unterminated quote in {value!r}"
    if started:
        args.append(current)
    for a in args:  # every % must be doubled (no field codes in an autostart entry)
        assert a.replace("%%", "").count("%") == 0, a
    return [a.replace("%%", "%") for a in args]


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def validate(path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is missing (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# --- XDG ------------------------------------------------------------------------------------


def test_enable_writes_a_valid_entry_and_the_switch_round_trips(tmp_path):
    starter = XdgAutostart(tmp_path / "autostart")
    assert starter.availability().available
    assert not starter.is_enabled()
    starter.enable(["/usr/bin/backbreak"])
    path = tmp_path / "autostart" / "backbreak.desktop"
    assert starter.path == path and starter.is_enabled()
    keys = entry_keys(path)
    assert keys["Exec"] == "/usr/bin/backbreak"
    assert keys["Type"] == "Application" and keys["Icon"] == APP_ID
    assert keys["X-GNOME-Autostart-enabled"] == "true"
    validate(path)
    starter.enable(["/opt/backbreak/backbreak"])  # again: replaced, not appended
    assert entry_keys(path)["Exec"] == "/opt/backbreak/backbreak"
    assert [p.name for p in path.parent.iterdir()] == ["backbreak.desktop"]  # no temp files
    starter.disable()
    assert not path.exists() and not starter.is_enabled()
    starter.disable()  # switching off twice is fine


def test_the_folder_follows_xdg_config_home_then_home(tmp_path):
    config = tmp_path / "cfg"
    starter = XdgAutostart(environ={"XDG_CONFIG_HOME": str(config), "HOME": "/nowhere"})
    assert starter.path == config / "autostart" / "backbreak.desktop"
    starter = XdgAutostart(
        environ={"XDG_CONFIG_HOME": "relative/is/ignored", "HOME": str(tmp_path)}
    )
    assert starter.path == tmp_path / ".config" / "autostart" / "backbreak.desktop"


@pytest.mark.parametrize(
    "command",
    [
        [f"/tmp/{AWKWARD}/bin/backbreak"],
        ["/usr/bin/python3", "-m", "backbreak"],
        [
            "/opt/b b/python",
            "-X",
            "utf8",
            "--note=100% sure",
            "",
            "tab\there",
            "line\nbreak",
            "~user",
            "a|b;c&d>e<f",
            "*?#",
        ],
    ],
)
def test_exec_quoting_follows_the_spec(tmp_path, command):
    starter = XdgAutostart(tmp_path)
    starter.enable(command)
    value = entry_keys(starter.path)["Exec"]
    parsed = parse_exec(value)
    expected = ["env", *command] if "%" in command[0] else command
    assert parsed == expected
    assert starter.is_enabled()
    validate(starter.path)


def test_shlex_quoting_would_not_be_valid():
    # The reason this module exists: single quotes are not desktop-entry quoting.
    assert "'" not in exec_value(["/tmp/a b/backbreak"])
    assert exec_value(["/tmp/a b/backbreak"]) == '"/tmp/a b/backbreak"'
    assert exec_value(["/x/back\\slash"]) == '"/x/back\\\\\\\\slash"'  # four backslashes
    assert exec_value(["/x", "50%"]) == "/x 50%%"


def test_glib_starts_the_entry_with_exactly_these_arguments(tmp_path):
    """GNOME's autostart reads entries with GLib: `gio launch` runs ours, a script records."""
    gio = shutil.which("gio")
    if gio is None:
        pytest.skip("gio is missing (apt-get install libglib2.0-bin)")
    folder = tmp_path / AWKWARD
    folder.mkdir(parents=True)
    record = tmp_path / "argv.json"
    script = folder / "backbreak"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    script.chmod(0o755)
    arguments = ["a b", "100%", "back\\slash", "new\nline", "", 'it\'s "quoted"', "$HOME", "café"]
    starter = XdgAutostart(tmp_path / "autostart")
    starter.enable([str(script), *arguments])
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [gio, "launch", str(starter.path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 20
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    assert json.loads(record.read_text()) == arguments


def test_switched_off_in_the_desktop_settings_counts_as_off(tmp_path):
    starter = XdgAutostart(tmp_path)
    starter.enable(["/usr/bin/backbreak"])
    text = starter.path.read_text()
    starter.path.write_text(
        text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false")
    )
    assert not starter.is_enabled()
    starter.path.write_text(text + "Hidden=true\n")
    assert not starter.is_enabled()
    starter.enable(["/usr/bin/backbreak"])  # switching on again rewrites the entry
    assert starter.is_enabled()


def test_an_unwritable_folder_is_one_clear_error(tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    starter = XdgAutostart(blocker / "autostart")
    assert not starter.availability().available
    assert "not a writable folder" in starter.availability().reason
    with pytest.raises(AutostartError, match=r"Could not write .*startup applications by hand"):
        starter.enable(["/usr/bin/backbreak"])


def test_a_control_character_in_the_path_is_refused_clearly(tmp_path):
    with pytest.raises(AutostartError, match="control character"):
        XdgAutostart(tmp_path).enable(["/tmp/bell\x07/backbreak"])
    assert not (tmp_path / "backbreak.desktop").exists()


def test_inside_flatpak_the_sandbox_is_the_reason(monkeypatch):
    monkeypatch.setattr(autostart.base, "PLATFORM", "linux")
    starter = XdgAutostart(environ={"FLATPAK_ID": APP_ID, "HOME": "/home/u"})
    assert not starter.availability().available
    assert "Flatpak" in starter.availability().reason


# --- Windows --------------------------------------------------------------------------------


class FakeKey:
    def __init__(self, registry, path):
        self.registry, self.path = registry, path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeWinreg:
    """The slice of `winreg` the writer uses, over a dict of {key path: {name: value}}."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ, KEY_SET_VALUE, REG_SZ, REG_BINARY = 1, 2, 1, 3

    def __init__(self, fail_writes=False):
        self.keys: dict[str, dict[str, tuple[object, int]]] = {}
        self.fail_writes = fail_writes

    def OpenKey(self, root, path, reserved=0, access=1):  # noqa: N802 (winreg names)
        if f"{root}\\{path}" not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey(self, f"{root}\\{path}")

    def CreateKeyEx(self, root, path, reserved=0, access=2):  # noqa: N802 (winreg names)
        if self.fail_writes:
            raise PermissionError(5, "Access is denied")
        self.keys.setdefault(f"{root}\\{path}", {})
        return FakeKey(self, f"{root}\\{path}")

    def QueryValueEx(self, key, name):  # noqa: N802 (winreg names)
        try:
            return self.keys[key.path][name]
        except KeyError:
            raise FileNotFoundError(2, "The system cannot find the file specified") from None

    def SetValueEx(self, key, name, reserved, kind, value):  # noqa: N802 (winreg names)
        assert isinstance(value, str) and kind == self.REG_SZ
        self.keys[key.path][name] = (value, kind)

    def DeleteValue(self, key, name):  # noqa: N802 (winreg names)
        if name not in self.keys[key.path]:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del self.keys[key.path][name]


def test_windows_writes_one_run_value_and_round_trips():
    reg = FakeWinreg()
    starter = WindowsAutostart(reg)
    assert starter.availability().available
    assert not starter.is_enabled()
    starter.enable([r"C:\Program Files\backbreak\backbreak.exe", "--minimized"])
    assert reg.keys[f"HKCU\\{RUN_KEY}"] == {
        "backbreak": ('"C:\\Program Files\\backbreak\\backbreak.exe" --minimized', 1)
    }
    assert starter.is_enabled()
    starter.disable()
    assert reg.keys[f"HKCU\\{RUN_KEY}"] == {} and not starter.is_enabled()
    starter.disable()


def test_windows_respects_and_clears_a_task_manager_switch_off():
    reg = FakeWinreg()
    starter = WindowsAutostart(reg)
    starter.enable([r"C:\b\backbreak.exe"])
    reg.keys[f"HKCU\\{APPROVED_KEY}"] = {"backbreak": (b"\x03" + bytes(11), 3)}
    assert not starter.is_enabled()
    starter.enable([r"C:\b\backbreak.exe"])  # the user switches it on in backbreak
    assert starter.is_enabled()
    assert "backbreak" not in reg.keys[f"HKCU\\{APPROVED_KEY}"]


def test_windows_errors_say_what_to_do():
    with pytest.raises(AutostartError, match="Startup by hand"):
        WindowsAutostart(FakeWinreg(fail_writes=True)).enable([r"C:\b\backbreak.exe"])
    with pytest.raises(AutostartError, match="shorter path"):
        WindowsAutostart(FakeWinreg()).enable(["C:\\" + "x" * 300 + "\\backbreak.exe"])


def test_without_winreg_windows_is_not_here(monkeypatch):
    monkeypatch.setattr(autostart.base, "PLATFORM", "linux")
    starter = WindowsAutostart()
    assert not starter.availability().available
    with pytest.raises(AutostartError):
        starter.enable(["x"])


# --- macOS ----------------------------------------------------------------------------------


def test_the_launch_agent_round_trips_through_plistlib(tmp_path):
    starter = LaunchAgentAutostart(tmp_path / "LaunchAgents")
    assert not starter.is_enabled()
    command = ["/Applications/backbreak.app/Contents/MacOS/backbreak"]
    starter.enable(command)
    path = tmp_path / "LaunchAgents" / f"{APP_ID}.plist"
    assert starter.path == path
    with path.open("rb") as source:
        agent = plistlib.load(source)
    assert agent["Label"] == APP_ID and agent["ProgramArguments"] == command
    assert agent["RunAtLoad"] is True
    assert path.read_bytes().startswith(b"<?xml")  # launchd reads XML plists
    assert starter.is_enabled()
    agent["Disabled"] = True
    path.write_bytes(plistlib.dumps(agent))
    assert not starter.is_enabled()
    starter.disable()
    assert not path.exists() and not starter.is_enabled()


def test_a_damaged_launch_agent_is_a_clear_error(tmp_path):
    starter = LaunchAgentAutostart(tmp_path)
    starter.path.write_text("not a plist")
    with pytest.raises(AutostartError, match="Delete it"):
        starter.is_enabled()


# --- the command and the factory ------------------------------------------------------------


def test_the_frozen_app_starts_itself():
    assert launch_command(frozen=True, executable="/opt/backbreak/backbreak") == [
        "/opt/backbreak/backbreak"
    ]


def test_an_installed_console_script_is_preferred(tmp_path):
    script = tmp_path / "bin" / "backbreak"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    python = str(tmp_path / "bin" / "python")
    assert launch_command(
        frozen=False, executable=python, script_dirs=[script.parent], platform="linux"
    ) == [str(script)]
    assert launch_command(
        frozen=False, executable=python, script_dirs=[tmp_path], platform="linux"
    ) == [python, "-m", "backbreak"]


def test_windows_uses_pythonw_so_no_console_window_opens(tmp_path):
    (tmp_path / "pythonw.exe").write_text("")
    command = launch_command(
        frozen=False, executable=str(tmp_path / "python.exe"), platform="win32"
    )
    assert command == [str(tmp_path / "pythonw.exe"), "-m", "backbreak"]


def test_this_interpreter_gives_a_command_that_runs():
    command = launch_command()
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("backbreak "), result.stderr


def test_the_factory_picks_the_writer(tmp_path):
    assert isinstance(for_this_system("linux", environ={}, home=tmp_path), XdgAutostart)
    linux = for_this_system("linux", environ={}, home=tmp_path)
    assert isinstance(linux, XdgAutostart)
    assert linux.path == tmp_path / ".config" / "autostart" / "backbreak.desktop"
    mac = for_this_system("darwin", home=tmp_path)
    assert isinstance(mac, LaunchAgentAutostart)
    assert mac.path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    assert isinstance(for_this_system("win32", winreg=FakeWinreg()), WindowsAutostart)
    other = for_this_system("plan9")
    assert isinstance(other, NoAutostart) and not other.availability().available
    assert not other.is_enabled()
    with pytest.raises(AutostartError, match="not supported"):
        other.enable(["x"])
