"""The shipped library: coverage of the themes, sources, and nothing that must stay out."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from backbreak.content.loader import load_library
from backbreak.core.model import Category, Guidance
from backbreak.storage.paths import assets_dir, shipped_routines_dir

ROOT = Path(__file__).resolve().parents[3]

# Advertising and treatment advice found in the seed documents (CONTENT.md: "What stays out").
FORBIDDEN = [
    "traction",
    "backrack",
    "decompression",
    "integrated medical group",
    "ispine",
    "defiance",
    "ohio",
    "mankato",
    "chaska",
    "crystal",
    "delano",
    "maple grove",
    "twin cities",
    "facebook",
    "give us a call",
    "call today",
    "referral",
    "insurance",
    "medication",
    "analgesic",
    "anti-inflammator",
    "corticosteroid",
    "injection",
    "muscle relaxer",
    "narcotic",
    "collar",
    "surgery",
    "surgical",
    "acupuncture",
    "chiropractic",
    "100% safe",
    "cure",
]
PHONE = re.compile(r"\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}")


def library():
    return load_library(shipped_routines_dir(), None, assets_dir())


def test_at_least_24_routines_across_every_theme():
    lib = library()
    assert lib.problems == []
    assert len(lib) >= 24
    counts = Counter(r.category for r in lib)
    assert counts[Category.POSTURE] >= 3
    assert counts[Category.BREATHING] >= 3
    assert counts[Category.THERMAL] >= 3
    assert counts[Category.RELAXATION] >= 2
    areas = Counter(area for r in lib if r.category is Category.STRETCH for area in r.body_areas)
    assert areas["neck"] >= 3 and areas["upper-back"] >= 3 and areas["lower-back"] >= 3
    assert any(r.category is Category.EXERCISE and "walk" in r.tags for r in lib)
    neck_micro = [r for r in lib if "neck" in r.body_areas and r.duration_seconds <= 75]
    assert neck_micro, "a neck routine of about a minute for micro breaks"
    assert any(r.category is Category.POSTURE and r.duration_seconds <= 30 for r in lib)
    full = sorted(r.duration_seconds for r in lib if "full" in r.tags)
    assert full == [180, 300]


def test_breathing_patterns_last_one_to_five_minutes():
    for routine in library():
        if routine.guidance is Guidance.BREATHING:
            assert routine.breathing is not None
            assert 60 <= routine.duration_seconds <= 300, routine.id


def test_heat_and_cold_routines_carry_the_safety_checklist():
    thermal = [r for r in library() if r.guidance is Guidance.THERMAL]
    kinds = {tuple(p.kind.value for p in r.thermal.phases) for r in thermal if r.thermal}
    assert ("heat",) in kinds and ("cold",) in kinds and ("heat", "cold") in kinds
    for routine in thermal:
        text = " ".join(routine.precautions).lower()
        for words in ("cloth", "20 minutes", "skin", "broken", "asleep"):
            assert words in text, (routine.id, words)
        assert all(p.minutes <= 20 for p in routine.thermal.phases if p.kind.value != "rest")


def test_no_advertising_phone_numbers_or_treatment_advice():
    files = [
        *sorted(shipped_routines_dir().glob("*.toml")),
        *sorted((ROOT / "backbreak").rglob("*.py")),
        ROOT / "README.md",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8").lower()
        for word in FORBIDDEN:
            assert word not in text, f"{path.name} mentions {word!r}"
        assert not PHONE.search(text), f"{path.name} has a phone number"


def test_every_routine_cites_a_seed_file():
    for routine in library():
        assert routine.sources
        for source in routine.sources:
            assert re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", source.file), source.file
