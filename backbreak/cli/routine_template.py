"""`backbreak routines new`: a commented template in the user's routines folder."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from backbreak.core.i18n import _

if TYPE_CHECKING:
    from backbreak.cli.context import Context

TEMPLATE = """\
# A backbreak routine. Every key is explained here; `backbreak routines validate` checks it.
# Keep movements gentle: "to mild tension, never pain", no bouncing.

id = "{id}"                  # lowercase letters, digits, hyphens; the same as the file name
version = 1                 # raise it when you change the routine
title = "My routine"        # short, shown in menus
category = "stretch"        # posture, stretch, breathing, thermal, relaxation, exercise
summary = "One line that says what it does and for whom."
duration_seconds = 50       # must equal the steps' seconds; a "both" step counts twice
difficulty = "gentle"       # gentle or moderate
guidance = "stretch"        # stretch, checklist, breathing (add [breathing]) or thermal
tags = ["neck"]
body_areas = ["neck"]       # neck, shoulders, upper-back, lower-back, chest, whole-body
safety = [
  "Move slowly and only to mild tension, never into pain.",
  "Stop if pain sharpens, shoots or spreads.",
]

[[steps]]
title = "Side tilt"
instruction = "Sit tall. Let your ear sink towards your shoulder and breathe slowly."
seconds = 20                # 3 to 3600
side = "both"               # none, left, right, or both (played left, then right)
image = "illustrations/neck-side-tilt.svg"   # optional, a picture under backbreak's assets
cue = "Ear to shoulder"     # optional short cue

[[steps]]
title = "Settle"
instruction = "Roll your shoulders back and down, and breathe out slowly."
seconds = 10

# A breathing routine has guidance = "breathing" and a pattern instead of (or after) steps:
# [breathing]
# inhale = 4
# hold_in = 0
# exhale = 6
# hold_out = 0
# cycles = 10

[[sources]]
file = "where the advice comes from"
quote = "a short quote from it"
"""  # not translated: a routine file, in English like every source routine (catalogs translate)


def cmd_routines_new(ctx: Context, args: argparse.Namespace) -> int:
    import re

    from backbreak.storage.paths import make_private_dir

    routine_id: str = args.id
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", routine_id):
        ctx.fail(
            _(
                '"{id}" cannot be an id: use lowercase letters, digits and '
                "single hyphens, like my-neck-break"
            ).format(id=routine_id)
        )
        return 2
    folder = ctx.paths.user_routines
    target = folder / f"{routine_id}.toml"
    if target.exists():
        ctx.fail(
            _("{path} already exists; choose another id or edit that file").format(path=target)
        )
        return 1
    try:
        make_private_dir(folder)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(TEMPLATE.format(id=routine_id))
    except OSError as exc:
        ctx.fail(
            _("could not write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        )
        return 1
    print(_("Wrote {path}").format(path=target), file=ctx.out)
    print(
        _("Edit it, then check it with: backbreak routines validate {path}").format(path=target),
        file=ctx.out,
    )
    return 0
