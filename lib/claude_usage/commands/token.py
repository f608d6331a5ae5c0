"""Settings actions for the manual token: set it, check the token in use, forget it.

Run from the menu they have no terminal, so their outcome is also shown as a
notification (the cli does that). Failures exit non-zero.
"""

from __future__ import annotations

import sys

from ..core.cadence import CLICK, decide
from ..core.errors import ClaudeUsageError, RateLimited, TokenRejected, UsageError
from ..core.record import replace
from ..core.state import Failure, UsageState, rate_limited, spent, succeeded
from ..core.tokens import token_problem
from ..core.words import format_duration
from ..fetching import parse
from ..refresh import refreshed
from ..settings import Settings, save_settings, settled_settings
from ..sources import CLAUDE_CODE, MANUAL
from ..store import load_state, store_state, update_state
from . import Outcome, said

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from ..sources import TokenSource

REFUSED = ("token_rejected", "token_expired", "no_token")  # failures that condemn the token
UNCHECKED = "New token not checked yet: rate limited"  # until the next fetch allowed


def set_token(run: Run, value: str | None) -> Outcome:
    """Ask for a token, check it, and keep it and switch to it unless the API refuses it.

    It is the primary account's token when that one is pasted; else the manual
    account's, which is added if there is none, and becomes the primary.
    """
    settings = settled_settings(run.data_dir, run.cache_dir)
    main = settings.main
    account = main if main.user_set else settings.by_id(MANUAL.id)
    if account is None or not account.user_set:
        from ..accounts import manual_account, used_ids, with_first_account  # only this case

        account = manual_account(settings, None, used_ids(run.cache_dir))
        unused = load_state(run.cache_dir, CLAUDE_CODE.id).snapshot is None
        settings = with_first_account(settings, account, unused=unused)
    using = f"now using {'the manual token' if account.id == MANUAL.id else account.label}"
    return keep_token(run, value, account, replace(settings, primary=account.id), using)


def keep_token(
    run: Run, value: str | None, account: TokenSource, settings: Settings, using: str
) -> Outcome:
    """Ask for `account`'s token, check it, and keep it and `settings` unless the API refuses it.

    `using`: what the user is told follows, once the token is kept."""
    if value not in (None, "-"):
        # A token on the command line would show in `ps` and shell history.
        raise UsageError("pass the token on stdin with -, never as an argument")
    entered = _read_stdin(run) if value == "-" else _ask(run)
    if entered is None:
        return said(False, "Cancelled: nothing changed")
    token = entered.strip()
    problem = token_problem(token)
    if problem:
        return said(False, f"Token not saved: {problem}")
    # Before the check: a python without keyring spends no request on a token it can't keep.
    from ..sources.manual import store_token  # keyring: only token commands pay for it

    state = _checked_live(run, token, account.id)
    store_token(account, token)
    save_settings(run.data_dir, settings)
    store_state(run.cache_dir, account.id, state)  # the menu shows the new account's numbers
    if state.failure is not None:  # a 429, or one the budget foresees
        return _saved_unchecked(run, state, using)
    return said(True, f"Token saved to the keyring; {using}")


def _saved_unchecked(run: Run, state: UsageState, using: str) -> Outcome:
    wait = format_duration((decide(state, run.now, CLICK).next_at or run.now) - run.now)
    return said(
        True,
        "Token saved to the keyring, not checked yet: the API is rate limiting, "
        f"so the next fetch checks it (in {wait}); {using}",
    )


def validate(run: Run, _value: str | None) -> Outcome:
    """Check the token in use against the API, and say whether it works."""
    settings = settled_settings(run.data_dir, run.cache_dir)
    state, asked = refreshed(run, settings, settings.main, reason=CLICK)
    failure = state.failure
    if failure is not None:
        verdict = "invalid" if failure.kind in REFUSED else "not checked"
        return said(False, f"Token {verdict}: {failure.message}")
    if not asked:  # held back (the budget, a 429's wait, a disk that can't record a request)
        why = run.warnings[0] if run.warnings else "within the API's request budget, not now"
        return said(False, f"Token not checked: {why}")
    plan = run.read_token(settings.main).plan
    return said(True, f"Token valid{f' ({plan} plan)' if plan else ''}")


def forget(run: Run, _value: str | None) -> Outcome:
    """Delete the manual token, the primary's if it is one, and its account with it."""
    from ..accounts import forget_numbers  # only this command forgets
    from ..sources.manual import forget_token  # keyring: only token commands pay for it

    settings = settled_settings(run.data_dir, run.cache_dir)
    main = settings.main
    account = main if main.user_set else settings.by_id(MANUAL.id) or MANUAL
    existed = forget_token(account)
    forget_numbers(run.cache_dir, account.id)
    left = tuple(a for a in settings.accounts if a.id != account.id) or (CLAUDE_CODE,)
    primary = settings.primary if settings.primary in {a.id for a in left} else left[0].id
    settings = replace(settings, accounts=left, primary=primary)
    save_settings(run.data_dir, settings)
    if not existed:
        return said(True, "No manual token was stored")
    using = "Claude Code's sign-in" if primary == CLAUDE_CODE.id else settings.main.label
    return said(True, f"Manual token removed from the keyring; using {using}")


def _read_stdin(run: Run) -> str:
    if run.interactive:  # typed by hand: do not echo it
        import getpass  # it pulls in contextlib: the cached menu run must not pay for it

        return getpass.getpass("Token: ")
    return sys.stdin.read()


def _ask(run: Run) -> str | None:
    from ..system.dialog import ask_for_token  # subprocess: only this command pays for it

    return ask_for_token(run.env, platform=run.platform, interactive=run.interactive)


def _checked_live(run: Run, token: str, ident: str) -> UsageState:
    """The usage state the token gets from the API; raises with the reason when it fails.

    A rate limit is no verdict on the token: it is kept unchecked, and the next fetch
    allowed checks it. No request is spent into a 429 we know of, or one the budget foresees.
    """
    before = load_state(run.cache_dir, ident)
    kept = UsageState(budget=before.budget, rate_limit_streak=before.rate_limit_streak)
    decision = decide(before, run.now, CLICK)
    if not decision.fetch:
        unchecked = Failure("rate_limited", UNCHECKED, run.now)
        return replace(kept, failure=unchecked, retry_at=decision.next_at, source=ident)
    # Recorded before it is sent, like every request: whatever comes of it, it was spent.
    kept = spent(kept, run.now)
    update_state(run.cache_dir, ident, lambda state: spent(state, run.now), must_save=True)
    try:
        payload = run.fetch(token)
    except TokenRejected as e:
        raise TokenRejected(f"Token not saved: {e}", e.status) from e
    except RateLimited as e:
        unchecked = Failure(e.kind, UNCHECKED, run.now)
        return rate_limited(kept, unchecked, e.retry_after)
    except ClaudeUsageError as e:
        raise type(e)(f"Token not saved: couldn't check it ({e}); try again") from e
    return succeeded(kept, parse(payload, run.now), ident)
