"""`--account`: list, add, rename, remove the accounts and choose the primary one.

    --account list
    --account add [NAME] --folder [DIR] | --token [-] | --claude-code
    --account rename [NAME [NEW]]
    --account remove [NAME]
    --account primary NAME
    --account token NAME [-]

The menu's Accounts items run these with no more than an account's id; what is
missing (which account, a folder, a name, a token) is asked for in a dialog. To
remove an account, choosing it in that dialog is the confirmation.
"""

from __future__ import annotations

import os

from ..accounts import (
    chosen,
    default_account,
    folder_account,
    forget_numbers,
    manual_account,
    renamed,
    used_ids,
    with_account,
    without_account,
)
from ..core.errors import UsageError
from ..core.record import replace
from ..settings import save_settings, settled_settings
from . import Outcome, said

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from ..settings import Settings

USAGE = "--account takes list, add, rename, remove, primary or token (see --help)"
KINDS = ("--folder", "--token", "--claude-code")
REMOVE_PROMPT = "Remove which account? Its numbers and any token you pasted for it go too."


def account(run: Run, value: tuple[str, ...] | str | None) -> Outcome:
    """Run one `--account` verb."""
    words = (value,) if isinstance(value, str) else tuple(value or ())
    verb, rest = (words[0], words[1:]) if words else ("", ())
    settings = settled_settings(run.data_dir, run.cache_dir)
    if verb == "list" and not rest:
        return Outcome(0, out=_listing(run, settings))
    if verb == "add":
        return _add(run, settings, rest)
    if verb in ("rename", "remove") and not rest:
        prompt = "Rename which account?" if verb == "rename" else REMOVE_PROMPT
        picked = _pick(run, settings, prompt)
        if picked is None:
            return said(False, "Cancelled: nothing changed")
        rest = (picked,)
    if verb == "rename" and len(rest) in (1, 2):
        return _rename(run, settings, rest[0], rest[1] if len(rest) == 2 else None)
    if verb == "remove" and len(rest) == 1:
        return _remove(run, settings, rest[0])
    if verb == "primary" and len(rest) == 1:
        target = chosen(settings, rest[0])
        save_settings(run.data_dir, replace(settings, primary=target.id))
        return said(True, f"Primary account: {target.label}")
    if verb == "token" and len(rest) in (1, 2):
        return _token(run, settings, rest[0], rest[1] if len(rest) == 2 else None)
    raise UsageError(USAGE)


def _listing(run: Run, settings: Settings) -> str:
    """One line per account: a mark for the primary, its name, id and where its token is."""
    lines = []
    for each in settings.ordered:
        mark = "*" if each.id == settings.primary else " "
        where = "manual token (keyring)" if each.user_set else "Claude Code"
        if each.config_dir:
            where = f"Claude Code, CLAUDE_CONFIG_DIR={each.config_dir}"
        lines.append(f"{mark} {each.label}  [{each.id}]  {where}")
    return "\n".join(lines) + "\n"


def _add(run: Run, settings: Settings, words: tuple[str, ...]) -> Outcome:
    kind = next((w for w in words if w in KINDS), None)
    at = words.index(kind) if kind else -1
    name, after = (words[:at], words[at + 1 :]) if kind else (words, ())
    if kind is None or len(name) > 1 or len(after) > 1:
        raise UsageError("--account add takes [NAME] --folder [DIR], --token [-] or --claude-code")
    given = name[0] if name else None
    if kind == "--claude-code" and not after:
        added = default_account(settings, given)
        return _saved(run, with_account(settings, added), f"Added {added.label}: Claude Code")
    if kind == "--token":
        new = manual_account(settings, given, used_ids(run.cache_dir))
        from .token import keep_token  # keyring and the check: only this verb pays for them

        return keep_token(
            run, after[0] if after else None, new, with_account(settings, new), f"added {new.label}"
        )
    if kind != "--folder":
        raise UsageError("--claude-code takes no more")
    folder = after[0] if after else _ask(run, "Claude Code folder (its CLAUDE_CONFIG_DIR)", "~/")
    if folder is None:
        return said(False, "Cancelled: nothing changed")
    path = _folder(run, settings, folder)
    added = folder_account(settings, path, given)
    return _saved(run, with_account(settings, added), f"Added {added.label}: {path}")


def _folder(run: Run, settings: Settings, typed: str) -> str:
    """The absolute folder `typed` names, as Claude Code hashes it; UsageError unless it exists."""
    home = run.env.get("HOME") or os.path.expanduser("~")
    path = typed.strip()
    path = home + path[1:] if path == "~" or path.startswith("~/") else path
    path = os.path.normpath(os.path.join(home, path))
    if not os.path.isdir(path):
        raise UsageError(f"no folder {path}: run Claude Code with CLAUDE_CONFIG_DIR={path} first")
    real = os.path.realpath(path)  # a link or another spelling is the same sign-in
    if real == os.path.realpath(os.path.join(home, ".claude")):
        raise UsageError(f"{path} is Claude Code's own folder: add it with --claude-code")
    if real == os.path.realpath(run.env.get("CLAUDE_CONFIG_DIR") or "/"):
        # The Claude Code account reads the folder this variable names: twice the requests.
        raise UsageError(f"{path} is already what Claude Code's account reads (CLAUDE_CONFIG_DIR)")
    for account in settings.accounts:
        if account.config_dir and os.path.realpath(account.config_dir) == real:
            raise UsageError(f"{path} is already the account {account.label}")
    return path


def _rename(run: Run, settings: Settings, ident: str, name: str | None) -> Outcome:
    target = chosen(settings, ident)
    name = name if name is not None else _ask(run, f"A new name for {target.label}", target.label)
    if name is None:
        return said(False, "Cancelled: nothing changed")
    updated = renamed(settings, target, name)
    return _saved(run, updated, f"Renamed {target.label} to {chosen(updated, target.id).label}")


def _remove(run: Run, settings: Settings, ident: str) -> Outcome:
    target = chosen(settings, ident)
    updated = without_account(settings, target)
    if target.user_set:
        from ..sources.manual import forget_token  # keyring: only removing a token pays for it

        forget_token(target)
    save_settings(run.data_dir, updated)
    forget_numbers(run.cache_dir, target.id)
    return said(True, f"Removed {target.label}; primary: {updated.main.label}")


def _token(run: Run, settings: Settings, ident: str, value: str | None) -> Outcome:
    target = chosen(settings, ident)
    if not target.user_set:
        raise UsageError(f"{target.label} reads Claude Code's sign-in: it takes no token")
    from .token import keep_token  # keyring and the check: only this verb pays for them

    return keep_token(run, value, target, settings, f"for {target.label}")


def _saved(run: Run, settings: Settings, message: str) -> Outcome:
    save_settings(run.data_dir, settings)
    return said(True, message)


def _pick(run: Run, settings: Settings, prompt: str) -> str | None:
    """The id of the account the user picks in a dialog, by its name; None when cancelled."""
    from ..system.dialog import ask_choice  # subprocess: only a click that asks pays for it

    names = {a.label: a.id for a in settings.accounts}
    picked = ask_choice(
        run.env, prompt, list(names), platform=run.platform, interactive=run.interactive
    )
    return names.get(picked or "")


def _ask(run: Run, prompt: str, first: str) -> str | None:
    from ..system.dialog import ask_text  # subprocess: only a click that asks pays for it

    return ask_text(run.env, prompt, first, platform=run.platform, interactive=run.interactive)
