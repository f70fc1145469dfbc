"""Where a break's prompt and player are made: in the window process when the app has one
(ui/break_remote.py stands in for them here), else in the app itself. Either way the shell
connects the same signals to the reminder engine.

In the app they stay for full-screen breaks (their covers must stack with them), where the
process cannot start, and in tests that drive the widgets directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backbreak.core import agenda_model as a
from backbreak.core.care import RED_FLAG_ON
from backbreak.core.settings import CHECKIN, REDUCE_MOTION
from backbreak.ui.break_remote import RemotePlayer, RemotePrompt

if TYPE_CHECKING:
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt
    from backbreak.ui.shell import Shell


def in_process(shell: Shell) -> bool:
    """Whether a new break's windows go to the window process."""
    process = shell.window_process
    return process is not None and not process.broken and not shell.state.rules.mode.full_screen


def prompt_here(shell: Shell) -> BreakPrompt:
    from backbreak.ui.prompt import BreakPrompt

    shell.theme_windows()
    return BreakPrompt(clock=shell.clock)


def make_prompt(shell: Shell) -> BreakPrompt | RemotePrompt:
    process = shell.window_process
    prompt: BreakPrompt | RemotePrompt
    if process is not None and in_process(shell):
        prompt = RemotePrompt(process, lambda: prompt_here(shell))
    else:
        prompt = prompt_here(shell)
    for signal, answer in (
        (prompt.start_requested, a.Answer.START),
        (prompt.snooze_requested, a.Answer.SNOOZE),
        (prompt.skip_requested, a.Answer.SKIP),
        (prompt.other_requested, a.Answer.OTHER),
        (prompt.dismissed, a.Answer.DISMISS),
        (prompt.escaped, a.Answer.ESCAPE),
    ):
        signal.connect(lambda choice=answer: shell.dispatch(a.Answered(choice)))
    return prompt


def player_here(shell: Shell) -> RoutinePlayer:
    from backbreak.ui.player import RoutinePlayer

    shell.theme_windows()
    player = RoutinePlayer(shell.clock)
    player.size_file = shell.paths.cache_dir / "player-size"
    player.safety_requested.connect(lambda: shell.windows.show_safety())
    player.finish_details = shell.finish_details
    player.pacer.reduce_motion = shell.store.current[REDUCE_MOTION]
    player.checkin_enabled = shell.store.current[CHECKIN]
    player.red_flag_enabled = shell.store.current[RED_FLAG_ON]
    return player


def make_player(shell: Shell) -> RoutinePlayer | RemotePlayer:
    process = shell.window_process
    player: RoutinePlayer | RemotePlayer
    if process is not None and in_process(shell):
        player = RemotePlayer(process, shell.clock, lambda: player_here(shell))
    else:
        player = player_here(shell)
    player.began.connect(lambda checkin: shell.dispatch(a.Began(checkin)))
    player.ended.connect(shell.session_ended)
    player.cancelled.connect(lambda: shell.dispatch(a.Cancelled()))
    player.checkin_after_given.connect(lambda v: shell.dispatch(a.CheckinAfter(v)))
    player.felt.connect(lambda word: shell.dispatch(a.Felt(word)))
    player.red_flag.connect(
        lambda rid, before: shell.dispatch(a.RedFlag(shell.library.get(rid), before))
    )
    player.step_started.connect(shell.step_started)
    player.hidden_running.connect(shell.refresh)
    return player


def local_player(player: RoutinePlayer | RemotePlayer | None) -> RoutinePlayer | None:
    """The player widget in the app, if the break plays here."""
    return player.local if isinstance(player, RemotePlayer) else player


def local_prompt(prompt: BreakPrompt | RemotePrompt | None) -> BreakPrompt | None:
    return prompt.local if isinstance(prompt, RemotePrompt) else prompt


def idle_prompt(prompt: BreakPrompt | RemotePrompt) -> bool:
    """Asks nothing and shows nothing: it may be let go and made again."""
    return not prompt.asking and not prompt.isVisible()


def idle_player(player: RoutinePlayer | RemotePlayer) -> bool:
    return not (player.playing or player.preparing or player.isVisible())


def stale_prompt(shell: Shell, prompt: BreakPrompt | RemotePrompt) -> bool:
    """Made for the other place (full-screen breaks turned on or off since) and idle: it is
    made again."""
    moved = isinstance(prompt, RemotePrompt) != in_process(shell)
    return moved and idle_prompt(prompt)


def stale_player(shell: Shell, player: RoutinePlayer | RemotePlayer) -> bool:
    moved = isinstance(player, RemotePlayer) != in_process(shell)
    return moved and idle_player(player)
