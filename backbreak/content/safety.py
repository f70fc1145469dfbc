"""The safety words every part of backbreak shows: one text, many places (CONTENT.md).

The constants are the English source, marked for the catalogs; every place that shows one
translates it there (`_(DISCLAIMER)`), so the words follow the language chosen at run time.
"""

from __future__ import annotations

from backbreak.core.i18n import N_, _

DISCLAIMER = N_("backbreak is a self-care helper, not medical advice.")
STOP_RULE = N_("Stop any movement that causes sharp, shooting or spreading pain.")
SEE_A_PROFESSIONAL = N_("See a doctor or physiotherapist if you have any of these:")
RED_FLAGS: tuple[str, ...] = (
    N_("Pain that persists, or keeps coming back, even with regular breaks and stretching."),
    N_("Pain that has lasted three months or more."),
    N_("Tingling or numbness in your arms, hands, legs or feet."),
    N_("Pain that radiates or spreads into an arm or a leg."),
    N_("Pain that started after an accident, a fall or an injury."),
    N_("Back or neck pain that comes together with headaches."),
)
PRIVATE = N_(
    "backbreak worked this out on this computer from your own check-ins; it never leaves it. "
    "It is not a diagnosis."
)
SOURCES = (  # not translated: file names
    "000_1b5c86ec2cb6c9dd.txt",
    "001_f64e3b39cde1f7ce.txt",
    "002_f1005c3627c3eae3.txt",
    "003_c24ff6686491771a.txt",
)
"""The seed documents the safety page's words come from (by file name, for reference)."""
SEED_TITLES = {  # not translated: the cited documents' own (English) titles
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
    """The page for a terminal, in the current language."""
    flags = "\n".join(f"  • {_(flag)}" for flag in RED_FLAGS)
    return f"{_(DISCLAIMER)}\n{_(STOP_RULE)}\n\n{_(SEE_A_PROFESSIONAL)}\n{flags}\n"


def as_html() -> str:
    """The page for a window (rich text), in the current language."""
    from html import escape  # here: html.entities' tables (0.3 MiB) need not idle in the app

    flags = "".join(f"<li>{escape(_(flag))}</li>" for flag in RED_FLAGS)
    return (
        f"<p><b>{escape(_(DISCLAIMER))}</b> {escape(_(STOP_RULE))}</p>"
        f"<p>{escape(_(SEE_A_PROFESSIONAL))}</p><ul>{flags}</ul>"
    )
