"""The history's figures in words: one sentence per figure, whole, in the language spoken.

Qt-free, so the window and its charts say the same as any other reader of `core.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backbreak.core.i18n import N_, _, ngettext
from backbreak.core.model import Category
from backbreak.core.stats import Stats, minutes_text
from backbreak.core.status import percent_text

CATEGORY_LABELS = {
    Category.POSTURE: N_("Posture"),
    Category.STRETCH: N_("Stretches"),
    Category.EXERCISE: N_("Movement and strength"),
    Category.BREATHING: N_("Breathing"),
    Category.RELAXATION: N_("Relaxation"),
    Category.THERMAL: N_("Heat and cold"),
}
"""The kinds of break by name: the tray's submenus, History, `backbreak stats`."""
_BY_VALUE = {category.value: label for category, label in CATEGORY_LABELS.items()}


def category_name(name: str) -> str:
    """A kind of break as the tray names it; rows without a routine are "Other"."""
    label = _BY_VALUE.get(name)
    return _(label) if label is not None else _("Other") if name == "other" else name.capitalize()


def days_text(count: int) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count)


def breaks_text(count: int) -> str:
    return ngettext("{count} break", "{count} breaks", count).format(count=count)


@dataclass(frozen=True, slots=True)
class HistoryWords:
    """What the history window's cards say about one period."""

    summary: str
    today: str
    streak: str
    streak_said: str  # the streak's figure for a screen reader
    streak_text: str
    period_heading: str
    percent: str
    percent_said: str
    period_text: str
    bars_heading: str


def history_words(stats: Stats, period: int) -> HistoryWords:
    left = stats.target - stats.today_done
    minutes = f"{stats.today_minutes:.0f}"
    done = ngettext("{done} of {target} break", "{done} of {target} breaks", stats.target)
    done = done.format(done=stats.today_done, target=stats.target)
    more = (
        _("{done} · target met").format(done=done)
        if left <= 0
        else _("{done} · {left} to go").format(done=done, left=left)
    )
    met = sum(d.completed >= stats.target for d in stats.days)
    in_all = ngettext(
        "target met on {met} of {count} days.\n{breaks}, {minutes} min in all",
        "target met on {met} of {count} days.\n{breaks}, {minutes} min in all",
        period,
    ).format(
        met=met,
        count=period,
        breaks=breaks_text(stats.period_completed),
        minutes=f"{stats.period_minutes:.0f}",
    )
    split = minutes_text(stats.minutes_by_kind) if len(stats.minutes_by_kind) > 1 else ""
    percent = percent_text(stats.adherence)
    return HistoryWords(
        summary=ngettext(
            "Today: {count} break done, {minutes} min in breaks",
            "Today: {count} breaks done, {minutes} min in breaks",
            stats.today_done,
        ).format(count=stats.today_done, minutes=minutes),
        today=more + "\n" + _("{minutes} min in breaks today").format(minutes=minutes),
        streak=days_text(stats.current_streak),
        streak_said=_("Current streak: {days}").format(days=days_text(stats.current_streak)),
        streak_text=_("in a row with {target}+ breaks.\nBest: {days}.").format(
            target=stats.target, days=days_text(stats.best_streak)
        ),
        period_heading=ngettext("Last {count} days", "Last {count} days", period).format(
            count=period
        ),
        percent=percent,
        percent_said=ngettext(
            "Target met on {percent} of the last {count} days",
            "Target met on {percent} of the last {count} days",
            period,
        ).format(percent=percent, count=period),
        period_text=(
            _("{summary}:\n{split}.").format(summary=in_all, split=split)
            if split
            else _("{summary}.").format(summary=in_all)
        ),
        bars_heading=ngettext(
            "Breaks per day, last {count} days", "Breaks per day, last {count} days", period
        ).format(count=period),
    )


def tally_lines(done: int | None, target: int, streak: int | None) -> list[str]:
    """The finish page's tally: today's breaks against the daily target (None: the log
    could not say), then the streak of days that met it, when there is one (or is known)."""
    lines = []
    if done is not None:
        if done >= target:
            today = ngettext(
                "Today: {done} of {target} breaks · target met",
                "Today: {done} of {target} breaks · target met",
                target,
            )
        else:
            today = ngettext(
                "Today: {done} of {target} breaks", "Today: {done} of {target} breaks", target
            )
        lines.append(today.format(done=done, target=target))
    if streak:
        lines.append(
            ngettext(
                "Streak: {count} day in a row", "Streak: {count} days in a row", streak
            ).format(count=streak)
        )
    return lines
