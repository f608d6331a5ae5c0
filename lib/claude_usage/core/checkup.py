"""What --doctor judges: each fact as a finding, and for each problem its fix. Pure.

The shell gathers the facts (files, the token, the keyring); these rules say
what they mean. Nothing here sends a request or spends the API's budget.
"""

from __future__ import annotations

from .budget import CAPACITY, REFILL_EVERY_S, level_at
from .cadence import SCHEDULE, decide
from .record import Record
from .state import waiting_until
from .words import clock_time, format_age, format_duration

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from .state import UsageState

ANY_WRITE_BUT_OWNER = 0o022  # group or others may write: they could plant or swap our files
TOKEN_KINDS = ("no_token", "token_expired", "keyring_unavailable")  # judged live, with the token


class Finding(Record):
    """One line of the checkup, and when something is wrong, the problem and its fix."""

    label: str
    text: str
    problem: str = ""
    fix: str = ""


class Folder(Record):
    """What the shell saw of a folder; mode None when it does not exist yet."""

    path: str
    mode: int | None
    mine: bool = True
    writable: bool = True


def folder_finding(label: str, folder: Folder, quoted: str) -> Finding:
    """Whether a state folder is usable and private; `quoted` is its path quoted for a shell."""
    if folder.mode is None:
        return Finding(label, f"{folder.path}: not made yet (it is made 0700 when first needed)")
    text = f"{folder.path} (mode {folder.mode & 0o7777:04o})"
    if not folder.mine:
        return Finding(
            label,
            text,
            "it belongs to another user: its files could be read or changed by them",
            f'remove it, or take it back: sudo chown -R "$(id -un)" {quoted}',
        )
    if folder.mode & ANY_WRITE_BUT_OWNER:
        return Finding(label, text, "others may write in it", f"chmod 700 {quoted}")
    if not folder.writable:
        return Finding(
            label, text, "it is not writable: nothing can be kept", f"chmod u+rwx {quoted}"
        )
    return Finding(label, f"{text}: writable, yours alone to write in")


def expiry_text(expires_at: float | None, now: float) -> str:
    if expires_at is None:
        return "not known (a pasted token carries no date; --validate checks it)"
    when = clock_time(expires_at, now)
    if expires_at <= now:
        return f"expired {format_age(now - expires_at)} ({when})"
    return f"in {format_duration(expires_at - now)} ({when})"


def failure_fix(kind: str, user_set: bool, message: str = "") -> str:
    """What to do about a failure of `kind`; `user_set`: the token was pasted, not Claude Code's."""
    if kind == "no_token":
        if user_set:
            return "choose Settings ▸ Set Token…, or: claude_usage.1m.py --set-token - < token.txt"
        return "run `claude` in a terminal and /login (or set a manual token: --set-token)"
    if kind == "token_expired":
        return "open Claude Code (or run `claude`) to renew it; the plugin never renews it itself"
    if kind == "token_rejected":
        if "scope" in message:
            return "log in with `claude` (/login): a setup-token token can't read usage"
        if user_set:
            return "paste a new token: Settings ▸ Set Token…"
        return "open Claude Code (or run `claude`) and /login again"
    if kind == "keyring_unavailable":
        return "unlock the keyring (on Linux, run gnome-keyring), or: --token-source claude-code"
    if kind == "rate_limited":
        return "nothing: it waits as asked and tries again (Claude Code spends the same budget)"
    if kind == "api_unavailable":
        return "check the network, a VPN or HTTPS_PROXY; it tries again by itself"
    if kind == "unsafe_endpoint":
        return "unset CLAUDE_USAGE_API_URL, or make it https://"
    if kind == "internal":
        return "a bug: report it with the debug log's lines below"
    return "see the debug log below; Refresh tries again"


def state_findings(state: UsageState, now: float, user_set: bool) -> list[Finding]:
    """The last fetch, the last error and the next allowed request, from the stored state."""
    snapshot, failure = state.snapshot, state.failure
    fetched = "never"
    if snapshot is not None:
        fetched = (
            f"{format_age(now - snapshot.fetched_at)} ({clock_time(snapshot.fetched_at, now)})"
        )
    found = [Finding("last fetch", fetched)]
    if state.fed_at is not None:
        found.append(Finding("status-line feed", format_age(now - state.fed_at)))
    if failure is None:
        found.append(Finding("last error", "none"))
    elif failure.kind in TOKEN_KINDS:  # the token finding above says how it stands now
        found.append(Finding("last error", f"{failure.message} ({format_age(now - failure.at)})"))
    else:
        found.append(
            Finding(
                "last error",
                f"{failure.message} ({format_age(now - failure.at)})",
                f"the last attempt failed: {failure.message}",
                failure_fix(failure.kind, user_set, failure.message),
            )
        )
    return [*found, Finding("next request", next_request(state, now))]


def next_request(state: UsageState, now: float) -> str:
    """When the plugin may ask next, and why not sooner, with what the budget holds."""
    level = level_at(state.budget, now)
    budget = f"{level:.0f} of {CAPACITY} requests in hand, one more every {REFILL_EVERY_S // 60}m"
    decision = decide(state, now, SCHEDULE)
    if decision.fetch or decision.next_at is None or decision.next_at <= now:
        return f"allowed now; {budget}"
    wait = f"in {format_duration(decision.next_at - now)}"
    if waiting_until(state, now) is not None:
        why = "waiting after the last failure"
    elif decision.held:
        why = "held to stay within the API's budget"
    else:
        why = "the numbers are fresh enough until then"
    return f"{wait} ({why}); {budget}"
