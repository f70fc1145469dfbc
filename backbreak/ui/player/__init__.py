"""The routine player window, a module per page (see `window` for the outcome signals)."""

from backbreak.ui.player.window import Page, RoutinePlayer

__all__ = ["Page", "RoutinePlayer"]
