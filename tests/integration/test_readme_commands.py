"""The README's two commands (install and start; install and test) work as a user with sudo
and in a root shell that has none: `sudo` only ever comes as `$(command -v sudo)`, which is
empty there. (Run for real on Debian 12's own Python, with python3-venv removed, as root
without sudo: both lines installed it and went on.)"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.integration.test_readme_map import ROOT


def quick_start_lines() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_there_is_one_line_to_start_and_one_to_test():
    lines = quick_start_lines()
    assert len(lines) == 2, lines
    start, test = lines
    assert start.endswith(".venv/bin/backbreak")
    assert test.endswith(".venv/bin/python -m pytest -q -n auto --dist loadfile")


def test_no_line_needs_sudo_to_exist():
    for line in quick_start_lines():
        bare = re.sub(r"\$\(command -v sudo\)", "", line)
        assert not re.search(r"\bsudo\b", bare), line
        assert "apt-get install" not in line or "apt-get update" in line, line  # fresh lists


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_sudo_stand_in_is_empty_without_sudo_and_sudo_with_it(tmp_path):
    stand_in = "printf '[%s]' $(command -v sudo)"
    bash = str(shutil.which("bash"))
    bare = subprocess.run(
        [bash, "-c", stand_in], env={"PATH": str(tmp_path)}, capture_output=True, text=True
    )
    assert bare.stdout == "[]"  # nothing: the command that follows runs as it is
    fake = tmp_path / "sudo"
    fake.write_text('#!/bin/sh\nexec "$@"\n')
    fake.chmod(0o755)
    found = subprocess.run(
        [bash, "-c", stand_in], env={"PATH": str(tmp_path)}, capture_output=True, text=True
    )
    assert found.stdout == f"[{fake}]"


def test_ci_runs_the_readmes_test_line():
    assert "<!-- test-line -->" in (ROOT / "README.md").read_text()
    assert "<!-- test-line -->" in (ROOT / ".ci/run").read_text()
