"""Translations: one way to mark a string, everywhere, without Qt.

`_("Take a break")` translates now; `N_("…")` marks a constant that is translated where it
is shown (`_(CONSTANT)`), since a module's constants exist before the language is chosen;
`ngettext` picks the plural form the language has (Japanese one, Polish three).

The catalogs are gettext's: `backbreak/locale/<language>/LC_MESSAGES/backbreak.po`, compiled
beside it to `.mo` by `tools/i18n.py` (Babel extracts and compiles; a test keeps the two in
step). At run time only the standard library reads them. Not Qt's translator: the CLI, the
services and this core import no Qt, and one catalog must serve them and the windows alike.
A string a catalog lacks stays English, one string at a time.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backbreak.core.option_kinds import Option

DOMAIN = "backbreak"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "pt_BR": "Português (Brasil)",
    "ja": "日本語",
}
"""The languages backbreak speaks, each named in itself (the settings list them so)."""


def language_option() -> Option[str]:
    """The setting `appearance.language`: "system", or one of LANGUAGES. Its help and
    labels are marked N_ (translated where shown); the languages' own names are not."""
    from backbreak.core.option_kinds import choice_option

    return choice_option(
        "appearance.language",  # not translated: the setting's key
        "system",
        ("system", *LANGUAGES),
        # TRANSLATORS: keep "system", the codes and LANGUAGE, LANG: the settings file's words
        N_(
            'The language of backbreak\'s windows and messages: "system" follows the computer '
            '(LANGUAGE, LANG); or one of "en", "de", "es", "fr", "pt_BR", "ja". Open windows '
            "change when next opened."
        ),
        N_("Language"),
        (N_("Like the system"), *LANGUAGES.values()),
    )


_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """`message` in the current language (itself where the catalog has no translation)."""
    return _current.gettext(message)


def keep_english(message: str) -> str:
    """`_` for text that is data, not words on screen (the log's details): as written."""
    return message


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks `message` for the catalogs without translating it (translate where shown)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` ("1 break", "2 breaks"), by the current language's rule."""
    return _current.ngettext(singular, plural, count)


def system_languages(environ: Mapping[str, str]) -> list[str]:
    """The user's languages in order of preference, from the variables gettext reads
    (LANGUAGE is a colon-separated list; then LC_ALL, LC_MESSAGES, LANG), without
    encodings and modifiers: "de_AT.UTF-8@euro" → "de_AT"."""
    found: list[str] = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            code = part.split(".")[0].split("@")[0].strip()
            if code and code not in ("C", "POSIX") and code not in found:
                found.append(code)
        if name != "LANGUAGE" and found:
            break  # LC_ALL wins over LC_MESSAGES over LANG; LANGUAGE adds to them
    return found


def choose(setting: str, preferred: Sequence[str]) -> str:
    """The language to speak: the setting's when it names one backbreak has, else the first
    preferred language it has ("pt_BR" exactly, "pt_PT" no: "de_AT" falls to "de"),
    else English."""
    if setting in LANGUAGES:
        return setting
    for code in preferred:
        normal = code.replace("-", "_")
        if normal in LANGUAGES:
            return normal
        base = normal.split("_")[0]
        if base in LANGUAGES and base != "pt":  # Brazilian is no stand-in for Portugal's
            return base
    return "en"


def install(language: str, locale_dir: Path = LOCALE_DIR) -> str:
    """Speak `language` from now on (one of LANGUAGES; English for any other, or when its
    catalog cannot be read). Returns the language now spoken."""
    global _current, _language
    chosen = language if language in LANGUAGES else "en"
    if chosen == "en":
        _current, _language = gettext.NullTranslations(), "en"
        return "en"
    try:
        with (locale_dir / chosen / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
            _current = gettext.GNUTranslations(file)
    except (OSError, ValueError, UnicodeDecodeError):  # missing, unreadable or no catalog
        _current, _language = gettext.NullTranslations(), "en"
        return "en"
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def mid_sentence(title: str) -> str:
    """A title inside a sentence ("Time for neck release"): lower case, except in German,
    whose nouns keep their capital (and scripts without case, which lower() leaves alone)."""
    return title if _language == "de" else title.lower()


DECIMAL_COMMA = frozenset({"de", "es", "fr", "pt_BR"})
"""The languages that write 7,5 where English writes 7.5."""


def decimal(value: float, digits: int = 1) -> str:
    """`value` with `digits` decimals, as the current language writes it. A catalog cannot
    fix this (its placeholders must stay as the code wrote them), so the code formats the
    number before it goes into the sentence."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if _language in DECIMAL_COMMA else text


def apply(setting: str, environ: Mapping[str, str]) -> str:
    """Speak what the setting says, or the system's language: the one call every process
    makes once its settings are read (and the app again when the setting changes)."""
    return install(choose(setting, system_languages(environ)))
