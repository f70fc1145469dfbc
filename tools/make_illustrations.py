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
    return (centre[0] + x * math.cos(a) - y * math.sin(a),
            centre[1] + x * math.sin(a) + y * math.cos(a))


def line(*points: Point, width: float = W, colour: str = FIGURE) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}" '
            'stroke-linecap="round" stroke-linejoin="round"/>')


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
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="5" '
            f'stroke-linecap="round"/><polygon points="{head}" fill="{colour}"/>')


def glow(cx: float, cy: float, rx: float, ry: float, angle: float = 0) -> str:
    return (f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx}" ry="{ry}" fill="{HIGHLIGHT}" '
            f'fill-opacity="0.45" transform="rotate({angle:.1f} {cx:.1f} {cy:.1f})"/>')


@dataclass
class Front:
    """A seated figure seen from the front."""

    head_tilt: float = 0  # degrees, + leans the head to the figure's left (viewer's right)
    head_turn: float = 0  # -1..1, shifts the face to show a turn
    shoulders_up: float = 0
    arms: str = "rest"  # rest | up | twist | squeeze
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
            line((90, 228), (102, 228), width=7), line((138, 228), (150, 228), width=7),
            # torso
            f'<path d="M{ls[0]},{ls[1]} Q120,{sy - 4} {rs[0]},{rs[1]} L144,176 L96,176 Z" '
            f'fill="{FIGURE}" fill-opacity="0.35" stroke="{FIGURE}" stroke-width="6" '
            'stroke-linejoin="round"/>',
            line(neck_base, neck_top, width=11),
            f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="22" fill="{FIGURE}"/>',
        ]
        if self.head_turn:
            nose = (head[0] + 12 * self.head_turn, head[1] + 2)
            parts.append(f'<circle cx="{nose[0]:.1f}" cy="{nose[1]:.1f}" r="4" '
                         'fill="#ffffff" fill-opacity="0.55"/>')
        arms = {
            "rest": [line(ls, (74, 142), (96, 166)), line(rs, (166, 142), (144, 166))],
            "up": [line(ls, (92, 62), (114, 28)), line(rs, (148, 62), (126, 28))],
            "twist": [line(ls, (96, 140), (132, 170)), line(rs, (170, 134), (176, 168))],
            "squeeze": [line(ls, (66, 130), (86, 150)), line(rs, (174, 130), (154, 150))],
        }[self.arms]
        return "".join([*parts[:6], *arms, *parts[6:], *self.extra])


@dataclass
class Side:
    """A seated figure seen from the side, facing right."""

    head_forward: float = 0  # chin tuck: negative moves the head back
    nod: float = 0  # degrees the head tips forward
    chest_open: bool = False
    extra: list[str] = field(default_factory=list)

    def svg(self) -> str:
        neck_base = (112.0, 104.0)
        head = rotate((116 + self.head_forward, 62), neck_base, self.nod)
        neck_top = rotate((114 + self.head_forward * 0.6, 84), neck_base, self.nod)
        hand = (84, 150) if self.chest_open else (150, 160)
        elbow = (92, 140) if self.chest_open else (126, 144)
        chest = "Q136,124 124,176" if self.chest_open else "Q128,130 122,176"
        return "".join([
            f'<rect x="64" y="176" width="92" height="12" rx="6" fill="{CHAIR}"/>',
            line((70, 176), (70, 110), width=8, colour=CHAIR),
            line((80, 188), (80, 226), width=7, colour=CHAIR),
            line((150, 188), (150, 226), width=7, colour=CHAIR),
            line((100, 176), (160, 178), (162, 226), (176, 226)),
            f'<path d="M92,104 L116,104 {chest} L94,176 Q86,140 92,104 Z" fill="{FIGURE}" '
            f'fill-opacity="0.35" stroke="{FIGURE}" stroke-width="6" stroke-linejoin="round"/>',
            line((106, 108), elbow, hand),
            line(neck_base, neck_top, width=11),
            f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="22" fill="{FIGURE}"/>',
            f'<circle cx="{head[0] + 14:.1f}" cy="{head[1] - 3:.1f}" r="3.5" fill="#ffffff" '
            'fill-opacity="0.6"/>',
            *self.extra,
        ])


POSES: dict[str, str] = {
    "sit-tall": Side(extra=[arrow([(182, 170), (182, 40)]), glow(104, 140, 20, 44)]).svg(),
    "chin-tuck": Side(head_forward=-8, extra=[
        arrow([(176, 58), (150, 58)]), glow(112, 92, 12, 18)]).svg(),
    "neck-forward": Side(nod=22, extra=[
        arrow([(150, 30), (178, 48), (176, 80)]), glow(106, 92, 14, 20, -20)]).svg(),
    "neck-side-tilt": Front(head_tilt=-24, extra=[
        arrow([(130, 26), (96, 24), (76, 52)]), glow(134, 96, 11, 22, 20)]).svg(),
    "neck-turn": Front(head_turn=-1, extra=[
        arrow([(150, 30), (120, 18), (90, 30)]), glow(120, 94, 18, 12)]).svg(),
    "shoulder-shrug": Front(shoulders_up=12, extra=[
        arrow([(60, 120), (60, 84)]), arrow([(180, 84), (180, 120)]),
        glow(120, 98, 46, 12)]).svg(),
    "shoulder-roll": Front(extra=[
        arrow([(70, 124), (52, 96), (76, 84)]), arrow([(170, 124), (188, 96), (164, 84)]),
        glow(86, 110, 14, 12), glow(154, 110, 14, 12)]).svg(),
    "blade-squeeze": Front(arms="squeeze", extra=[
        arrow([(46, 120), (70, 120)]), arrow([(194, 120), (170, 120)]),
        glow(120, 128, 30, 22)]).svg(),
    "chest-opener": Side(chest_open=True, extra=[
        arrow([(150, 150), (172, 118), (160, 88)]), glow(124, 124, 16, 22)]).svg(),
    "seated-twist": Front(arms="twist", head_turn=1, extra=[
        arrow([(64, 140), (100, 190), (176, 150)]), glow(120, 146, 26, 28)]).svg(),
    "overhead-reach": Front(arms="up", extra=[
        arrow([(198, 160), (198, 40)]), glow(120, 132, 26, 40)]).svg(),
}


def document(body: str, size: int = 240) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
            f'width="{size}" height="{size}" viewBox="0 0 {size} {size}">{body}</svg>\n')


def spine(colour: str, x: float = 0, y: float = 0, scale: float = 1.0) -> str:
    """Stacked vertebrae along a gentle S curve: the mark of the app."""
    out = []
    for i in range(6):
        cy = y + scale * (6 + i * 4.2)
        cx = x + scale * (16 + 2.2 * math.sin(i / 5 * math.pi * 1.4 - 0.6))
        out.append(f'<rect x="{cx - scale * 5:.2f}" y="{cy - scale * 1.6:.2f}" '
                   f'width="{scale * 10:.2f}" height="{scale * 3.2:.2f}" rx="{scale * 1.6:.2f}" '
                   f'fill="{colour}"/>')
    return "".join(out)


def icons() -> dict[str, str]:
    app = (f'<rect x="8" y="8" width="240" height="240" rx="56" fill="{ACCENT}"/>'
           f'<circle cx="128" cy="52" r="22" fill="#ffffff"/>'
           + spine("#ffffff", 48, 66, 5.0)
           + '<path d="M60,150 Q128,118 196,150" fill="none" stroke="#ffe2c4" '
             'stroke-width="12" stroke-linecap="round"/>')
    tray_base = (f'<circle cx="16" cy="16" r="15" fill="{ACCENT}" stroke="#ffffff" '
                 'stroke-width="1.5"/>' + spine("#ffffff", 0, 1.5, 1.0))
    paused = ('<circle cx="16" cy="16" r="15" fill="#8a94a6" stroke="#ffffff" '
              'stroke-width="1.5"/>'
              '<rect x="10" y="9" width="4.5" height="14" rx="1.5" fill="#ffffff"/>'
              '<rect x="17.5" y="9" width="4.5" height="14" rx="1.5" fill="#ffffff"/>')
    due = tray_base + ('<circle cx="25" cy="7" r="6.5" fill="#e76f51" stroke="#ffffff" '
                       'stroke-width="1.5"/>')
    return {"icons/backbreak.svg": document(app, 256),
            "icons/tray.svg": document(tray_base, 32),
            "icons/tray-paused.svg": document(paused, 32),
            "icons/tray-due.svg": document(due, 32)}


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
