"""Draws backbreak's step illustrations and icons as SVG, in one consistent style.

Run `python tools/make_illustrations.py` after changing a pose; the SVGs in assets/ are
committed, so the app never runs this. Figures use mid-tone colours that read on both light
and dark windows, and only SVG Tiny features that Qt's renderer supports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FIGURE = "#7d8ca3"
CHAIR = "#9aa6b8"
ACCENT = "#2a9d8f"
HIGHLIGHT = "#f4a259"
W = 9  # stroke width of limbs

Point = tuple[float, float]


def rotate(p: Point, centre: Point, degrees: float) -> Point:
    a = math.radians(degrees)
    x, y = p[0] - centre[0], p[1] - centre[1]
    return (
        centre[0] + x * math.cos(a) - y * math.sin(a),
        centre[1] + x * math.sin(a) + y * math.cos(a),
    )


def line(*points: Point, width: float = W, colour: str = FIGURE) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def arrow(path: list[Point], colour: str = ACCENT) -> str:
    """A smooth arrow through the points, with a head at the last one."""
    d = f"M{path[0][0]:.1f},{path[0][1]:.1f} "
    if len(path) == 3:
        d += f"Q{path[1][0]:.1f},{path[1][1]:.1f} {path[2][0]:.1f},{path[2][1]:.1f}"
    else:
        d += " ".join(f"L{x:.1f},{y:.1f}" for x, y in path[1:])
    (x1, y1), (x2, y2) = path[-2], path[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    size = 11
    left = (x2 - size * math.cos(angle - 0.5), y2 - size * math.sin(angle - 0.5))
    right = (x2 - size * math.cos(angle + 0.5), y2 - size * math.sin(angle + 0.5))
    head = f"{x2:.1f},{y2:.1f} {left[0]:.1f},{left[1]:.1f} {right[0]:.1f},{right[1]:.1f}"
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="5" '
        f'stroke-linecap="round"/><polygon points="{head}" fill="{colour}"/>'
    )


def glow(cx: float, cy: float, rx: float, ry: float, angle: float = 0) -> str:
    return (
        f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx}" ry="{ry}" fill="{HIGHLIGHT}" '
        f'fill-opacity="0.45" transform="rotate({angle:.1f} {cx:.1f} {cy:.1f})"/>'
    )


@dataclass
class Front:
    """A seated figure seen from the front."""

    head_tilt: float = 0  # degrees, + leans the head to the figure's left (viewer's right)
    head_turn: float = 0  # -1..1, shifts the face to show a turn
    shoulders_up: float = 0
    arms: str = "rest"  # rest | up | twist | squeeze | forehead | cross | out | side-bend
    bend: float = 0  # degrees the upper body leans sideways from the hips
    extra: list[str] = field(default_factory=list)

    def svg(self) -> str:
        neck_base = (120.0, 104.0 - self.shoulders_up)
        head = rotate((120, 62 - self.shoulders_up * 0.3), neck_base, self.head_tilt)
        neck_top = rotate((120, 84 - self.shoulders_up * 0.3), neck_base, self.head_tilt)
        sy = 106 - self.shoulders_up
        ls, rs = (84.0, sy), (156.0, sy)
        parts = [
            # chair
            f'<rect x="66" y="176" width="108" height="12" rx="6" fill="{CHAIR}"/>',
            line((78, 188), (78, 226), width=7, colour=CHAIR),
            line((162, 188), (162, 226), width=7, colour=CHAIR),
            # legs
            line((104, 176), (100, 196), (98, 226)),
            line((136, 176), (140, 196), (142, 226)),
            line((90, 228), (102, 228), width=7),
            line((138, 228), (150, 228), width=7),
            # torso
            f'<path d="M{ls[0]},{ls[1]} Q120,{sy - 4} {rs[0]},{rs[1]} L144,176 L96,176 Z" '
            f'fill="{FIGURE}" fill-opacity="0.35" stroke="{FIGURE}" stroke-width="6" '
            'stroke-linejoin="round"/>',
            line(neck_base, neck_top, width=11),
            f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="22" fill="{FIGURE}"/>',
        ]
        if self.head_turn:
            nose = (head[0] + 12 * self.head_turn, head[1] + 2)
            parts.append(
                f'<circle cx="{nose[0]:.1f}" cy="{nose[1]:.1f}" r="4" '
                'fill="#ffffff" fill-opacity="0.55"/>'
            )
        arms = {
            "rest": [line(ls, (74, 142), (96, 166)), line(rs, (166, 142), (144, 166))],
            "up": [line(ls, (92, 62), (114, 28)), line(rs, (148, 62), (126, 28))],
            "twist": [line(ls, (96, 140), (132, 170)), line(rs, (170, 134), (176, 168))],
            "squeeze": [line(ls, (66, 130), (86, 150)), line(rs, (174, 130), (154, 150))],
            "forehead": [line(ls, (74, 142), (96, 166)), line(rs, (160, 80), (136, 58))],
            "cross": [
                line(ls, (74, 142), (96, 166)),
                line(rs, (126, 118), (76, 112)),
                line(ls, (100, 124), (128, 118), width=7),
            ],
            "out": [line(ls, (56, 104), (26, 104)), line(rs, (184, 104), (214, 104))],
            "side-bend": [line(ls, (74, 142), (96, 166)), line(rs, (164, 62), (140, 24))],
        }[self.arms]
        lower, upper = parts[:7], [*arms, *parts[7:]]  # chair, legs, feet | arms, body
        top = "".join(upper)
        if self.bend:
            top = f'<g transform="rotate({self.bend:.1f} 120 176)">{top}</g>'
        return "".join([*lower, top, *self.extra])


@dataclass
class Side:
    """A seated figure seen from the side, facing right."""

    head_forward: float = 0  # chin tuck: negative moves the head back
    nod: float = 0  # degrees the head tips forward
    chest_open: bool = False
    lean: float = 0  # degrees the upper body tips forward from the hips (negative: back)
    back: str = "straight"  # straight | round | arch
    arms: str = "lap"  # lap | open | low-back | knees | reach-down | swing
    legs: str = "seated"  # seated | figure-four | standing | stride
    extra: list[str] = field(default_factory=list)

    def svg(self) -> str:
        standing = self.legs in ("standing", "stride")
        lift = -44 if standing else 0  # a standing figure's hips are higher
        neck_base = (112.0, 104.0)
        head = rotate((116 + self.head_forward, 62), neck_base, self.nod)
        neck_top = rotate((114 + self.head_forward * 0.6, 84), neck_base, self.nod)
        if self.chest_open:
            self.arms = "open"
        elbow, hand = {
            "lap": ((126, 144), (150, 160)),
            "open": ((92, 140), (84, 150)),
            "low-back": ((84, 138), (94, 162)),
            "knees": ((124, 146), (154, 172)),
            "reach-down": ((128, 150), (140, 196)),
            "swing": ((124, 140), (140, 120)),
        }[self.arms]
        chest = {
            "straight": "Q128,130 122,176",
            "round": "Q142,132 122,176",
            "arch": "Q124,140 126,176",
        }[self.back]
        spine = {
            "straight": "Q86,140 92,104",
            "round": "Q70,130 92,104",
            "arch": "Q100,140 92,104",
        }[self.back]
        if self.chest_open:
            chest = "Q136,124 124,176"
        upper = "".join(
            [
                f'<path d="M92,104 L116,104 {chest} L94,176 {spine} Z" fill="{FIGURE}" '
                f'fill-opacity="0.35" stroke="{FIGURE}" stroke-width="6" stroke-linejoin="round"/>',
                line((106, 108), elbow, hand),
                line(neck_base, neck_top, width=11),
                f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="22" fill="{FIGURE}"/>',
                f'<circle cx="{head[0] + 14:.1f}" cy="{head[1] - 3:.1f}" r="3.5" fill="#ffffff" '
                'fill-opacity="0.6"/>',
            ]
        )
        legs = {
            "figure-four": line((100, 176), (160, 178), (162, 226), (176, 226))
            + line((104, 172), (150, 160), (132, 178), width=8),
        }.get(self.legs, line((100, 176), (160, 178), (162, 226), (176, 226)))
        chair = (
            ""
            if standing
            else "".join(
                [
                    f'<rect x="64" y="176" width="92" height="12" rx="6" fill="{CHAIR}"/>',
                    line((70, 176), (70, 110), width=8, colour=CHAIR),
                    line((80, 188), (80, 226), width=7, colour=CHAIR),
                    line((150, 188), (150, 226), width=7, colour=CHAIR),
                ]
            )
        )
        body = f'<g transform="rotate({self.lean:.1f} 100 176)">{upper}</g>' if self.lean else upper
        if standing:
            # Lift the upper body onto standing legs drawn from the raised hip point.
            body = f'<g transform="translate(0 {lift})">{body}</g>'
            legs = line((60, 228), (190, 228), width=4, colour=CHAIR) + _standing_legs(self.legs)
        return "".join([chair, legs, body, *self.extra])


def _standing_legs(kind: str) -> str:
    """Legs from the raised hip (100, 132) to the floor."""
    if kind == "stride":
        return line((104, 132), (88, 178), (78, 224), (92, 226)) + line(
            (104, 132), (126, 176), (140, 222), (154, 224)
        )
    return line((104, 132), (106, 180), (108, 224), (124, 226))


def desk(monitor_y: float = 60) -> str:
    """A desk and a screen in front of the side-view figure."""
    return "".join(
        [
            f'<rect x="150" y="128" width="80" height="8" rx="3" fill="{CHAIR}"/>',
            line((222, 136), (222, 226), width=6, colour=CHAIR),
            f'<rect x="196" y="{monitor_y:.0f}" width="10" height="52" rx="3" fill="{CHAIR}"/>',
            line((201, monitor_y + 52), (201, 128), width=5, colour=CHAIR),
            f'<rect x="160" y="122" width="26" height="5" rx="2" fill="{FIGURE}"/>',
        ]
    )


POSES: dict[str, str] = {
    "sit-tall": Side(extra=[arrow([(182, 170), (182, 40)]), glow(104, 140, 20, 44)]).svg(),
    "chin-tuck": Side(
        head_forward=-8, extra=[arrow([(176, 58), (150, 58)]), glow(112, 92, 12, 18)]
    ).svg(),
    "neck-forward": Side(
        nod=22, extra=[arrow([(150, 30), (178, 48), (176, 80)]), glow(106, 92, 14, 20, -20)]
    ).svg(),
    "neck-side-tilt": Front(
        head_tilt=-24, extra=[arrow([(130, 26), (96, 24), (76, 52)]), glow(134, 96, 11, 22, 20)]
    ).svg(),
    "neck-turn": Front(
        head_turn=-1, extra=[arrow([(150, 30), (120, 18), (90, 30)]), glow(120, 94, 18, 12)]
    ).svg(),
    "shoulder-shrug": Front(
        shoulders_up=12,
        extra=[arrow([(60, 120), (60, 84)]), arrow([(180, 84), (180, 120)]), glow(120, 98, 46, 12)],
    ).svg(),
    "shoulder-roll": Front(
        extra=[
            arrow([(70, 124), (52, 96), (76, 84)]),
            arrow([(170, 124), (188, 96), (164, 84)]),
            glow(86, 110, 14, 12),
            glow(154, 110, 14, 12),
        ]
    ).svg(),
    "blade-squeeze": Front(
        arms="squeeze",
        extra=[
            arrow([(46, 120), (70, 120)]),
            arrow([(194, 120), (170, 120)]),
            glow(120, 128, 30, 22),
        ],
    ).svg(),
    "chest-opener": Side(
        chest_open=True, extra=[arrow([(150, 150), (172, 118), (160, 88)]), glow(124, 124, 16, 22)]
    ).svg(),
    "seated-twist": Front(
        arms="twist",
        head_turn=1,
        extra=[arrow([(64, 140), (100, 190), (176, 150)]), glow(120, 146, 26, 28)],
    ).svg(),
    "overhead-reach": Front(
        arms="up", extra=[arrow([(198, 160), (198, 40)]), glow(120, 132, 26, 40)]
    ).svg(),
    "neck-press": Front(
        arms="forehead", extra=[arrow([(178, 40), (150, 50)]), glow(120, 92, 16, 14)]
    ).svg(),
    "cross-body-stretch": Front(
        arms="cross", extra=[arrow([(52, 92), (40, 112), (56, 128)]), glow(150, 108, 18, 12)]
    ).svg(),
    "arm-circles": Front(
        arms="out",
        extra=[
            arrow([(20, 80), (12, 104), (28, 126)]),
            arrow([(220, 80), (228, 104), (212, 126)]),
            glow(86, 106, 14, 10),
            glow(154, 106, 14, 10),
        ],
    ).svg(),
    "side-bend": Front(
        arms="side-bend",
        bend=-14,
        extra=[arrow([(150, 20), (100, 24), (70, 56)]), glow(150, 140, 14, 30, -14)],
    ).svg(),
    "pelvic-tilt": Side(
        back="round", extra=[arrow([(60, 186), (52, 166), (66, 150)]), glow(96, 162, 14, 18)]
    ).svg(),
    "seated-cat-cow": Side(
        back="round",
        lean=8,
        nod=18,
        arms="knees",
        extra=[arrow([(64, 110), (58, 140), (70, 164)]), glow(88, 132, 14, 30)],
    ).svg(),
    "seated-forward-fold": Side(
        lean=42,
        nod=20,
        arms="reach-down",
        extra=[arrow([(150, 60), (186, 90), (194, 130)]), glow(96, 150, 16, 28, 40)],
    ).svg(),
    "figure-four": Side(
        legs="figure-four",
        lean=18,
        extra=[arrow([(90, 60), (130, 50), (158, 74)]), glow(112, 174, 22, 12)],
    ).svg(),
    "standing-back-extension": Side(
        legs="standing",
        arms="low-back",
        lean=-14,
        back="arch",
        extra=[arrow([(150, 40), (120, 20), (88, 30)]), glow(94, 116, 12, 22)],
    ).svg(),
    "walk": Side(
        legs="stride", arms="swing", extra=[arrow([(150, 232), (214, 232)]), glow(106, 150, 20, 16)]
    ).svg(),
    "desk-setup": Side(extra=[desk(), arrow([(134, 70), (190, 84)]), glow(112, 74, 16, 16)]).svg(),
}


def document(body: str, size: int = 240) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="{size}" height="{size}" viewBox="0 0 {size} {size}">{body}</svg>\n'
    )


def spine(colour: str, x: float = 0, y: float = 0, scale: float = 1.0) -> str:
    """Stacked vertebrae along a gentle S curve: the mark of the app."""
    out = []
    for i in range(6):
        cy = y + scale * (6 + i * 4.2)
        cx = x + scale * (16 + 2.2 * math.sin(i / 5 * math.pi * 1.4 - 0.6))
        out.append(
            f'<rect x="{cx - scale * 5:.2f}" y="{cy - scale * 1.6:.2f}" '
            f'width="{scale * 10:.2f}" height="{scale * 3.2:.2f}" rx="{scale * 1.6:.2f}" '
            f'fill="{colour}"/>'
        )
    return "".join(out)


def icons() -> dict[str, str]:
    app = (
        f'<rect x="8" y="8" width="240" height="240" rx="56" fill="{ACCENT}"/>'
        f'<circle cx="128" cy="52" r="22" fill="#ffffff"/>'
        + spine("#ffffff", 48, 66, 5.0)
        + '<path d="M60,150 Q128,118 196,150" fill="none" stroke="#ffe2c4" '
        'stroke-width="12" stroke-linecap="round"/>'
    )
    tray_base = (
        f'<circle cx="16" cy="16" r="15" fill="{ACCENT}" stroke="#ffffff" '
        'stroke-width="1.5"/>' + spine("#ffffff", 0, 1.5, 1.0)
    )
    paused = (
        '<circle cx="16" cy="16" r="15" fill="#8a94a6" stroke="#ffffff" '
        'stroke-width="1.5"/>'
        '<rect x="10" y="9" width="4.5" height="14" rx="1.5" fill="#ffffff"/>'
        '<rect x="17.5" y="9" width="4.5" height="14" rx="1.5" fill="#ffffff"/>'
    )
    due = tray_base + (
        '<circle cx="25" cy="7" r="6.5" fill="#e76f51" stroke="#ffffff" stroke-width="1.5"/>'
    )
    return {
        "icons/backbreak.svg": document(app, 256),
        "icons/tray.svg": document(tray_base, 32),
        "icons/tray-paused.svg": document(paused, 32),
        "icons/tray-due.svg": document(due, 32),
    }


def main() -> None:
    files = {f"illustrations/{name}.svg": document(body) for name, body in POSES.items()}
    files.update(icons())
    for relative, text in files.items():
        target = ASSETS / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ASSETS.parent)}")


if __name__ == "__main__":
    main()
