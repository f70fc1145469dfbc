"""What the tray icon, its menu and the status window show of the engine's state, and what
a second launch brings up. Split from the shell (ui/shell.py), whose public face it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backbreak.core.status import SessionLeft, StatusView, status
from backbreak.ui.break_remote import RemotePlayer
from backbreak.ui.break_windows import local_player

if TYPE_CHECKING:
    from backbreak.ui.shell import Shell


def status_view(shell: Shell) -> StatusView:
    return status(shell.state, shell.clock.now(), shell.local_zone.tz, session_left(shell))


def refresh(shell: Shell) -> None:
    """The icon, the tooltip, the menu's switches and the status window, as things are now."""
    view = status_view(shell)
    menu, built = shell.menu, shell.built()
    menu.set_paused(view.paused)
    menu.set_in_meeting(view.in_meeting)
    player = built.player
    menu.set_session_hidden(view.in_break and player is not None and not player.isVisible())
    menu.refresh()
    session = shell.state.session
    made = shell.windows_made
    if (session is None or session.asked is None) and made is not None:
        made.drop_replace_question()
    shell.cover_screens()
    if built.status_window is not None:
        built.status_window.refresh(view.text)
    if shell.tray is not None:
        shell.tray.update(view.icon, f"backbreak\n{view.text}")


def session_left(shell: Shell) -> SessionLeft | None:
    """The playing step's title, and what is left of it and of the session (the tray)."""
    played = shell.built().player
    if isinstance(played, RemotePlayer) and played.local is None:
        return played.session_left()
    player = local_player(played)
    if player is None or player.state is None or not player.playing:
        return None
    left = player.time_left()
    step = player.state.step_remaining(shell.clock.now())
    return None if left is None else (player.state.step.title, step, left)


def show_main_window(shell: Shell) -> None:
    """What a second launch asks for: the prompt if a break waits, the player if one plays
    (even hidden), else the status window."""
    player = shell.built().player
    if shell.state.pending is not None:
        shell.prompt.bring_up()
    elif shell.state.session is not None and player is not None:
        player.show_window()
    else:
        refresh(shell)
        window = shell.status_window
        window.showNormal()
        window.raise_()
        window.activateWindow()
