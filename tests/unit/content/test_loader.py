from pathlib import Path

import pytest

from backbreak.content.loader import load_file, load_library
from backbreak.core.model import Side
from backbreak.storage.paths import assets_dir, shipped_routines_dir

GOOD = """\
id = "{id}"
version = 1
title = "Neck release"
category = "stretch"
summary = "Loosen a stiff neck."
duration_seconds = 50
tags = ["neck"]
safety = ["Move slowly."]

[[steps]]
title = "Side tilt"
instruction = "Tilt your ear towards your shoulder."
seconds = 20
side = "both"
image = "pic.svg"

[[steps]]
title = "Breathe"
instruction = "Sit tall and breathe."
seconds = 10

[[sources]]
file = "000_x.txt"
quote = "take short breaks to stretch"
"""


@pytest.fixture
def folders(tmp_path: Path):
    shipped, user, assets = tmp_path / "shipped", tmp_path / "user", tmp_path / "assets"
    for folder in (shipped, user, assets):
        folder.mkdir()
    (assets / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return shipped, user, assets


def write(folder: Path, rid: str, text: str | None = None) -> Path:
    path = folder / f"{rid}.toml"
    path.write_text(text if text is not None else GOOD.format(id=rid))
    return path


def test_a_good_file_loads(folders):
    shipped, _, assets = folders
    routine, problems = load_file(write(shipped, "neck-release"), assets)
    assert problems == []
    assert routine.title == "Neck release" and routine.steps[0].side is Side.BOTH
    assert routine.duration_seconds == 50 and len(routine.played_steps) == 3


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (("seconds = 10", "seconds = 15"), "duration_seconds", "add up to 55"),
        (('category = "stretch"', 'category = "yoga"'), "category", '"yoga" is not one of'),
        (("version = 1", 'version = "one"'), "version", "must be a whole number"),
        (('tags = ["neck"]', 'tags = ["neck"]\ncolour = "red"'), "colour", "unknown key"),
        (('image = "pic.svg"', 'image = "nope.svg"'), "steps[1].image", "not found"),
        (
            ('image = "pic.svg"', 'image = "../../etc/passwd"'),
            "steps[1].image",
            "inside the assets",
        ),
        (("seconds = 20", "seconds = 20000"), "steps[1].seconds", "between 3 and 3600"),
        (('summary = "Loosen a stiff neck."\n', ""), "summary", "missing"),
        (('side = "both"', 'side = "up"'), "steps[1].side", "not one of"),
        (('title = "Breathe"', "title = true"), "steps[2].title", "must be a string"),
    ],
)
def test_each_problem_names_the_field_and_what_to_do(folders, change, where, words):
    shipped, _, assets = folders
    path = write(shipped, "neck-release", GOOD.format(id="neck-release").replace(*change))
    routine, problems = load_file(path, assets)
    assert routine is None
    assert any(p.where == where and words in p.message for p in problems), problems
    assert all(p.path == str(path) for p in problems)


def test_a_syntax_error_gives_the_line(folders):
    shipped, _, assets = folders
    path = write(shipped, "broken", 'id = "broken"\ntitle = "unterminated\n')
    routine, problems = load_file(path, assets)
    assert routine is None
    assert problems[0].where.startswith("line 2")
    assert "not valid TOML" in problems[0].message


def test_binary_and_huge_files_are_problems_not_crashes(folders):
    shipped, _, assets = folders
    (shipped / "bin.toml").write_bytes(b"\xff\xfe\x00garbage")
    (shipped / "huge.toml").write_text("# " + "x" * 300_000)
    library = load_library(shipped, None, assets)
    assert len(library) == 0
    assert {Path(p.path).name for p in library.problems} == {"bin.toml", "huge.toml"}


def test_id_must_match_the_file_name(folders):
    shipped, _, assets = folders
    path = write(shipped, "other", GOOD.format(id="neck-release"))
    _, problems = load_file(path, assets)
    assert problems[0].where == "id" and "rename the file" in problems[0].message


def test_one_bad_file_does_not_stop_the_others(folders):
    shipped, _, assets = folders
    write(shipped, "neck-release")
    write(shipped, "bad", "this is not toml = = =")
    library = load_library(shipped, None, assets)
    assert list(library.routines) == ["neck-release"]
    assert len(library.problems) == 1 and "bad.toml" in library.problems[0].path


def test_a_user_file_overrides_the_shipped_one_and_says_so(folders):
    shipped, user, assets = folders
    shipped_path = write(shipped, "neck-release")
    write(
        user,
        "neck-release",
        GOOD.format(id="neck-release").replace('title = "Neck release"', 'title = "My neck"'),
    )
    write(user, "mine")
    library = load_library(shipped, user, assets)
    assert library.get("neck-release").title == "My neck"
    assert library.get("neck-release").origin == "user"
    assert library.get("neck-release").overrides == str(shipped_path)
    assert library.get("mine").overrides is None


def test_the_shipped_library_is_valid_and_cites_the_seeds():
    library = load_library(shipped_routines_dir(), None, assets_dir())
    assert library.problems == []
    assert len(library) >= 2
    seeds = Path(__file__).resolve().parents[4] / "shared" / "seeds"
    for routine in library:
        assert routine.sources, routine.id
        assert routine.safety, routine.id
        if routine.category.value in ("stretch", "exercise", "posture"):
            for step in routine.steps:
                assert step.image, f"{routine.id}: {step.title} has no illustration"
        if seeds.is_dir():  # quotes must be the sources' own words
            for source in routine.sources:
                text = " ".join((seeds / source.file).read_text().split())
                assert " ".join(source.quote.split()) in text, (routine.id, source.quote)


def test_a_one_sided_step_names_its_side_in_its_words(folders):
    shipped, _, assets = folders
    text = GOOD.format(id="neck-release").replace(
        "Tilt your ear towards your shoulder.", "Tilt your {side} ear towards your {side} shoulder."
    )
    routine, problems = load_file(write(shipped, "neck-release", text), assets)
    assert problems == []
    left, right = routine.played_steps[:2]
    assert left.instruction == "Tilt your left ear towards your left shoulder."
    assert right.instruction == "Tilt your right ear towards your right shoulder."


def test_side_words_in_a_step_without_a_side_are_a_problem(folders):
    shipped, _, assets = folders
    text = GOOD.format(id="neck-release").replace(
        "Sit tall and breathe.", "Sit tall and lean to your {side}."
    )
    routine, problems = load_file(write(shipped, "neck-release", text), assets)
    assert routine is None
    assert "no side" in str(problems[0]) and "steps[2].instruction" in str(problems[0])


def test_a_users_routine_may_show_its_own_picture_and_only_from_its_folder(folders, tmp_path):
    from PySide6.QtGui import QColor, QImage

    _, user, assets = folders
    handout = QImage(40, 30, QImage.Format.Format_RGB32)
    handout.fill(QColor("#3080c0"))
    (user / "handouts").mkdir()
    assert handout.save(str(user / "handouts" / "chin-tuck.png"))
    mine = GOOD.format(id="my-neck").replace(
        'image = "pic.svg"', 'image = "handouts/chin-tuck.png"'
    )
    library = load_library(tmp_path / "none", user, assets)
    write(user, "my-neck", mine)
    library = load_library(tmp_path / "none", user, assets)
    assert library.problems == []
    image = library.routines["my-neck"].steps[0].image
    assert image == str((user / "handouts" / "chin-tuck.png").resolve())

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    (user / "handouts" / "out.png").symlink_to(secret)
    (user / "handouts" / "notes.txt").write_text("x")
    for name, said in (("out.png", "link out"), ("notes.txt", "not a picture")):
        write(user, "my-neck", mine.replace("chin-tuck.png", name))
        library = load_library(tmp_path / "none", user, assets)
        assert "my-neck" not in library.routines
        assert said in str(library.problems[0]), library.problems
    write(user, "my-neck", mine.replace("chin-tuck.png", "missing.png"))
    problem = str(load_library(tmp_path / "none", user, assets).problems[0])
    assert "or in your routines folder" in problem
    # A shipped routine never reads the user's folder.
    shipped, _, _ = folders
    write(shipped, "their-neck", mine.replace("my-neck", "their-neck"))
    library = load_library(shipped, None, assets)
    assert "their-neck" not in library.routines


def test_every_shipped_two_sided_step_names_the_side_in_its_words():
    library = load_library(shipped_routines_dir(), None, assets_dir())
    for routine in library.routines.values():
        for step in routine.steps:
            if step.side is Side.BOTH:
                assert "{side}" in step.instruction, (routine.id, step.title)


def test_sources_are_cited_by_their_documents_title_never_a_file_name():
    library = load_library(shipped_routines_dir(), None, assets_dir())
    for routine in library.routines.values():
        for source in routine.sources:
            assert source.title and not source.cited.endswith(".txt"), (routine.id, source)


def test_a_users_source_may_give_its_own_title(folders):
    shipped, _, assets = folders
    text = GOOD.format(id="neck-release").replace(
        'file = "000_x.txt"', 'file = "handout-2026.pdf"\ntitle = "My physiotherapist\'s handout"'
    )
    routine, problems = load_file(write(shipped, "neck-release", text), assets)
    assert problems == [] and routine.sources[0].cited == "My physiotherapist's handout"


@pytest.mark.parametrize("image", [".", "./", "a/..", "/"])
def test_a_users_picture_path_that_names_no_file_is_a_problem_not_a_crash(folders, tmp_path, image):
    """Found by the fuzzer: "." has no parts, and the own-folder check indexed the first."""
    _, user, assets = folders
    write(user, "my-neck", GOOD.format(id="my-neck").replace("pic.svg", image))
    library = load_library(tmp_path / "none", user, assets)
    assert "my-neck" not in library.routines and library.problems
