"""Every picture the routines and the app use exists and renders with QtSvg."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from backbreak.content.loader import load_library
from backbreak.storage.paths import assets_dir, shipped_routines_dir


def rendered_pixels(path) -> int:
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), path
    image = QImage(QSize(96, 96), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    points = [(x, y) for x in range(0, 96, 3) for y in range(0, 96, 3)]
    return sum(1 for x, y in points if image.pixelColor(x, y).alpha())


def test_every_svg_renders_something(qtbot):
    svgs = sorted(assets_dir().rglob("*.svg"))
    assert len(svgs) >= 20
    for path in svgs:
        assert rendered_pixels(path) > 20, f"{path} renders (almost) nothing"


def test_every_referenced_illustration_exists(qtbot):
    library = load_library(shipped_routines_dir(), None, assets_dir())
    for routine in library:
        for step in routine.steps:
            if step.image:
                assert (assets_dir() / step.image).is_file(), (routine.id, step.image)


def test_a_user_routine_overrides_a_shipped_one_in_the_menu(qtbot, clock):
    from backbreak.storage.paths import AppPaths
    from tests.helpers.desk import Desk

    paths = AppPaths.from_environment()
    paths.user_routines.mkdir(parents=True)
    text = (shipped_routines_dir() / "neck-release.toml").read_text()
    (paths.user_routines / "neck-release.toml").write_text(
        text.replace('title = "Neck release"', 'title = "My own neck release"')
    )
    library = load_library(shipped_routines_dir(), paths.user_routines, assets_dir())
    desk = Desk(clock, library)
    try:
        labels = [
            a.text()
            for menu in desk.shell.menu.start_menu.actions()
            if menu.menu()
            for a in menu.menu().actions()
        ]
        assert any(label.startswith("My own neck release") for label in labels)
        assert not any(label.startswith("Neck release ") for label in labels)
    finally:
        desk.close()
