"""Requests to the running app's command table, as the socket delivers them."""

from __future__ import annotations

from typing import Any

from backbreak.platform.ipc import Reply, Request


def ask(shell: Any, command: str, **args: str) -> Reply:
    """What `backbreak COMMAND` gets back, without the socket in between."""
    from backbreak.ui import commands

    return commands.handle(shell, Request(command, args))
