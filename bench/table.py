"""The runner's tables: every figure beside the floors and the peers, and backbreak's ratios.

Two tables instead of one very wide one: the first says what each case measured and whether
backbreak meets its target; the second says how many times the bare icon, the floor,
Workrave and Safe Eyes backbreak's figure is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CASES = ("bare", "floor", "Workrave", "Safe Eyes", "backbreak")
"""Column keys; `Row.values` uses the same keys for the numbers behind the cells."""
HEADERS = ("bare tray icon", "bare + stack (floor)", "Workrave", "Safe Eyes", "backbreak")
#: Below this a figure is as good as zero (CPU of an idle icon): no ratio to it.
TINY = 0.05


@dataclass
class Row:
    figure: str
    cells: dict[str, str]
    """Text per case key; a missing key shows as "-"."""
    target: str
    verdict: str  # "meets", "MISSES" or "n/a"
    values: dict[str, float] = field(default_factory=dict)
    """The numbers behind the cells, for the ratio table (same unit in every case)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            **{h: self.cells.get(k, "-") for k, h in zip(CASES, HEADERS, strict=True)},
            "target": self.target,
            "verdict": self.verdict,
            "values": self.values,
        }


def verdict(met: bool) -> str:
    return "meets" if met else "MISSES"


def ratio(app: float, other: float | None) -> str:
    if other is None or abs(other) < TINY:
        return "-"
    return f"{app / other:.2f}x"


def render(headers: list[str], lines: list[list[str]]) -> str:
    cells = [headers, *lines]
    widths = [max(len(c[i]) for c in cells) for i in range(len(headers))]
    out = []
    for n, line in enumerate(cells):
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def figures_table(rows: list[Row]) -> str:
    return render(
        ["figure", *HEADERS, "target", "verdict"],
        [[r.figure, *(r.cells.get(k, "-") for k in CASES), r.target, r.verdict] for r in rows],
    )


def ratio_table(rows: list[Row]) -> str:
    """backbreak's figure as a multiple of each other case's ("-": not measured, or ~0)."""
    lines = []
    for row in rows:
        app = row.values.get("backbreak")
        others = [row.values.get(k) for k in CASES[:-1]]
        if app is None or all(o is None for o in others):
            continue
        lines.append([row.figure, *(ratio(app, o) for o in others)])
    headers = ["backbreak as a multiple of", *(f"x {h}" for h in HEADERS[:-1])]
    return render(headers, lines)
