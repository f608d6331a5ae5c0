"""Changes to the accounts, one step at a time: add, rename, remove, choose the primary.

Each step takes the settings and returns new ones, or raises AccountProblem
with one line for the user; the commands load and save around it. A removed
account leaves its request budget behind (forget_numbers), and its id is never
given to another account (used_ids).
"""

from __future__ import annotations

import hashlib
import os

from .core.errors import ClaudeUsageError
from .core.naming import clean_name, folder_name, name_problem, numbered
from .core.record import replace
from .core.state import UsageState
from .pacing import trends_path
from .settings import MAX_ACCOUNTS, Settings
from .sources import CLAUDE_CODE, FOLDER_PREFIX, MANUAL, TokenSource, folder_source, manual_source
from .store import update_state

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Iterable

MANUAL_NAME = "Manual token"


class AccountProblem(ClaudeUsageError):
    """A change to the accounts that can't be made, in words for the user."""

    kind = "account"


def folder_id(folder: str) -> str:
    """The id of a config folder's account: like its Keychain item, a hash of the path."""
    return FOLDER_PREFIX + hashlib.sha256(folder.encode()).hexdigest()[:8]


def folder_account(settings: Settings, folder: str, name: str | None) -> TokenSource:
    """A new account for Claude Code run with CLAUDE_CONFIG_DIR=`folder` (an absolute path)."""
    ident = folder_id(folder)
    for account in settings.accounts:
        if account.id == ident:
            raise AccountProblem(f"{folder} is already the account {account.label}")
    taken = [a.label for a in settings.accounts]
    return folder_source(ident, _named(name, numbered(folder_name(folder), taken), taken), folder)


def manual_account(settings: Settings, name: str | None, used: Iterable[str] = ()) -> TokenSource:
    """A new account for a token the user pastes; the first keeps the keyring entry of before.

    `used`: ids that still have state (a removed account's budget): never given again, so a
    new account inherits no one's samples or history."""
    ids = {a.id for a in settings.accounts} | set(used)
    ident = next(
        i for i in (MANUAL.id, *(f"{MANUAL.id}-{n}" for n in range(2, 100))) if i not in ids
    )
    taken = [a.label for a in settings.accounts]
    return manual_source(ident, _named(name, numbered(MANUAL_NAME, taken), taken))


def default_account(settings: Settings, name: str | None) -> TokenSource:
    """Claude Code's own sign-in as an account again, after it was removed."""
    found = settings.by_id(CLAUDE_CODE.id)
    if found is not None:
        raise AccountProblem(f"Claude Code's sign-in is already the account {found.label}")
    taken = [a.label for a in settings.accounts]
    return replace(CLAUDE_CODE, label=_named(name, numbered(CLAUDE_CODE.label, taken), taken))


def with_account(settings: Settings, account: TokenSource) -> Settings:
    """`settings` with `account` added last."""
    if len(settings.accounts) >= MAX_ACCOUNTS:
        raise AccountProblem(f"at most {MAX_ACCOUNTS} accounts: remove one first")
    return replace(settings, accounts=(*settings.accounts, account))


def with_first_account(settings: Settings, account: TokenSource, *, unused: bool) -> Settings:
    """`settings` with `account` added and primary; in place of Claude Code's sign-in when that
    is the only account and `unused`: it never gave numbers (a first run, no Claude Code)."""
    alone = settings.accounts == (CLAUDE_CODE,)
    if unused and alone:
        return replace(settings, accounts=(account,), primary=account.id)
    return replace(with_account(settings, account), primary=account.id)


def forgotten(state: UsageState) -> UsageState:
    """A removed account's state: its numbers are nobody's now, but what the API's budget
    remembers of its token stays, so adding it again never asks into a 429."""
    kept = state.failure if state.failure and state.failure.kind == "rate_limited" else None
    return UsageState(
        failure=kept,
        retry_at=state.retry_at,
        rate_limit_streak=state.rate_limit_streak,
        budget=state.budget,
        asked_at=state.asked_at,
    )


def without_account(settings: Settings, account: TokenSource) -> Settings:
    """`settings` without `account`; the primary passes to the first one left."""
    left = tuple(a for a in settings.accounts if a.id != account.id)
    if not left:
        raise AccountProblem("the last account can't be removed: add another one first")
    primary = settings.primary if settings.primary != account.id else left[0].id
    return replace(settings, accounts=left, primary=primary)


def renamed(settings: Settings, account: TokenSource, name: str) -> Settings:
    """`settings` with `account` called `name`."""
    taken = [a.label for a in settings.accounts if a.id != account.id]
    new = _named(name, account.label, taken)
    accounts = tuple(replace(a, label=new) if a.id == account.id else a for a in settings.accounts)
    return replace(settings, accounts=accounts)


def chosen(settings: Settings, ident: str) -> TokenSource:
    """The account called `ident` (its name or id); AccountProblem when there is none."""
    account = settings.account(ident)
    if account is None:
        names = ", ".join(a.label for a in settings.accounts)
        raise AccountProblem(f"no account called {ident!r} (there are: {names})")
    return account


def _named(name: str | None, default: str, taken: list[str]) -> str:
    chosen_name = default if name is None else clean_name(name)
    problem = name_problem(chosen_name, taken)
    if problem:
        raise AccountProblem(problem)
    return chosen_name


def forget_numbers(cache_dir: str, ident: str) -> None:
    """A removed account's numbers and samples are nobody's now; its budget and any wait stay."""
    update_state(cache_dir, ident, forgotten)
    try:  # noqa: SIM105 - like every file we may find missing
        os.unlink(trends_path(cache_dir, ident))
    except OSError:
        pass


def used_ids(cache_dir: str) -> list[str]:
    """The ids that have a state file: taken, even when their account was removed."""
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return []
    return [n[6:-4] for n in names if n.startswith("usage-") and n.endswith(".dat")]
