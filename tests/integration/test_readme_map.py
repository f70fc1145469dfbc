"""The README's map of the code names every module and folder there is, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def the_map() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Map of the code", 1)[1]
    return section.split("```", 2)[1]


def test_every_module_is_on_the_map_and_every_name_on_it_exists():
    drawn = the_map()
    named = set(re.findall(r"\b(\w+\.py)\b", drawn))
    modules = {p.name for p in (ROOT / "backbreak").rglob("*.py") if p.name != "__init__.py"}
    assert modules - named == set(), "modules the map does not name"
    assert named - modules == set(), "names on the map that are no module"


def test_every_package_folder_is_on_the_map():
    drawn = the_map()
    folders = {p.parent.name for p in (ROOT / "backbreak").rglob("__init__.py")} - {"backbreak"}
    assert {f for f in folders if f"{f}/" not in drawn} == set()
    for tests in ("unit", "ui", "e2e", "reliability", "integration", "helpers"):
        assert f"tests/{tests}/" in drawn
