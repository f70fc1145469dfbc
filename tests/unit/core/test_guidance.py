"""One table of routine kinds; steps say what they are, so nobody guesses from a title."""

from __future__ import annotations

import pytest

from backbreak.content.loader import parse_routine
from backbreak.core.guidance import KINDS, OWNER, PlayPage, needs_precautions
from backbreak.core.model import Guidance, Phase
from backbreak.storage.paths import assets_dir, shipped_routines_dir
from tests.helpers.routines import make_routine, make_thermal


def test_every_kind_has_a_row_and_each_table_one_owner():
    assert set(KINDS) == set(Guidance)
    assert OWNER == {"breathing": Guidance.BREATHING, "thermal": Guidance.THERMAL}
    assert KINDS[Guidance.CHECKLIST].page is PlayPage.CHECKLIST


def test_only_heat_and_cold_need_precautions():
    assert needs_precautions(make_thermal())
    assert not needs_precautions(make_routine())


def test_every_played_step_of_every_shipped_routine_says_what_it_is():
    from backbreak.content.loader import load_library

    library = load_library(shipped_routines_dir(), None, assets_dir())
    assert not library.problems
    for routine in library:
        written = {id(s) for s in routine.steps}
        for step in routine.played_steps:
            if routine.breathing is None and routine.thermal is None:
                assert step.phase is Phase.MOVE
            if step.phase.is_breath:
                assert routine.guidance is Guidance.BREATHING and id(step) not in written
        thermal = [s for s in routine.played_steps if s.phase in (Phase.HEAT, Phase.COLD)]
        assert bool(thermal) == (routine.guidance is Guidance.THERMAL), routine.id


BASE = {
    "id": "x",
    "version": 1,
    "title": "X",
    "category": "stretch",
    "summary": "X.",
    "duration_seconds": 10,
    "sources": [{"file": "f", "quote": "q"}],
    "steps": [{"title": "Hold", "instruction": "Hold still.", "seconds": 10}],
}


@pytest.mark.parametrize(
    ("guidance", "table", "message"),
    [
        ("stretch", "breathing", 'needs guidance = "breathing"'),
        ("checklist", "thermal", 'needs guidance = "thermal"'),
    ],
)
def test_a_kinds_table_is_refused_under_another_kind(guidance, table, message):
    data = BASE | {"guidance": guidance, table: {}}
    routine, problems = parse_routine(data, "x.toml", assets_dir())
    assert routine is None and any(message in p.message and p.where == table for p in problems)


@pytest.mark.parametrize("guidance", ["breathing", "thermal"])
def test_a_paced_kind_without_its_table_says_which_table_is_missing(guidance):
    routine, problems = parse_routine(BASE | {"guidance": guidance}, "x.toml", assets_dir())
    assert routine is None
    assert any(p.where == guidance and "missing" in p.message for p in problems)
