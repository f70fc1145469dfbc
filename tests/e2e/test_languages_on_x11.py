"""Every window in each shipped language, light and dark, on a real X server (Xvfb with the
CJK fonts `.ci/run` installs) on a 1366×768 laptop screen: the scale probe measures each
label, button and tick box against the room it got, as Qt lays them out with X11's fonts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backbreak.ui.placement import FRAME
from tests.e2e.desktop import INSTALL_HINT, Desktop, missing_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a real X desktop ({INSTALL_HINT})",
    ),
]

PROBE = Path(__file__).resolve().parents[1] / "helpers" / "scale_probe.py"


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    with Desktop(tmp_path_factory.mktemp("languages"), tray=False, screens=("1366x768",)) as x:
        yield x


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("language", ["de", "es", "fr", "pt_BR", "ja"])
def test_every_window_fits_and_cuts_no_word_off_on_x11(laptop, language, theme):
    options = ["--lang", language] + (["--dark"] if theme == "dark" else [])
    env = laptop.env(QT_QPA_PLATFORM="xcb", BACKBREAK_HOME=str(laptop.root / language / theme))
    done = subprocess.run(
        [sys.executable, str(PROBE), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])
    width, height = found["area"]
    assert (width, height) == (1366, 768)
    assert len(found["windows"]) > 20
    for window in found["windows"]:
        assert window["clipped"] == [], (language, theme, window["name"])
        assert window["clashes"] == [], (language, theme, window["name"])
        assert window["dark"] is (theme == "dark"), (language, window["name"])
        w, h = window["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, window
