"""The wheel carries the routines and assets, and the installed command finds them."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(out.glob("backbreak-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_the_wheel_contains_routines_and_assets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "routines").glob("*.toml"))
    assert shipped, "no routines in the repository"
    for name in shipped:
        assert f"backbreak/routines/{name}" in names
    for svg in (ROOT / "assets").rglob("*.svg"):
        assert f"backbreak/assets/{svg.relative_to(ROOT / 'assets').as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "backbreak = backbreak.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_lists_its_routines_in_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    # Install the wheel alone (no network, no Qt): `routines list` must not need either.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "DISPLAY", "QT_QPA_PLATFORM")}
    env["BACKBREAK_HOME"] = str(tmp_path / "home")
    listed = subprocess.run([str(venv / "bin" / "backbreak"), "routines", "list"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "skipped" not in listed.stderr  # every illustration was found in the wheel
    shipped = list((ROOT / "routines").glob("*.toml"))
    assert len(shipped) >= 2
    for toml in shipped:
        assert toml.stem in listed.stdout


def test_the_desktop_entry_is_valid():
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is missing (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(ROOT / "packaging" / "backbreak.desktop")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
