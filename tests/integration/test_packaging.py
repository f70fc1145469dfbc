"""What ships: the sdist and the wheel carry routines and assets and the installed command
finds them; the desktop entry and AppStream metainfo validate; the icons, the Flatpak
manifest and the PyInstaller build hold together."""

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tarfile
import time
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import backbreak

ROOT = Path(__file__).resolve().parents[2]
APP_ID = backbreak.APP_ID
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
HICOLOR = PACKAGING / "icons" / "hicolor"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.json"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def shipped_routines() -> list[Path]:
    shipped = sorted((ROOT / "routines").glob("*.toml"))
    assert len(shipped) >= 2, "no routines in the repository"
    return shipped


def routine_catalogs() -> list[Path]:
    """The routines' translations: routines/locale/<language>.toml."""
    catalogs = sorted((ROOT / "routines" / "locale").glob("*.toml"))
    assert len(catalogs) >= 5, "no routine catalogs in the repository"
    return catalogs


def headless_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["BACKBREAK_HOME"] = str(home)
    return env


# --- sdist and wheel --------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """`python -m build`: the sdist, then the wheel built *from that sdist* (so a file the
    sdist forgets is missing from the wheel too)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    sdists, wheels = list(out.glob("backbreak-*.tar.gz")), list(out.glob("backbreak-*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1
    return {"sdist": sdists[0], "wheel": wheels[0]}


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    return dist["wheel"]


def test_the_sdist_carries_routines_assets_and_the_packaging(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for toml in shipped_routines():
        assert f"routines/{toml.name}" in names
    for catalog in routine_catalogs():
        assert f"routines/locale/{catalog.name}" in names
    for asset in (ROOT / "assets").rglob("*.svg"):
        assert asset.relative_to(ROOT).as_posix() in names
    for needed in (
        DESKTOP,
        METAINFO,
        FLATPAK,
        PACKAGING / "pyinstaller" / "backbreak.spec",
        HICOLOR / "256x256" / "apps" / f"{APP_ID}.png",
        ROOT / "tests" / "integration" / "test_packaging.py",
        ROOT / "pyproject.toml",
    ):
        assert needed.relative_to(ROOT).as_posix() in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_lists_every_package_of_the_source_tree():
    """The package list in pyproject.toml is explicit: a new folder of modules missing from
    it would be missing from the wheel, and only an import at run time would tell."""
    root = Path(backbreak.__file__).parent
    on_disk = {
        ".".join(("backbreak", *init.parent.relative_to(root).parts))
        for init in root.rglob("__init__.py")
    }
    config = tomllib.loads((root.parent / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"]) - {
        "backbreak.routines",
        "backbreak.assets",
    }
    assert on_disk == listed


def test_the_wheel_contains_routines_and_assets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for toml in shipped_routines():
        assert f"backbreak/routines/{toml.name}" in names
    for catalog in routine_catalogs():
        assert f"backbreak/routines/locale/{catalog.name}" in names
    for svg in (ROOT / "assets").rglob("*.svg"):
        assert f"backbreak/assets/{svg.relative_to(ROOT / 'assets').as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "backbreak = backbreak.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert not [n for n in names if n.startswith(("tests/", "packaging/"))]


def test_the_installed_wheel_lists_its_routines_in_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    # Install the wheel alone (no network, no Qt): `routines list` must not need either.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

    def installed(*words: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "backbreak"), *words],
            capture_output=True,
            text=True,
            env=headless_env(tmp_path / "home"),
            cwd=tmp_path,
            timeout=60,
        )

    listed = installed("routines", "list")
    assert listed.returncode == 0, listed.stderr
    assert "skipped" not in listed.stderr  # every illustration was found in the wheel
    for toml in shipped_routines():
        assert toml.stem in listed.stdout
    # The routines' translations came along, and Babel is not needed to read them.
    german = installed("routines", "show", "neck-release", "--lang", "de")
    assert german.returncode == 0, german.stderr
    assert "Every string is translated into Deutsch." in german.stdout


# --- desktop entry and AppStream ----------------------------------------------------------


def test_the_desktop_entry_is_valid():
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is missing (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    keys = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines()[1:] if line)
    assert keys["Icon"] == APP_ID
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert keys["Exec"] in scripts


def test_the_metainfo_passes_appstreamcli():
    appstreamcli = shutil.which("appstreamcli")
    if appstreamcli is None:
        pytest.skip("appstreamcli is missing (apt-get install appstream)")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # Errors and warnings fail; infos may stay (AppStream 0.16 does not know <developer>,
    # which AppStream 1.0 and Flathub ask for).
    assert not re.search(r"^\s*[EW]: ", report, re.MULTILINE), report


def test_the_metainfo_matches_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.findtext("provides/binary") == "backbreak"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert root.findtext("project_license") == project["license"]
    assert root.find("releases/release").get("version") == backbreak.__version__
    assert root.find("content_rating") is not None
    images = root.findall("screenshots/screenshot/image")
    assert images
    prefix = "https://github.com/backbreak/backbreak/raw/main/"
    for image in images:
        assert image.text.startswith(prefix)
        local = ROOT / image.text.removeprefix(prefix)
        assert local.is_file(), f"{image.text} is not in the repository"
        width, height = struct.unpack(">II", local.read_bytes()[16:24])
        assert (image.get("width"), image.get("height")) == (str(width), str(height))


# --- icons --------------------------------------------------------------------------------


def test_hicolor_icons_exist_at_every_size():
    for size in ICON_SIZES:
        png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png
        width, height = struct.unpack(">II", data[16:24])
        colour_type = data[25]
        assert (width, height) == (size, size), png
        assert colour_type == 6, f"{png} has no alpha channel"  # RGBA: round corners
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "assets" / "icons" / "backbreak.svg").read_bytes(), (
        "run tools/render_icons.py after changing assets/icons/backbreak.svg"
    )


# --- Flatpak ----------------------------------------------------------------------------


def test_the_flatpak_manifest_holds_together():
    manifest = json.loads(FLATPAK.read_text())
    assert manifest["id"] == APP_ID
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert manifest["command"] in scripts
    finish = manifest["finish-args"]
    for needed in (
        "--talk-name=org.kde.StatusNotifierWatcher",
        "--talk-name=org.freedesktop.Notifications",
        "--socket=wayland",
        "--socket=fallback-x11",
    ):
        assert needed in finish
    assert not [a for a in finish if a.startswith("--share=network")]  # never goes online
    assert not [a for a in finish if a.startswith("--filesystem")]
    app = next(m for m in manifest["modules"] if isinstance(m, dict) and m["name"] == "backbreak")
    commands = "\n".join(app["build-commands"])
    source = (FLATPAK.parent / app["sources"][0]["path"]).resolve()
    assert source == ROOT
    installed = re.findall(r"install -Dm644 (\S+)", commands)
    paths = [p.replace("${size}", str(s)) for p in installed for s in ICON_SIZES]
    assert paths
    for relative in paths:
        assert (source / relative).is_file(), relative
    for needed in (DESKTOP, METAINFO, HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"):
        assert needed.relative_to(ROOT).as_posix() in installed
    assert all(f"{s}x{s}" in " ".join(paths) for s in ICON_SIZES)


def test_the_flatpak_builds_every_python_dependency():
    """requirements.txt (from which flatpak-pip-generator writes the module) names every
    runtime dependency but PySide6, which io.qt.PySide.BaseApp provides."""
    manifest = json.loads(FLATPAK.read_text())
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]
    assert "python3-requirements.json" in manifest["modules"]
    pinned = {
        re.split(r"[=<>!~ ]", line, maxsplit=1)[0].lower()
        for line in (FLATPAK.parent / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[=<>!~;\[ ]", requirement, maxsplit=1)[0].lower()
        if name.startswith("pyside6") or "sys_platform == 'win32'" in requirement:
            continue
        assert name in pinned, f"{name} is missing from packaging/flatpak/requirements.txt"


# --- PyInstaller --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller is missing (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(PACKAGING / "pyinstaller" / "backbreak.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    app = out / "dist" / "backbreak" / ("backbreak.exe" if os.name == "nt" else "backbreak")
    assert app.is_file()
    return app


@pytest.mark.slow
def test_the_frozen_app_answers_version_and_lists_its_routines(frozen, tmp_path):
    env = headless_env(tmp_path / "home")
    version = subprocess.run(
        [str(frozen), "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"backbreak {backbreak.__version__}"
    listed = subprocess.run(
        [str(frozen), "routines", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "skipped" not in listed.stderr
    ids = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    assert {toml.stem for toml in shipped_routines()} <= ids
    # The data sits where backbreak.storage.paths looks in an installed package.
    assert (frozen.parent / "_internal" / "backbreak" / "routines" / "neck-micro.toml").is_file()


@pytest.mark.slow
def test_the_frozen_app_runs_its_qt_event_loop(frozen, tmp_path):
    """The tray app itself starts (offscreen: no tray, so the status window) and answers
    `backbreak status` over its local socket: Qt, its plugins and the UI were bundled."""
    env = headless_env(tmp_path / "home")
    app = subprocess.Popen(
        [str(frozen)],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and app.poll() is None:
            status = subprocess.run(
                [str(frozen), "status"],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp_path,
                timeout=60,
            )
            if status.returncode == 0:
                break
            time.sleep(0.5)
        assert app.poll() is None, app.communicate()[0]
        assert status is not None and status.returncode == 0, status.stdout + status.stderr
        assert "Next break" in status.stdout
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.communicate()
