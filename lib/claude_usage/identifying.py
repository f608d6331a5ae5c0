"""Learns who an account is, for its section's heading: "alice@example.com · Max 20x".

Claude Code's own sign-ins name their email in `.claude.json`, read offline, and
their plan in the credentials each fetch reads anyway (see fetching). A pasted
token says nothing about itself, so its identity is asked of the profile
endpoint, at most once a day, and only when the account's budget has a request
to spare beyond those kept for the user's clicks. That request is recorded before
it is sent, like every other; a 429 empties the budget and nothing is retried.
"""

from __future__ import annotations

import os

from .core.budget import CLICK_RESERVE, emptied, level_at
from .core.errors import ClaudeUsageError, RateLimited
from .core.identity import Identity, profile_identity
from .core.record import replace
from .core.state import UsageState, rate_limit_wait, spent
from .store import update_state
from .system.claude_json import claude_json_path, read_email

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from .context import Run
    from .sources import TokenSource

KEPT_S = 24 * 3600  # an identity learnt is good for a day: plans and emails rarely change


def identity_due(state: UsageState, now: float) -> bool:
    """Whether the account's identity is unknown, or known for longer than a day."""
    known = state.identity
    return not known.email or known.checked_at is None or not 0 <= now - known.checked_at < KEPT_S


def identify(run: Run, account: TokenSource, state: UsageState) -> UsageState:
    """`state` with the account's identity brought up to date, and saved; `state` if it can't be."""
    if not identity_due(state, run.now):
        return state
    email = "" if account.user_set else _offline_email(run, account)
    if email:
        learnt = Identity(email, state.identity.plan, run.now)
        return update_state(run.cache_dir, account.id, lambda s: replace(s, identity=learnt))
    if level_at(state.budget, run.now) < 1 + CLICK_RESERVE:
        return state  # not worth a request the numbers or the user's clicks will need
    return _asked(run, account, state)


def _offline_email(run: Run, account: TokenSource) -> str:
    home = run.env.get("HOME") or os.path.expanduser("~")
    folder = account.config_dir or run.env.get("CLAUDE_CONFIG_DIR")
    return read_email(claude_json_path(folder, home))


def _asked(run: Run, account: TokenSource, state: UsageState) -> UsageState:
    """Ask the profile endpoint, the request recorded first; the state it leaves, saved."""
    now, before = run.now, state.identity
    try:
        token = run.read_token(account)
        update_state(run.cache_dir, account.id, lambda s: spent(s, now), must_save=True)
        learnt = profile_identity(run.fetch_profile(token.value), now)
    except RateLimited as e:  # the budget is gone: wait as for any 429, and ask again tomorrow
        wait = now + rate_limit_wait(e.retry_after, 1)

        def waiting(s: UsageState) -> UsageState:
            held = replace(before, checked_at=now)
            return replace(s, budget=emptied(now), retry_at=wait, identity=held)

        return update_state(run.cache_dir, account.id, waiting)
    except ClaudeUsageError as e:  # no identity today; the numbers are what matter
        run.log(f"{account.id}: profile not read: {e}")
        learnt = None
    kept = learnt or replace(before, checked_at=now)
    return update_state(run.cache_dir, account.id, lambda s: replace(s, identity=kept))
