"""storage/reading.py: one bounded reader for the settings file and routine files.

It must never block, never read without end, never recurse past the stack, and raise
nothing but ReadError, whose kind tells the caller whether the thing may be moved aside.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.fs.reading import (
    MAX_DEPTH,
    ReadError,
    parse_toml,
    read_bytes,
    read_toml,
    too_deep,
)

BOM = b"\xef\xbb\xbf"


def refused(raw: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        parse_toml(raw)
    assert caught.value.kind == "invalid"
    return caught.value


# -- what the bytes say -------------------------------------------------------------------
def test_a_utf8_byte_order_mark_is_accepted():
    assert parse_toml(BOM + b'a = "b"\n') == {"a": "b"}
    assert parse_toml(BOM) == {}


def test_utf16_is_named_and_other_bytes_say_their_line():
    assert "UTF-16" in refused('a = "b"'.encode("utf-16")).reason
    error = refused(b'a = "b"\n# caf\xe9\n')
    assert "not UTF-8" in error.reason and error.where == "line 2"


def test_a_syntax_error_says_its_line_and_column():
    error = refused(b'a = "b"\nc = \n')
    assert error.reason.startswith("is not valid TOML") and error.where == "line 2, column 5"
    end = refused(b"a = [1,\n")
    assert "missing at the end" in end.reason and end.where == "end of file, line 1"


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 3000 + "]" * 3000,
        "x = " + "{a=" * 3000 + "1" + "}" * 3000,
        "a" + ".a" * 3000 + " = 1",
        "[a" + ".a" * 3000 + "]",
        "[[a" + ".a" * 3000 + "]]",
    ],
    ids=["lists", "inline-tables", "dotted-keys", "table-header", "array-of-tables"],
)
def test_nesting_past_the_limit_is_refused_without_recursing(text):
    assert "nested more than" in refused(text.encode()).reason


def test_nesting_up_to_the_limit_is_fine():
    depth = MAX_DEPTH
    assert parse_toml(("x = " + "[" * depth + "]" * depth).encode())
    assert too_deep("x = " + "[" * (depth + 1) + "]" * (depth + 1), depth) == (1, 5 + depth)


@pytest.mark.parametrize(
    "text",
    [
        'a = "[[[[[[[[[["',
        "a = '[[[[[[[[[['",
        'a = """\n[[[[[[[[[[\n"""',
        "a = '''\n[[[[[[[[[[\n'''",
        'a = "\\"[[[[[[[[[["',
        "# [[[[[[[[[[",
        '"[[[[[[[[[[" = 1',
    ],
)
def test_brackets_in_strings_and_comments_are_only_text(text):
    assert too_deep(text, 3) is None
    assert parse_toml(text.encode()) is not None


def test_numbers_python_cannot_print_are_refused():
    assert "4300 digits" in refused(b"a = " + b"9" * 5000).reason
    wide = refused(b"[t]\nlist = [1, 0x" + b"f" * 300 + b"]\n")
    assert "1024 bits" in wide.reason and wide.where == "t.list[2]"
    assert parse_toml(b"a = 99999999999999999999999")["a"] == 99999999999999999999999


_PIECES = ["[", "]", "{", "}", "[[", "]]", '"', "'", '"""', "'''", "#", "\\", "\n", "a = "]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join), st.integers(0, 6))
def test_the_quick_depth_pass_answers_as_the_exact_scan(text, limit):
    """The quick pass (strip strings, sum brackets) never lets through what the exact scan
    refuses, and names the same place: one rule, two speeds."""
    from backbreak.fs.reading import _first_too_deep

    assert too_deep(text, limit) == _first_too_deep(text, limit)


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_read_error(raw):
    try:
        assert isinstance(parse_toml(raw), dict)
    except ReadError as error:
        assert error.kind == "invalid" and error.reason.strip()


# -- what sits where the file belongs -----------------------------------------------------
def read(path: Path, limit: int = 1024) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_toml(path, limit, "a test file")
    return caught.value


def test_a_regular_file_up_to_the_limit_is_read(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"a = 1\n" + b"#" * 1018)  # 1024 bytes
    assert read_toml(path, 1024) == {"a": 1}
    path.write_bytes(path.read_bytes() + b"#")
    error = read(path)
    assert error.kind == "invalid" and "larger than 1 KiB" in error.reason
    assert "is it really a test file?" in error.reason


def test_missing_is_its_own_kind(tmp_path):
    assert read(tmp_path / "none.toml").kind == "missing"


def unusable(path: Path) -> str:
    error = read(path)
    assert error.kind == "unusable" and error.reason.startswith("cannot be read")
    return error.reason


def test_a_named_pipe_is_refused_at_once(tmp_path):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    assert "named pipe" in unusable(path)  # a plain open() would wait for a writer forever


def test_a_folder_a_socket_and_a_device_are_refused(tmp_path):
    folder = tmp_path / "x.toml"
    folder.mkdir()
    assert "folder" in unusable(folder)
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind("s.toml")
    finally:
        os.chdir(here)
    assert "socket" in unusable(tmp_path / "s.toml")
    assert "device" in unusable(Path("/dev/zero"))  # reading it never ends


def test_links_are_followed_but_loops_and_dangling_ones_are_named(tmp_path):
    target = tmp_path / "real.toml"
    target.write_text("a = 1\n")
    (tmp_path / "link.toml").symlink_to(target)
    assert read_toml(tmp_path / "link.toml", 1024) == {"a": 1}
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    assert "symbolic links" in unusable(tmp_path / "loop.toml")
    (tmp_path / "gone.toml").symlink_to(tmp_path / "nothing.toml")
    assert "nothing.toml, which does not exist" in unusable(tmp_path / "gone.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert "device" in unusable(tmp_path / "zero.toml")


def test_a_file_that_grows_past_the_limit_is_cut_off(tmp_path, monkeypatch):
    path = tmp_path / "a.toml"
    path.write_bytes(b"#" * 10)
    real_stat = Path.stat

    def small_stat(self, **kwargs):  # as if the stat came before someone appended
        found = real_stat(self, **kwargs)
        return os.stat_result((found.st_mode, *found[1:6], 1, *found[7:]))

    monkeypatch.setattr(Path, "stat", small_stat)
    with pytest.raises(ReadError) as caught:
        read_bytes(path, 5)
    assert caught.value.kind == "invalid" and "larger than" in caught.value.reason
