"""Every sentence the care feature shows rests on the sources or on backbreak's safety text
(CONTENT.md): read off the real widgets, filled with every observation, not off the code."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from backbreak.content import safety
from backbreak.core import care
from backbreak.core.care import CareDay, Rule
from backbreak.ui.care_window import CareWindow
from backbreak.ui.player.checkin_page import CheckinPage
from backbreak.ui.player.red_flag_page import RedFlagPage
from tests.unit.content.test_library import FORBIDDEN, PHONE

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TODAY = date(2026, 11, 30)
SAFETY_TEXT = [
    safety.DISCLAIMER,
    safety.STOP_RULE,
    safety.SEE_A_PROFESSIONAL,
    safety.PRIVATE,
    *safety.RED_FLAGS,
]


def every_observation() -> tuple[care.Observation, ...]:
    days = {
        TODAY - timedelta(days=n): CareDay(TODAY - timedelta(days=n), 7.5, 6, n == 2)
        for n in range(21)
    }
    found = care.observe(days, TODAY, 3, 6, 6)
    assert {o.rule for o in found} == set(Rule)
    return found


def shown_text(widget: QWidget) -> list[str]:
    """The plain text of every label in `widget`, rich text read as a reader sees it."""
    out = []
    for label in widget.findChildren(QLabel):
        document = QTextDocument()
        document.setHtml(label.text())
        out.append(document.toPlainText())
    return out


def sentences(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for line in text.splitlines():
            found += [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Zb])", line) if s.strip()]
    return found


def pattern(template: str) -> re.Pattern[str]:
    escaped = re.escape(template)
    return re.compile(re.sub(r"\\\{[a-z]+(?::\\\.1f)?\\\}", r"\\d+(?:\\.\\d)?", escaped))


def traced(sentence: str) -> bool:
    """A safety sentence, a fixed text of the feature, an observation, or a cited quote."""
    quotes = {
        f"{safety.SEED_TITLES[t.file]}: “{t.quote}”"
        for traces in care.SOURCES.values()
        for t in traces
        if t.file in safety.SEED_TITLES
    }
    return (
        any(sentence in text for text in SAFETY_TEXT)
        or sentence in care.FIXED_TEXTS
        or any(pattern(t).fullmatch(sentence) for t in care.TEMPLATES.values())
        or sentence in quotes
        or sentence in ("Stopped", care.NUDGE_HEADING)
    )


def test_every_sentence_shown_traces_to_a_source_or_the_safety_text(qtbot):
    note = CareWindow()
    qtbot.addWidget(note)
    note.show_observations(every_observation(), notes_on=True)
    page, checkin = RedFlagPage(), CheckinPage()
    qtbot.addWidget(page)
    qtbot.addWidget(checkin)
    shown = sentences(shown_text(note) + shown_text(page) + [checkin.red_flag_question.text()])
    assert len(shown) > 15
    untraced = [s for s in shown if not traced(s)]
    assert untraced == []
    text = " ".join(shown).lower()
    for word in FORBIDDEN:  # no advertising, medication or treatment advice
        assert word not in text, word
    assert not PHONE.search(text)
    assert "diagnos" not in text.replace("it is not a diagnosis", "")


def test_each_trace_is_the_sources_own_words():
    traces = [t for ts in (*care.SOURCES.values(), *care.FIXED_TEXTS.values()) for t in ts]
    whole_safety = " ".join(SAFETY_TEXT)
    for trace in traces:
        if trace.file == "safety":
            assert trace.quote in whole_safety, trace.quote
        else:
            assert trace.file in safety.SEED_TITLES, trace.file
            if SEEDS.is_dir():  # beside the repository on the machine the content is written on
                text = " ".join((SEEDS / trace.file).read_text(encoding="utf-8").split())
                assert " ".join(trace.quote.split()) in text, trace.quote


def test_every_rule_rests_on_a_seed_and_none_names_a_file_to_the_user(qtbot):
    for rule in Rule:
        assert any(t.file in safety.SEED_TITLES for t in care.SOURCES[rule]), rule
    note = CareWindow()
    qtbot.addWidget(note)
    note.show_observations(every_observation(), notes_on=True)
    assert ".txt" not in note.noticed.text()
