"""The routine player window, a module per page (see `window` for the outcome signals)."""

from backbreak.ui.player.pages import Page
from backbreak.ui.player.window import RoutinePlayer

__all__ = ["Page", "RoutinePlayer"]
