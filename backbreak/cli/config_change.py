"""`backbreak config set|reset`: change the settings file the way the dialog does.

Values typed the way a shell passes them (45m, yes, 09:00-12:30,13:30-18:00) are read by the
option itself (`Option.read_text`, as the dialog reads its editors) and written by the one
settings writer (`storage.settings_file.change_settings`), so the CLI can never accept or
write what the app would not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from backbreak.cli.parser import printable, shown
from backbreak.core.i18n import _

if TYPE_CHECKING:
    from backbreak.cli.context import Context
    from backbreak.core.settings import Option


def cmd_config_set(ctx: Context, key: str, words: Sequence[str]) -> int:
    from backbreak.cli.config import settable

    option = settable(ctx, key)
    if option is None:
        return 2
    try:
        value = option.read_text(("," if option.is_list else " ").join(words))
    except ValueError as exc:
        said = _("{key}: {problem}. Nothing was changed.").format(
            key=option.key, problem=shown(str(exc), 200)
        )
        ctx.fail(f"{said}\n  {option.shown_help()}")
        return 1
    return _change(ctx, {option: value})


def cmd_config_reset(ctx: Context, key: str) -> int:
    from backbreak.cli.config import settable

    option = settable(ctx, key)
    if option is None:
        return 2
    return _change(ctx, {option: option.default})


def _unreadable(ctx: Context) -> str | None:
    """Why the settings file cannot be used, or None (a missing file is fine). Read the way
    the app reads it: one bounded reader, so a pipe, a BOM or a deep document behave alike."""
    from backbreak.storage.settings_file import load_settings

    return load_settings(ctx.paths.settings_file, ctx.now(), read_only=True).unusable or None


def _change(ctx: Context, changes: dict[Option[Any], Any]) -> int:
    """Write `changes` into the settings file (atomically) and tell a running app."""
    from backbreak.storage.settings_file import SettingsUnusableError, change_settings

    path = ctx.paths.settings_file
    try:
        changed = change_settings(path, changes, ctx.now())
    except SettingsUnusableError as exc:  # rewriting it would throw away what the user wrote
        ctx.fail(
            _(
                "the settings file {path} {why}, so nothing was changed. Fix it in a text "
                "editor, or run `backbreak config reset --all` to start afresh (it keeps a copy "
                "of the old file)"
            ).format(path=path, why=exc)
        )
        return 1
    except OSError as exc:
        ctx.fail(
            _("could not write {path}: {error}. Nothing was changed.").format(
                path=path, error=exc.strerror or exc
            )
        )
        return 1
    for option, value in changes.items():
        old, new = option.to_text(changed.before[option]), option.to_text(value)
        line = f"{option.key} = {new}"
        if option.dump(value) == option.dump(option.default):
            line += " " + _("(the default)")
        if old != new:
            line += "   " + _("(was {value})").format(value=old)
        ctx.say(line)
    keys = {o.key for o in changes}
    for problem in changed.problems:  # the file now holds the default the app was using
        if problem.severity == "error" and problem.key not in keys:
            ctx.fail(_("note: {problem}, which the file now holds").format(problem=problem))
    for problem in _warnings_about(ctx, keys):
        ctx.fail(_("warning: {problem}").format(problem=problem))
    _tell_running_app(ctx)
    return 0


def _warnings_about(ctx: Context, keys: set[str]) -> list[Any]:
    """What is saved but will not work as meant: a time zone this computer does not know, a
    routine id no routine has. Said now, not discovered weeks later."""
    from backbreak.cli.routines import load_routines
    from backbreak.core.settings_references import reference_problems
    from backbreak.storage.settings_file import load_settings

    saved = load_settings(ctx.paths.settings_file, ctx.now(), read_only=True)
    found = [*saved.problems, *reference_problems(saved.settings, load_routines(ctx).routines)]
    return [p for p in found if p.severity == "warning" and p.key in keys]


def _tell_running_app(ctx: Context) -> None:
    """A running backbreak re-reads the file at once; without one, say when it applies."""
    from backbreak.platform.ipc import request

    reply = request(str(ctx.paths.data_dir), "reload")
    if reply is None:
        print(_("saved; backbreak will use it when it starts"), file=ctx.out)
    elif not reply.ok:
        print(
            _(
                "saved, but the running backbreak did not take it ({why}); "
                "quit it and start it again to use it"
            ).format(why=printable(reply.text)),
            file=ctx.out,
        )
    else:
        print(
            _("saved; the running backbreak uses it now. {reply}").format(
                reply=printable(reply.text)
            ),
            file=ctx.out,
        )


def cmd_config_reset_all(ctx: Context, confirmed: bool) -> int:
    """Every option back to its default; keys backbreak does not know are kept, because
    they may belong to a newer version or be the user's own and change nothing here."""
    from backbreak.core.settings import Settings
    from backbreak.fs.atomic import backup_name
    from backbreak.storage.settings_file import load_settings, save_settings

    path = ctx.paths.settings_file
    if not path.exists():
        print(
            _(
                "Every option already has its default (there is no settings file yet; it "
                "will be {path})."
            ).format(path=path),
            file=ctx.out,
        )
        return 0
    broken = _unreadable(ctx)
    if not confirmed:
        if broken:
            question = _(
                "{path} {why}. This moves it aside (a copy is kept) and writes the defaults."
            ).format(path=path, why=broken)
        else:
            question = _(
                "This puts every option in {path} back to its default (keys backbreak "
                "does not know are kept)."
            ).format(path=path)
        if not ctx.ask(question, "reset"):  # not translated: the word the user types
            print(_("Nothing was changed."), file=ctx.out)
            return 1
    now = ctx.now()
    try:
        if broken:
            backup = backup_name(path, now, "corrupt")
            path.rename(backup)
            print(_("The old file was kept as {backup}.").format(backup=backup), file=ctx.out)
            fresh = Settings()
        else:
            fresh = Settings(unknown=load_settings(path, now, read_only=True).settings.unknown)
        save_settings(path, fresh)
    except OSError as exc:
        ctx.fail(_("could not write {path}: {error}").format(path=path, error=exc.strerror or exc))
        return 1
    print(_("Every option is back to its default."), file=ctx.out)
    _tell_running_app(ctx)
    return 0
