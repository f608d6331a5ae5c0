"""Learns who an account is, for its section's heading: "alice@example.com · Max 20x".

Claude Code's own sign-ins name their email in `.claude.json`, read offline
(hourly), and their plan in the credentials each fetch reads anyway (see
fetching). A pasted token says nothing about itself, so its identity is asked of
the profile endpoint, at most once a day whatever the answer, and only when the
account's budget has a request to spare beyond those kept for the user's clicks.
That request is recorded before it is sent, like every other; a 429 there is
recorded like any other 429, so no request follows it before its wait is over.
"""

from __future__ import annotations

import os

from .core.budget import CLICK_RESERVE, level_at
from .core.errors import ClaudeUsageError, RateLimited
from .core.identity import Identity, profile_identity
from .core.record import replace
from .core.state import Failure, UsageState, rate_limited, spent
from .store import update_state
from .system.claude_json import claude_json_path, read_email

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from .context import Run
    from .sources import TokenSource

KEPT_S = 24 * 3600  # a pasted token's identity is asked for once a day, whatever came of it
OFFLINE_KEPT_S = 3600  # Claude Code's files are read again hourly: a new sign-in shows soon


def identity_due(state: UsageState, account: TokenSource, now: float) -> bool:
    """Whether it is time to learn the account's identity again (a failed try counts too)."""
    at = state.identity.checked_at
    kept = KEPT_S if account.user_set else OFFLINE_KEPT_S
    return at is None or not 0 <= now - at < kept


def identify(run: Run, account: TokenSource, state: UsageState) -> UsageState:
    """`state` with the account's identity brought up to date, and saved; `state` if it can't be.

    Claude Code's sign-ins are only ever read offline: its numbers need every request.
    """
    if not identity_due(state, account, run.now):
        return state
    if not account.user_set:
        email = _offline_email(run, account) or state.identity.email  # a file half-written
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
    tried = replace(before, checked_at=now)  # whatever comes of it: again in a day
    try:
        token = run.read_token(account)
        update_state(run.cache_dir, account.id, lambda s: spent(s, now), must_save=True)
        learnt = profile_identity(run.fetch_profile(token.value), now)
    except RateLimited as e:  # like any 429: the budget is gone, and clicks wait too
        failure, retry_after = Failure(e.kind, str(e), now), e.retry_after

        def waiting(s: UsageState) -> UsageState:
            return replace(rate_limited(s, failure, retry_after), identity=tried)

        return update_state(run.cache_dir, account.id, waiting)
    except ClaudeUsageError as e:  # no identity today; the numbers are what matter
        run.log(f"{account.id}: profile not read: {e}")
        learnt = None
    kept = learnt or tried
    return update_state(run.cache_dir, account.id, lambda s: replace(s, identity=kept))
