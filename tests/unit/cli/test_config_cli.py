"""`backbreak config`: read and change the settings file from a terminal, without Qt."""

from __future__ import annotations

import io
import json
import socket
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backbreak.cli import main
from backbreak.core.settings import OPTIONS
from backbreak.platform.ipc import Reply, decode_request, encode_reply, endpoint
from backbreak.storage.paths import AppPaths
from tests.unit.cli.test_cli import run_cli


def config(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["config", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def settings_file() -> Path:
    return AppPaths.from_environment().settings_file


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def in_file(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def test_path_is_the_settings_file_the_app_reads(capsys, settings_file):
    assert config(capsys, "path") == (0, f"{settings_file}\n", "")


def test_show_lists_every_option_marks_changes_and_problems_and_writes_nothing(
    capsys, settings_file
):
    code, out, _ = config(capsys)  # no file yet: the defaults, and still no file after
    assert code == 0 and "not there yet" in out
    assert all(f" {o.key} " in out for o in OPTIONS)
    assert not settings_file.exists()

    text = (
        '[schedule]\nstretch_every = "45m"\nsnooze = "5m"\n\n[breaks]\nskip_friction = 99\n'
        '\n[mine]\nnote = "kept"\n'
    )
    write(settings_file, text)
    code, out, _ = config(capsys, "show")
    assert code == 0
    lines = {
        line.split()[1] if line.startswith("*") else line.split()[0]: line
        for line in out.splitlines()
        if line.strip()
    }
    assert lines["schedule.stretch_every"].startswith("*")
    assert (
        "45m" in lines["schedule.stretch_every"]
        and "(default 50m)" in lines["schedule.stretch_every"]
    )
    assert not lines["schedule.snooze"].startswith("*")  # written, but the default value
    assert "breaks.skip_friction: must be from 0 to 10; using the default (3)" in out
    assert "mine.note: unknown setting, kept as is" in out
    assert settings_file.read_text() == text


def test_show_json_and_one_key(capsys, settings_file):
    write(settings_file, '[appearance]\ntheme = "dark"\n')
    code, out, _ = config(capsys, "show", "--json")
    data = json.loads(out)
    assert code == 0 and data["path"] == str(settings_file) and data["problems"] == []
    by_key = {o["key"]: o for o in data["options"]}
    assert list(by_key) == [o.key for o in OPTIONS]
    assert by_key["appearance.theme"] | {"help": ""} == {
        "key": "appearance.theme",
        "value": "dark",
        "default": "system",
        "changed": True,
        "label": "Theme",
        "help": "",
        "choices": ["system", "light", "dark"],
    }
    assert by_key["schedule.stretch_every"]["value"] == "50m"
    assert by_key["schedule.stretch_every"]["changed"] is False

    code, out, _ = config(capsys, "show", "appearance.theme")
    assert code == 0
    assert out.splitlines()[0] == "appearance.theme = dark   (default system)"
    assert "Colours of backbreak's windows" in out and "One of: system, light, dark" in out
    one = json.loads(config(capsys, "show", "--json", "schedule.snooze")[1])
    assert one["key"] == "schedule.snooze" and one["value"] == "5m" and not one["changed"]


@pytest.mark.parametrize(
    ("key", "typed", "stored", "shown"),
    [
        ("schedule.stretch_every", ["45m"], "45m", "45m"),
        ("schedule.snooze", ["1h", "30m"], "1h30m", "1h30m"),
        ("micro.enabled", ["yes"], True, "true"),
        ("notifications.enabled", ["off"], False, "false"),
        ("schedule.snooze_limit", ["5"], 5, "5"),
        ("appearance.theme", ["Dark"], "dark", "dark"),
        ("breaks.category", [""], "", '""'),
        (
            "breaks.routines",
            ["neck-release,neck-micro"],
            ["neck-release", "neck-micro"],
            "neck-release, neck-micro",
        ),
        (
            "working_hours.mon",
            ["09:00-12:30,", "13:30-18:00"],
            ["09:00-12:30", "13:30-18:00"],
            "09:00-12:30, 13:30-18:00",
        ),
        ("working_hours.sat", ["08:00-24:00"], ["08:00-24:00"], "08:00-24:00"),
        ("working_hours.tue", ["none"], [], "none"),
        ("working_hours.wed", ['["10:00-16:00"]'], ["10:00-16:00"], "10:00-16:00"),
        ("working_hours.timezone", ["Europe/Berlin"], "Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_set_takes_values_as_typed_in_a_terminal(capsys, settings_file, key, typed, stored, shown):
    table, name = key.split(".")
    code, out, err = config(capsys, "set", key, *typed)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith(f"{key} = {shown}")
    assert out.splitlines()[-1] == "saved; backbreak will use it when it starts"
    assert in_file(settings_file)[table][name] == stored
    assert config(capsys, "show", key)[1].startswith(f"{key} = {shown}")


def test_set_keeps_other_values_and_unknown_keys(capsys, settings_file):
    write(settings_file, '[schedule]\nsnooze = "10m"\nfuture = 1\n\n[mine]\nnote = "kept"\n')
    assert config(capsys, "set", "schedule.stretch_every", "20m")[0] == 0
    data = in_file(settings_file)
    assert (
        data["schedule"].items() >= {"stretch_every": "20m", "snooze": "10m", "future": 1}.items()
    )
    assert data["mine"] == {"note": "kept"}


@pytest.mark.parametrize(
    ("key", "typed", "message", "help_words"),
    [
        ("schedule.stretch_every", "soon", '"soon" is not a duration', "Time between stretch"),
        ("schedule.stretch_every", "9h", "must be between 5s and 8h", "Time between stretch"),
        ("micro.enabled", "maybe", "must be true or false", "Short posture checks"),
        ("schedule.snooze_limit", "11", "must be from 0 to 10", "How many times one break"),
        ("schedule.snooze_limit", "lots", "must be a whole number from 0 to 10", "How many"),
        ("appearance.theme", "purple", 'must be one of "system", "light", "dark"', "Colours"),
        ("working_hours.fri", "09:00-13:00,12:00-17:00", "overlap", "Working hours on Friday"),
        ("working_hours.fri", "9-5", '"9-5" is not a time range', "Working hours on Friday"),
    ],
)
def test_a_bad_value_says_why_and_leaves_the_file_alone(
    capsys, settings_file, key, typed, message, help_words
):
    write(settings_file, '[schedule]\nstretch_every = "30m"\n')
    before = settings_file.read_bytes()
    code, out, err = config(capsys, "set", key, typed)
    assert code == 1 and out == ""
    assert err.startswith(f"backbreak: {key}: ") and message in err
    assert "Nothing was changed" in err and help_words in err
    assert "Traceback" not in err
    assert settings_file.read_bytes() == before


def test_an_unknown_key_exits_2_and_suggests_close_ones(capsys, settings_file):
    code, _, err = config(capsys, "set", "schedule.strech_every", "20m")
    assert code == 2 and "did you mean schedule.stretch_every?" in err
    code, _, err = config(capsys, "set", "snooze", "20m")  # the table left out
    assert code == 2 and "schedule.snooze" in err
    code, _, err = config(capsys, "show", "zzz.qqq")
    assert code == 2 and 'no setting "zzz.qqq"' in err and "config show" in err
    assert config(capsys, "reset", "schedule.snoze")[0] == 2
    assert not settings_file.exists()


def test_a_whole_table_option_points_to_the_file(capsys, settings_file):
    code, _, err = config(capsys, "set", "fixed", "x")
    assert code == 2 and "[fixed]" in err and str(settings_file) in err
    assert not settings_file.exists()


def test_reset_puts_one_option_back_and_keeps_the_rest(capsys, settings_file):
    write(
        settings_file,
        '[schedule]\nstretch_every = "20m"\nsnooze = "10m"\n\n[mine]\nnote = "kept"\n',
    )
    code, out, _ = config(capsys, "reset", "schedule.snooze")
    assert code == 0
    assert out.splitlines()[0] == "schedule.snooze = 5m (the default)   (was 10m)"
    data = in_file(settings_file)
    assert data["schedule"]["snooze"] == "5m" and data["schedule"]["stretch_every"] == "20m"
    assert data["mine"] == {"note": "kept"}
    assert config(capsys, "reset")[0] == 2  # neither a key nor --all


def test_reset_all_asks_first_and_keeps_unknown_keys(capsys, settings_file, monkeypatch):
    text = '[schedule]\nstretch_every = "20m"\n\n[mine]\nnote = "kept"\n'
    write(settings_file, text)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    code, out, _ = config(capsys, "reset", "--all")
    assert code == 1 and "Type reset to go on" in out and "Nothing was changed" in out
    assert settings_file.read_text() == text

    monkeypatch.setattr("sys.stdin", io.StringIO("reset\n"))
    code, out, _ = config(capsys, "reset", "--all")
    assert code == 0 and "Every option is back to its default" in out
    data = in_file(settings_file)
    assert data["schedule"]["stretch_every"] == "50m" and data["mine"] == {"note": "kept"}

    config(capsys, "set", "sound.volume", "75")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # --yes never reads the answer
    assert config(capsys, "reset", "--all", "--yes")[0] == 0
    assert in_file(settings_file)["sound"]["volume"] == 40


def test_an_unparsable_file_is_never_overwritten_silently(capsys, settings_file):
    broken = '[schedule]\nstretch_every = "20m\n'
    write(settings_file, broken)
    code, out, _ = config(capsys, "show")
    assert code == 0 and "is not valid TOML" in out

    for args in (["set", "schedule.snooze", "10m"], ["reset", "schedule.snooze"]):
        code, out, err = config(capsys, *args)
        assert code == 1 and out == ""
        assert str(settings_file) in err and "is not valid TOML" in err
        assert "nothing was changed" in err and "reset --all" in err
    assert settings_file.read_text() == broken
    assert sorted(p.name for p in settings_file.parent.iterdir()) == ["settings.toml"]

    # reset --all is the way out, and it keeps the old file as a backup.
    code, out, _ = config(capsys, "reset", "--all", "--yes")
    assert code == 0
    backups = list(settings_file.parent.glob("settings.toml.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text() == broken
    assert str(backups[0]) in out
    assert in_file(settings_file)["schedule"]["stretch_every"] == "50m"


def test_a_bad_value_elsewhere_in_the_file_is_named_when_it_is_replaced(capsys, settings_file):
    write(settings_file, "[breaks]\nskip_friction = 99\n")
    code, _, err = config(capsys, "set", "schedule.snooze", "10m")
    assert code == 0
    assert "note: breaks.skip_friction: must be from 0 to 10" in err
    assert in_file(settings_file)["breaks"]["skip_friction"] == 3


@pytest.fixture
def running_app() -> Iterator[list[str]]:
    """A stand-in for the running app's socket: records requests, answers like the app."""
    path = Path(endpoint(str(AppPaths.from_environment().data_dir)))
    received: list[str] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    server.settimeout(10)

    def serve() -> None:
        try:
            while True:
                connection, _ = server.accept()
                with connection:
                    line = connection.makefile("rb").readline().strip()
                    command = decode_request(line).command
                    received.append(command)
                    reply = (
                        Reply.done("Next break in 20 min (at 10:20)")
                        if command == "reload"
                        else Reply.error(f'unknown request "{command}"')
                    )
                    connection.sendall(encode_reply(reply))
        except OSError:
            return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield received
    finally:
        server.close()
        path.unlink(missing_ok=True)
        thread.join(timeout=5)


def test_set_and_reset_tell_a_running_app_to_reload(capsys, running_app):
    code, out, _ = config(capsys, "set", "schedule.stretch_every", "20m")
    assert code == 0
    assert out.splitlines()[-1] == (
        "saved; the running backbreak uses it now. Next break in 20 min (at 10:20)"
    )
    assert config(capsys, "reset", "schedule.stretch_every")[0] == 0
    assert config(capsys, "reset", "--all", "--yes")[0] == 0
    assert running_app == ["reload", "reload", "reload"]


def test_config_works_without_qt_and_is_in_the_help(backbreak_home):
    result = run_cli("config", "set", "schedule.stretch_every", "25m", home=backbreak_home)
    assert result.returncode == 0, result.stderr
    assert "schedule.stretch_every = 25m" in result.stdout
    result = run_cli("--help", home=backbreak_home)
    assert "config" in result.stdout and "show and change settings" in result.stdout
