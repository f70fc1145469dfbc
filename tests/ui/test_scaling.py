"""Every window at 100 %, 125 % and 150 % on a 1366×768 laptop: it opens inside the screen,
and all of its content can be seen; at 100 % no routine needs to scroll; with every text
40 % longer (a pseudo-locale) nothing is cut off. Each scale runs in
its own process (QT_SCALE_FACTOR only counts before the QApplication exists), on an offscreen
screen the size of the laptop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backbreak.ui.placement import FRAME

PROBE = Path(__file__).resolve().parents[1] / "helpers" / "scale_probe.py"


def probe(tmp_path: Path, scale: float, *options: str) -> dict:
    config = tmp_path / "laptop.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["QT_SCALE_FACTOR"] = str(scale)
    done = subprocess.run(
        [sys.executable, str(PROBE), *options], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_every_window_fits_the_laptop_and_shows_all_it_holds(tmp_path, scale):
    found = probe(tmp_path, scale)
    width, height = found["area"]
    assert (width, height) == (round(1366 / scale), round(768 / scale))
    names = [w["name"] for w in found["windows"]]
    assert {"prompt", "history", "settings", "care note", "player:red flag"} <= set(names)
    assert len(names) > 20
    for window in found["windows"]:
        w, h = window["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, window
        if window["content"] is not None:  # a player page: scrolled, never squashed
            shown, needed = window["content"]
            assert shown >= needed, window
            if scale == 1.0:
                assert not window["scrolls"], window
        else:
            assert window["layout_min"][0] <= w and window["layout_min"][1] <= h, window


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_words_40_percent_longer_are_never_cut_off(tmp_path, scale):
    """The pseudo-locale (accented, 40 % longer, set before any window is made): every
    label, button and tick box still shows all its words, and every window still fits."""
    found = probe(tmp_path, scale, "--long")
    width, height = found["area"]
    prompt = next(w for w in found["windows"] if w["name"] == "prompt")
    assert prompt["size"][0] > 600  # the long words really were there
    for window in found["windows"]:
        assert window["clipped"] == [], window["name"]
        w, h = window["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, window


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("language", ["de", "es", "fr", "pt_BR", "ja"])
def test_every_window_in_each_shipped_language_fits_and_cuts_no_word_off(tmp_path, language, theme):
    """The translations are longer (German) or of another script (Japanese), the routines'
    steps included: at 100 % on the laptop, light and dark, every window still fits and
    every label, button and tick box shows all of its words."""
    found = probe(tmp_path, 1.0, "--lang", language, *(["--dark"] if theme == "dark" else []))
    width, height = found["area"]
    for window in found["windows"]:
        assert window["clipped"] == [], (language, window["name"])
        assert window["clashes"] == [], (language, window["name"])
        assert window["dark"] is (theme == "dark"), (language, window["name"])
        w, h = window["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, (language, window)


def test_right_to_left_mirrors_every_window_and_cuts_no_word_off(tmp_path):
    """A right-to-left layout (Qt's layout direction, as Arabic or Hebrew would set it),
    with the pseudo-locale's longer words: every window is mirrored, fits the laptop and
    shows all of its words."""
    found = probe(tmp_path, 1.0, "--rtl", "--long")
    width, height = found["area"]
    assert len(found["windows"]) > 20
    for window in found["windows"]:
        assert window["rtl"], window["name"]
        assert window["clipped"] == [], window["name"]
        w, h = window["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, window


def test_the_clipping_check_finds_cut_off_words(qtbot):
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    from tests.helpers.scale_probe import clipped, pseudo

    assert pseudo("Start") == "Stárt ŵ" and len(pseudo("x" * 10)) == 14
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Snooze for five minutes, two left")
    button.setFixedWidth(60)
    label = QLabel("A long sentence that has to wrap over several lines to be read whole.")
    label.setWordWrap(True)
    label.setFixedSize(80, 20)
    layout = QVBoxLayout(window)
    layout.addWidget(button)
    layout.addWidget(label)
    window.show()
    found = clipped(window)
    assert len(found) == 2 and found[0].startswith("button") and found[1].startswith("label")


def test_the_mnemonic_check_finds_two_buttons_on_one_alt_key(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    from tests.helpers.scale_probe import mnemonic_clashes

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    for text in ("&Start", "&Skip", "Fish && &chips"):
        layout.addWidget(QPushButton(text))
    window.show()
    assert mnemonic_clashes(window) == ["s: '&Start' and '&Skip'"]
