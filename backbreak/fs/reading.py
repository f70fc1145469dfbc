"""Reading a TOML file someone else may have written: the settings file, a routine file.

What is there may be hostile or just odd: a named pipe, a folder or a device where a file
belongs (opening one blocks forever or reads without end), a link that loops, gigabytes,
a byte-order mark from a Windows editor, other encodings, lists nested thousands deep
(`tomllib` recurses: RecursionError), numbers with more digits than Python will print.
`read_toml` turns every one of them into a `ReadError` that says what and where, and raises
nothing else. It never writes, and never blocks: the file type is checked before opening,
the open is non-blocking, and at most `limit` + 1 bytes are read.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

#: Deeper than any backbreak file needs (settings reach 3, routines 4), far below recursion.
MAX_DEPTH = 32
#: A whole number wider than this is not a number anyone typed (TOML itself allows 64).
MAX_INT_BITS = 1024

Kind = Literal["missing", "unusable", "invalid"]
Translate = Callable[[str], str]
"""backbreak.core.i18n's `_`: fs imports nothing of backbreak's, so the caller hands it in."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks `message` for the catalogs, as backbreak.core.i18n's N_ does (fs may not import
    it): every message here is English until the caller puts it into its language."""
    return message


def _english(message: str) -> str:
    return message


class Words:
    """A message for the user, put into a language only when shown: an N_-marked template
    and the values of its {placeholders} (Words among them are translated too; anything else
    is data: a number, a path, the TOML parser's own words)."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, **values: object) -> None:
        self.template, self.values = template, values

    def said(self, translate: Translate = _english) -> str:
        filled = {
            name: value.said(translate) if isinstance(value, Words) else value
            for name, value in self.values.items()
        }
        return translate(self.template).format(**filled)

    def __str__(self) -> str:
        return self.said()


class ReadError(Exception):
    """Why a file gave no document.

    `kind`: "missing" (nothing there), "unusable" (there, but not a readable regular file:
    leave it alone) or "invalid" (its bytes are not a TOML document: it may be moved aside).
    `reason` reads after the file's name ("is not valid TOML: …"); `where` is "line 3,
    column 7", a key path like "fixed.a.at", or "". Both in English; `reason_in`, `where_in`
    and `said` give them in the language of the translator handed in (`_`).
    """

    def __init__(self, kind: Kind, reason: Words, where: Words | str = "") -> None:
        self.kind, self._reason, self._where = kind, reason, where
        self.reason, self.where = self.reason_in(_english), self.where_in(_english)
        super().__init__(kind, self.reason, self.where)

    def reason_in(self, translate: Translate) -> str:
        return self._reason.said(translate)

    def where_in(self, translate: Translate) -> str:
        where = self._where
        return where.said(translate) if isinstance(where, Words) else where

    def said(self, translate: Translate = _english) -> str:
        """The reason and, when there is one, the place: "… (at line 3, column 7)"."""
        reason, where = self.reason_in(translate), self.where_in(translate)
        if not where:
            return reason
        return translate(N_("{reason} (at {where})")).format(reason=reason, where=where)

    def __str__(self) -> str:
        return self.said()


A_TOML_FILE = N_("a TOML file")


def read_toml(path: Path, limit: int, what: str = A_TOML_FILE) -> dict[str, Any]:
    """The document in the regular file at `path` (links followed). Raises ReadError only.

    `what` names the file in the size message ("is it really a routine file?"): an
    N_-marked English noun, translated with the rest of the message.
    """
    return parse_toml(read_bytes(path, limit, what))


def read_bytes(path: Path, limit: int, what: str = A_TOML_FILE) -> bytes:
    """At most `limit` bytes of the regular file at `path`; ReadError for anything else."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ReadError("unusable", _dangling(path)) from None
        raise ReadError("missing", Words(N_("does not exist"))) from None
    except (OSError, ValueError) as exc:  # a link loop, a name too long, a NUL in the name
        raise ReadError("unusable", _unreadable(exc)) from None
    _check_regular(info.st_mode)
    if info.st_size > limit:
        raise ReadError("invalid", _too_big(info.st_size, limit, what))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError("unusable", _unreadable(exc)) from None
    try:
        _check_regular(os.fstat(fd).st_mode)  # swapped for a pipe since the stat: refuse
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ReadError("unusable", _unreadable(exc)) from None
    finally:
        os.close(fd)
    if size > limit:  # it grew since the stat
        raise ReadError("invalid", _too_big(size, limit, what))
    return b"".join(chunks)


def parse_toml(raw: bytes) -> dict[str, Any]:
    """The TOML document in `raw`: a UTF-8 byte-order mark is fine, depth and numbers are
    bounded. Raises ReadError("invalid", …) only."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("invalid", Words(N_("is UTF-16 text; save it as UTF-8")))
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReadError(
            "invalid",
            Words(N_("is not UTF-8 text (byte {byte}); save it as UTF-8"), byte=exc.start),
            Words(N_("line {line}"), line=line),
        ) from None
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise ReadError("invalid", _DEEP, _line_column(*deep))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(str(exc), text) from None
    except ValueError as exc:  # int("9" * 5000): Python's limit on digits
        digits = re.search(r"limit \((\d+) digits\)", str(exc))
        raise ReadError(
            "invalid",
            Words(N_("is not valid TOML: a number with more than {count} digits"), count=digits[1])
            if digits
            else Words(N_("is not valid TOML: a number with too many digits")),
        ) from None
    except RecursionError:  # the scan above should make this unreachable: never a crash
        raise ReadError("invalid", _DEEP) from None
    _check_tree(data)
    return data


_DEEP = Words(
    N_("is not valid TOML for backbreak: lists or tables nested more than {depth} deep"),
    depth=MAX_DEPTH,
)

_KINDS = (
    (stat.S_ISDIR, N_("cannot be read (it is a folder, not a file)")),
    (stat.S_ISFIFO, N_("cannot be read (it is a named pipe, not a file)")),
    (stat.S_ISCHR, N_("cannot be read (it is a device, not a file)")),
    (stat.S_ISBLK, N_("cannot be read (it is a device, not a file)")),
    (stat.S_ISSOCK, N_("cannot be read (it is a socket, not a file)")),
)


def _check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    why = next(
        (why for test, why in _KINDS if test(mode)),
        N_("cannot be read (it is not a regular file, not a file)"),
    )
    raise ReadError("unusable", Words(why))


def _unreadable(exc: BaseException) -> Words:
    why = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return Words(N_("cannot be read ({why})"), why=why)


def _dangling(path: Path) -> Words:
    try:
        target = str(path.readlink())
    except OSError:
        return Words(N_("cannot be read (it is a link to somewhere, which does not exist)"))
    return Words(
        N_("cannot be read (it is a link to {target}, which does not exist)"), target=target
    )


def _line_column(line: int | str, column: int | str) -> Words:
    return Words(N_("line {line}, column {column}"), line=line, column=column)


def _size(count: int) -> Words:
    if count >= 1 << 20:
        tenths = round(count * 10 / (1 << 20))
        # TRANSLATORS: a size: {units} and {tenths} are the digits before and after the
        # decimal point ("3.5 MiB"); write your language's decimal mark between them.
        return Words(N_("{units}.{tenths} MiB"), units=tenths // 10, tenths=tenths % 10)
    if count >= 1024:
        return Words(N_("{size} KiB"), size=count // 1024)
    return Words(N_("{count} bytes"), count=count)


def _too_big(size: int, limit: int, what: str) -> Words:
    shown = (
        Words(N_("{size} MiB"), size=limit >> 20)
        if limit >= 1 << 20
        else Words(N_("{size} KiB"), size=limit >> 10)
    )
    return Words(
        # TRANSLATORS: {what} is a kind of file, with its article ("a routine file").
        N_("is larger than {limit} ({size}); is it really {what}?"),
        limit=shown,
        size=_size(size),
        what=Words(what),
    )


_END_OF_DOCUMENT = (
    "(at end of document)"  # not translated: tomllib's words, looked for in its message
)


def _syntax_error(message: str, text: str) -> ReadError:
    """tomllib's "Reason (at line 3, column 7)" as a reason and a place (its reason is its
    own English: the parser's words, not backbreak's)."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        reason = message[: match.start()].strip()
        return ReadError(
            "invalid",
            Words(N_("is not valid TOML: {reason}"), reason=reason),
            _line_column(match[1], match[2]),
        )
    if _END_OF_DOCUMENT in message:
        reason = message.replace(_END_OF_DOCUMENT, "").strip()
        last = max(1, len(text.rstrip("\n").splitlines()))
        return ReadError(
            "invalid",
            Words(
                N_("is not valid TOML: {reason}; is something missing at the end?"), reason=reason
            ),
            Words(N_("end of file, line {line}"), line=last),
        )
    return ReadError("invalid", Words(N_("is not valid TOML: {reason}"), reason=message))


# Strings and comments hide brackets; everything else that matters is a bracket or a brace.
_NEXT = re.compile(r"[\[\]{}\"'#]")
# Each written as "unrolled loops" (runs of plain characters, then one special): the
# one-alternative-per-character form is three times slower on ordinary files.
_ENDS = {
    '"""': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""', re.DOTALL),
    "'''": re.compile(r"[^']*(?:'(?!'')[^']*)*'''", re.DOTALL),
    '"': re.compile(r'[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|$)', re.MULTILINE),
    "'": re.compile(r"[^'\n]*(?:'|$)", re.MULTILINE),
}
# The same strings and comments as one pattern, for the quick pass (an unterminated
# multi-line string runs to the end, as in the exact scan).
_HIDING = re.compile(
    r"#[^\n]*"
    r'|(?s:"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z))'
    r"|(?s:'''[^']*(?:'(?!'')[^']*)*(?:'''|\Z))"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|$)'
    r"|'[^'\n]*(?:'|$)",
    re.MULTILINE,
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Where (line, column) brackets and braces first nest deeper than `limit`, or None.

    Strings and comments are skipped, so a deep document is refused before `tomllib` (which
    recurses once per level) sees it. A malformed string ends at the end of its line;
    `tomllib` then names the real mistake. A quick pass in C (strip strings and comments,
    keep brackets, running sum) answers for every ordinary file; the exact scan runs only
    to say where, or when a stray closer makes the running sum disagree with it.
    """
    brackets = _NOT_BRACKET.sub("", _HIDING.sub("", text))
    if not brackets:
        return None
    levels = list(accumulate(map(_STEP.__getitem__, brackets)))
    if min(levels) >= 0 and max(levels) <= limit:
        return None
    return _first_too_deep(text, limit)


def _first_too_deep(text: str, limit: int) -> tuple[int, int] | None:
    depth = 0
    pos = 0
    while True:
        match = _NEXT.search(text, pos)
        if match is None:
            return None
        char, at = match.group(), match.start()
        if char == "#":
            end = text.find("\n", at)
            pos = len(text) if end < 0 else end
        elif char in "\"'":
            opener = char * 3 if text.startswith(char * 3, at) else char
            ended = _ENDS[opener].match(text, at + len(opener))
            pos = ended.end() if ended else len(text)
        elif char in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, at) + 1
                return line, at - (text.rfind("\n", 0, at) + 1) + 1
            pos = at + 1
        else:
            depth = max(0, depth - 1)
            pos = at + 1


#: Where a value sits, spelled out only when something is wrong: (the parent's place, key).
_Place = tuple["_Place | None", "str | int"]


def _check_tree(data: dict[str, Any]) -> None:
    """Depth (dotted keys and table headers nest without a bracket) and width of numbers,
    checked without recursion, so everything that walks the document later is safe."""
    stack: list[tuple[Any, _Place | None, int]] = [(data, None, 0)]  # depth: as too_deep
    while stack:
        node, place, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ReadError("invalid", _DEEP, _spell(place))
        items: Any = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, dict | list):
                stack.append((value, (place, key), depth + 1))
            elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
                raise ReadError(
                    "invalid",
                    Words(
                        N_("is not valid TOML: a whole number wider than {bits} bits"),
                        bits=MAX_INT_BITS,
                    ),
                    _spell((place, key)),
                )


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _spell(place: _Place | None) -> str:
    """`steps[2].text`: list positions count from 1, as routine messages count steps."""
    parts: list[str] = []
    while place is not None:
        place, key = place
        if isinstance(key, int):
            parts.append(f"[{key + 1}]")
        else:
            parts.append("." + (key if _PLAIN_KEY.fullmatch(key) else repr(key)))
    return "".join(reversed(parts)).removeprefix(".")
