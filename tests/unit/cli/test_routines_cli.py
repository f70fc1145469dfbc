"""`backbreak routines show | validate | new`: exit codes, messages, no tracebacks."""

from __future__ import annotations

import pytest

from backbreak.cli import main
from backbreak.storage.paths import AppPaths

GOOD = """\
id = "{id}"
version = 1
title = "Test routine"
category = "stretch"
summary = "For the tests."
duration_seconds = 20
safety = ["Gentle."]

[[steps]]
title = "Tilt"
instruction = "Tilt your head."
seconds = 10
side = "both"
image = "illustrations/neck-side-tilt.svg"

[[sources]]
file = "000_1b5c86ec2cb6c9dd.txt"
quote = "take short breaks to stretch"
"""

BREATHING = """\
id = "{id}"
version = 1
title = "Slow breaths"
category = "breathing"
summary = "For the tests."
duration_seconds = 50
guidance = "breathing"

[breathing]
inhale = 4
exhale = 6
cycles = 5

[[sources]]
file = "000_1b5c86ec2cb6c9dd.txt"
quote = "deep breathing exercises"
"""

THERMAL = """\
id = "{id}"
version = 1
title = "Heat"
category = "thermal"
summary = "For the tests."
duration_seconds = 900
guidance = "thermal"
checklist = ["A cloth between skin and pack"]

[thermal]
[[thermal.phases]]
kind = "heat"
minutes = 15

[[sources]]
file = "000_1b5c86ec2cb6c9dd.txt"
quote = "Apply heat or ice packs"
"""


def good(rid: str = "test-routine") -> str:
    return GOOD.format(id=rid)


# (file stem, content, the words its message must contain)
BROKEN: list[tuple[str, str, str]] = [
    ("syntax", 'id = "syntax"\ntitle = "no end\n', "line 2, column"),
    ("unterminated", "id = ", "end of file"),
    ("not-utf8", "\udcff", "UTF-8"),
    ("unknown-key", good("unknown-key") + 'colour = "red"\n', "colour: unknown key"),
    (
        "missing-title",
        good("missing-title").replace('title = "Test routine"\n', ""),
        "title: missing",
    ),
    (
        "wrong-type",
        good("wrong-type").replace("version = 1", 'version = "1"'),
        "version: must be a whole number",
    ),
    ("bad-category", good("bad-category").replace('"stretch"', '"yoga"'), '"yoga" is not one of'),
    (
        "bad-sum",
        good("bad-sum").replace("duration_seconds = 20", "duration_seconds = 25"),
        "add up to 20",
    ),
    (
        "bad-side",
        good("bad-side").replace('side = "both"', 'side = "up"'),
        'steps[1].side: "up" is not one of',
    ),
    (
        "too-long",
        good("too-long").replace("seconds = 10", "seconds = 9999"),
        "steps[1].seconds: is 9999; must be between 3 and 3600",
    ),
    (
        "no-image",
        good("no-image").replace("neck-side-tilt.svg", "nope.svg"),
        'steps[1].image: "illustrations/nope.svg" not found',
    ),
    (
        "escaping-image",
        good("escaping-image").replace("illustrations/neck-side-tilt.svg", "../../etc/passwd"),
        "must stay inside the assets folder",
    ),
    ("Bad_Id", good("Bad_Id"), "must be lowercase letters"),
    ("other-name", good("not-the-file-name"), "differs from the file name"),
    (
        "empty-steps",
        good("empty-steps").split("[[steps]]")[0]
        + "steps = []\n"
        + good("x").split('image = "illustrations/neck-side-tilt.svg"')[1],
        "needs at least one step",
    ),
    ("no-sources", good("no-sources").split("[[sources]]")[0], "sources: missing"),
    (
        "empty-safety",
        good("empty-safety").replace('safety = ["Gentle."]', 'safety = [""]'),
        "safety[0]: must be a non-empty string",
    ),
    (
        "step-not-table",
        good("step-not-table").replace("[[steps]]", "steps = [1]\n[[nothing]]"),
        "must be",
    ),
    (
        "breathing-no-pattern",
        BREATHING.format(id="breathing-no-pattern").split("[breathing]")[0]
        + '[[sources]]\nfile = "a"\nquote = "b"\n',
        "breathing: missing",
    ),
    (
        "breathing-bad-inhale",
        BREATHING.format(id="breathing-bad-inhale").replace("inhale = 4", "inhale = 0"),
        "breathing.inhale: is 0; must be between 1 and 20",
    ),
    (
        "thermal-no-checklist",
        THERMAL.format(id="thermal-no-checklist").replace(
            'checklist = ["A cloth between skin and pack"]\n', ""
        ),
        "safety checklist",
    ),
    (
        "thermal-empty-checklist",
        THERMAL.format(id="thermal-empty-checklist").replace(
            'checklist = ["A cloth between skin and pack"]', "checklist = []"
        ),
        "checklist: a heat or cold routine never starts without its safety checklist",
    ),
    (
        "escape-in-title",
        good("escape-in-title").replace("Test routine", "\\u001b[2JTest"),
        "title: contains a control character (U+001B, an escape",
    ),
    (
        "thermal-too-long",
        THERMAL.format(id="thermal-too-long").replace("minutes = 15", "minutes = 45"),
        "thermal.phases[1].minutes: is 45",
    ),
    (
        "pattern-on-stretch",
        good("pattern-on-stretch") + "\n[breathing]\ninhale = 4\nexhale = 4\ncycles = 2\n",
        'needs guidance = "breathing"',
    ),
    ("huge", "# " + "x" * 300_000, "larger than 256 KiB"),
]


@pytest.mark.parametrize(("stem", "content", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_file_gets_a_specific_message(tmp_path, capsys, stem, content, words):
    path = tmp_path / f"{stem}.toml"
    if stem == "not-utf8":
        path.write_bytes(b'id = "\xff"\n')
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["routines", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and words in err, err
    assert "Traceback" not in err


def test_the_broken_files_are_all_different_problems():
    assert len({words for _stem, _content, words in BROKEN}) >= 20


def test_the_shipped_library_validates(capsys):
    assert main(["routines", "validate"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_breathing_and_thermal_routines_validate_and_expand(tmp_path, capsys):
    for rid, text in (("slow-breaths", BREATHING), ("heat", THERMAL)):
        (tmp_path / f"{rid}.toml").write_text(text.format(id=rid))
    assert main(["routines", "validate", str(tmp_path)]) == 0, capsys.readouterr().err
    from backbreak.content.loader import load_file

    breaths, _ = load_file(tmp_path / "slow-breaths.toml", None)
    assert [s.title for s in breaths.played_steps[:2]] == ["Breathe in", "Breathe out"]
    assert len(breaths.played_steps) == 10
    heat, _ = load_file(tmp_path / "heat.toml", None)
    assert heat.played_steps[0].seconds == 900 and heat.precautions


def test_a_missing_path_and_a_duplicate_id_are_reported(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.toml").write_text(good("same"))
    (tmp_path / "b" / "same.toml").write_text(good("same"))
    assert (
        main(
            [
                "routines",
                "validate",
                str(tmp_path / "a"),
                str(tmp_path / "b"),
                str(tmp_path / "nowhere.toml"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "ids must be unique" in err and "no such file or folder" in err


def test_show_prints_steps_sources_and_origin(capsys):
    assert main(["routines", "show", "neck-release"]) == 0
    out = capsys.readouterr().out
    assert "Neck release  (neck-release, version 1)" in out
    assert "3. Side tilt (25 s, each side)" in out
    assert "shipped with backbreak" in out and "Sources:" in out


def test_show_an_unknown_id_says_which_exist(capsys):
    assert main(["routines", "show", "nope"]) == 1
    err = capsys.readouterr().err
    assert 'no routine "nope"' in err and "neck-release" in err


def test_new_writes_a_template_that_validates_and_overrides_nothing(capsys):
    assert main(["routines", "new", "my-neck"]) == 0
    path = AppPaths.from_environment().user_routines / "my-neck.toml"
    assert path.is_file() and str(path) in capsys.readouterr().out
    assert main(["routines", "validate", str(path)]) == 0
    assert main(["routines", "new", "my-neck"]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert main(["routines", "new", "Bad Id"]) == 2


def test_a_user_file_with_a_shipped_id_is_shown_as_the_one_in_effect(capsys):
    folder = AppPaths.from_environment().user_routines
    folder.mkdir(parents=True)
    (folder / "neck-release.toml").write_text(good("neck-release"))
    assert main(["routines", "list"]) == 0
    assert "[yours, replaces the shipped one]" in capsys.readouterr().out
    assert main(["routines", "show", "neck-release"]) == 0
    assert "yours, replacing the shipped one at" in capsys.readouterr().out


def test_the_safety_page_lists_every_red_flag(capsys):
    from backbreak.content.safety import RED_FLAGS

    assert main(["safety"]) == 0
    out = capsys.readouterr().out
    assert "not medical advice" in out
    assert all(flag in out for flag in RED_FLAGS)


def test_a_category_narrows_the_reminder_rotation():
    from backbreak.content.loader import load_library
    from backbreak.core.rotation import reminder_pool
    from backbreak.storage.paths import assets_dir, shipped_routines_dir

    library = load_library(shipped_routines_dir(), None, assets_dir())
    breathing = reminder_pool(library, (), "breathing")
    assert breathing and all(r.category.value == "breathing" for r in breathing)
    assert [r.id for r in reminder_pool(library, ("walk-break",), "breathing")] == ["walk-break"]
    assert {r.category.value for r in reminder_pool(library, ())} == {
        "stretch",
        "posture",
        "exercise",
    }
