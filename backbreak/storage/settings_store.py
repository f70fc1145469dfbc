"""The one place the running app's settings live and change.

Settings flow one way: a writer (the dialog, `backbreak config set` via "reload") changes the
file, the store takes what the file then says and tells its subscribers which keys changed.
Nobody hands the store a whole Settings to save, so no window can write back a stale copy of
options it did not touch, and re-reading the file never rewrites it.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from backbreak.core.i18n import _
from backbreak.core.settings import OPTIONS, Option, Settings
from backbreak.storage.settings_file import (
    LoadedSettings,
    SettingsUnusableError,
    change_settings,
    invalid_values_notice,
    load_settings,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """What one reload or update changed: subscribers react to `keys`, not to every call."""

    keys: frozenset[str]
    """Option keys (`Option.key`) whose value differs between `before` and `after`."""
    before: Settings
    after: Settings


Subscriber = Callable[[SettingsChange], None]


Stamp = tuple[int, int, int, int] | None


def file_stamp(path: Path) -> Stamp:
    """What tells a changed file apart without reading it (modified, size, inode, device);
    None when it cannot be looked at (missing, unreadable folder)."""
    try:
        found = path.stat()
    except (OSError, ValueError):
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino, found.st_dev)


def changed_keys(before: Settings, after: Settings) -> frozenset[str]:
    """The options whose value differs, compared in file form: equal TOML means equal."""
    return frozenset(o.key for o in OPTIONS if o.dump(before[o]) != o.dump(after[o]))


class SettingsStore:
    """The current settings, the file they come from, and who wants to hear of changes.

    Qt-free and single-threaded: call it from the thread that owns the subscribers.
    """

    def __init__(self, path: Path, settings: Settings) -> None:
        self._path = path
        self._current = settings
        self._subscribers: dict[object, Subscriber] = {}
        self._seen = file_stamp(path)
        """The file as the store last read or wrote it: anything else is an edit."""

    @property
    def current(self) -> Settings:
        return self._current

    @property
    def path(self) -> Path:
        return self._path

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback` after every change. Returns a function that unsubscribes (safe to
        call twice); a window must call it when it closes, or the store keeps it alive."""
        token = object()
        self._subscribers[token] = callback

        def unsubscribe() -> None:
            self._subscribers.pop(token, None)

        return unsubscribe

    def reload(self, now: datetime) -> list[str]:
        """Take what the file says now; for "reload" after `backbreak config set`.

        Read-only: never writes, moves or backs up the file, because the file is what changed
        and rewriting it could undo an edit made meanwhile. A file that cannot be read or does
        not parse changes nothing: the notices say why. A missing file means the defaults.
        """
        return self._why_not_taken(self._read_again(now))

    def take_edit(self, now: datetime) -> list[str] | None:
        """The file as edited by hand (or by any program) since the store last read or wrote
        it, taken as `reload` takes it; None when it is as the store saw it (one stat, no
        read). Returns what to tell the user, once for each edit: why a file that changed
        could not be used (the settings stay as they were), or which values were not valid
        (their defaults are used, as at start)."""
        if file_stamp(self._path) == self._seen:
            return None
        loaded = self._read_again(now)
        if loaded.unusable or loaded.notices:
            return self._why_not_taken(loaded)
        said = invalid_values_notice(self._path, loaded.problems)
        return [said] if said else []

    def _why_not_taken(self, loaded: LoadedSettings) -> list[str]:
        """A running app keeps the settings it has (start-up's words say "the defaults")."""
        if loaded.unusable:
            return [
                _(
                    "The settings file {path} {why}. The settings from before stay until it is "
                    "fixed; the file was not changed."
                ).format(path=self._path, why=loaded.unusable)
            ]
        return list(loaded.notices)

    def _read_again(self, now: datetime) -> LoadedSettings:
        """Read the file (never write it) and take it, unless it could not be used."""
        self._seen = file_stamp(self._path)  # before reading: an edit meanwhile is a new one
        loaded = load_settings(self._path, now, read_only=True)
        if not (loaded.unusable or loaded.notices):
            self._take(loaded.settings)
        return loaded

    def update(self, changes: Mapping[Option[Any], Any], now: datetime) -> str | None:
        """Apply `changes` on top of what the file says now, save, notify.

        Only the given options are written, so an edit made meanwhile to any other key (by
        `backbreak config set`, or by hand) survives even when its "reload" has not arrived
        yet. Returns None when saved, else one line for the user: the changes then apply in
        memory until backbreak quits. A file that cannot be used is never overwritten: it may
        hold the user's half-finished edit.
        """
        try:
            changed = change_settings(self._path, changes, now)
            self._seen = file_stamp(self._path)  # our own write is no edit to take again
        except SettingsUnusableError as exc:
            self._take(self._current.replace(changes))
            return _(
                "Your changes apply until backbreak quits but were not saved: the settings "
                "file {path} {why}, so it was left as it is. To save "
                "settings again, fix it in a text editor or run `backbreak config reset "
                "--all` (it keeps a copy)."
            ).format(path=self._path, why=exc)
        except OSError as exc:
            self._take(load_settings(self._path, now, read_only=True).settings.replace(changes))
            return _(
                "The settings could not be saved to {path}: {error}. "
                "They apply until backbreak quits."
            ).format(path=self._path, error=exc.strerror or exc)
        self._take(changed.after)
        return None

    def _take(self, after: Settings) -> None:
        """Make `after` current and tell the subscribers, each on its own: one that fails is
        logged and the others still hear of the change."""
        before = self._current
        self._current = after  # even with no option changed: unknown keys may have
        keys = changed_keys(before, after)
        if not keys:
            return
        change = SettingsChange(keys, before, after)
        for token, callback in list(self._subscribers.items()):
            if token not in self._subscribers:  # unsubscribed by an earlier subscriber
                continue
            try:
                callback(change)
            except Exception:
                log.exception("a settings subscriber failed on %s", sorted(keys))


class WeakSubscription:
    """A window's tie to the store, outside the window and holding it only weakly: a Qt
    destroyed signal (which comes when the widget is gone) can still end it, and neither the
    store nor that signal keeps a closed window alive. Stopped, it can start again."""

    def __init__(self, store: SettingsStore, callback: Callable[[SettingsChange], None]) -> None:
        self._store = store
        self._callback = weakref.WeakMethod(callback)
        self._cancel: Callable[[], None] | None = None

    @property
    def active(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        if self._cancel is None:
            self._cancel = self._store.subscribe(self._deliver)

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    def _deliver(self, change: SettingsChange) -> None:
        callback = self._callback()
        if callback is None:  # the window is gone
            self.stop()
            return
        callback(change)
