"""The safety words every part of backbreak shows: one text, many places (CONTENT.md)."""

from __future__ import annotations

DISCLAIMER = "backbreak is a self-care helper, not medical advice."
STOP_RULE = "Stop any movement that causes sharp, shooting or spreading pain."
SEE_A_PROFESSIONAL = "See a doctor or physiotherapist if you have any of these:"
RED_FLAGS: tuple[str, ...] = (
    "Pain that persists, or keeps coming back, even with regular breaks and stretching.",
    "Pain that has lasted three months or more.",
    "Tingling or numbness in your arms, hands, legs or feet.",
    "Pain that radiates or spreads into an arm or a leg.",
    "Pain that started after an accident, a fall or an injury.",
    "Back or neck pain that comes together with headaches.",
)
PRIVATE = (
    "backbreak worked this out on this computer from your own check-ins; it never leaves it. "
    "It is not a diagnosis."
)
SOURCES = (
    "000_1b5c86ec2cb6c9dd.txt",
    "001_f64e3b39cde1f7ce.txt",
    "002_f1005c3627c3eae3.txt",
    "003_c24ff6686491771a.txt",
)
"""The seed documents the safety page's words come from (by file name, for reference)."""
SEED_TITLES = {
    # The document's own title; 000 has none, so its first heading stands for it.
    "000_1b5c86ec2cb6c9dd.txt": "Common Causes of Back and Neck Pain",
    "001_f64e3b39cde1f7ce.txt": "How Back Pain and Neck Pain are Related",
    "002_f1005c3627c3eae3.txt": (
        "The Connection Between Back Pain & Headaches and How to Treat Them"
    ),
    "003_c24ff6686491771a.txt": "The Difference Between Upper and Lower Back Pain",
    "004_91312b800b83df07.txt": "How to Relieve Stress-Related Neck and Back Pain?",
}
"""How a source is cited to people: by the title its document gives, never a file name
nobody can look up. A routine's [[sources]] may give its own `title` (a handout)."""


def as_text() -> str:
    """The page for a terminal."""
    flags = "\n".join(f"  • {flag}" for flag in RED_FLAGS)
    return f"{DISCLAIMER}\n{STOP_RULE}\n\n{SEE_A_PROFESSIONAL}\n{flags}\n"


def as_html() -> str:
    """The page for a window (rich text)."""
    flags = "".join(f"<li>{flag}</li>" for flag in RED_FLAGS)
    return f"<p><b>{DISCLAIMER}</b> {STOP_RULE}</p><p>{SEE_A_PROFESSIONAL}</p><ul>{flags}</ul>"
