"""The menu's footer: each account's age and state, Refresh, and the Accounts and Settings
submenus. Pure."""

from __future__ import annotations

from ..core.cadence import SCHEDULE, decide
from ..core.words import format_age, format_duration
from .launch import launch_params
from .markup import GREY
from .trend import CHART_MODES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..sources import TokenSource
    from .markup import Host
    from .view import AccountView, MenuView

USAGE_PAGE = "https://claude.ai/settings/usage"
TROUBLE = {  # a failure in a word or two, for an account's footer line
    "rate_limited": "rate limited",
    "token_expired": "sign-in expired",
    "token_rejected": "token refused",
    "no_token": "not signed in",
}


def footer_lines(view: MenuView, host: Host, now: float) -> list[str]:
    """Where the numbers came from and when, then what the user can do."""
    grey = host.color(GREY)
    lines = []
    if view.demo:
        lines.append(host.line("Demo data: no token, no network", color=grey))
    elif view.others:
        lines += [
            host.line(_account_state(part, now), color=grey, outside=True) for part in view.everyone
        ]
    elif view.state.snapshot is not None:
        age = format_age(now - view.state.snapshot.fetched_at)
        lines += [host.line(f"Updated {age}", color=grey), *_live_and_held(view, host, now)]
    lines += [host.line(note, color=grey, outside=True) for note in view.notes]
    if not view.others:
        who = " · ".join(filter(None, (view.account.label, view.identity)))
        lines.append(host.line(f"Account: {who}", color=grey, outside=True))
    return [
        *lines,
        action(host, view, "Refresh", "--refresh"),
        host.line("Open usage page…", href=USAGE_PAGE),
        host.line("Accounts"),
        *_accounts(view, host),
        host.line("Settings"),
        *_settings(view, host),
    ]


def _account_state(view: AccountView, now: float) -> str:
    """'work: updated 2m ago', with what is wrong when something is."""
    state, name = view.state, view.account.label
    failure = state.failure
    trouble = f" · ⚠ {TROUBLE.get(failure.kind, 'last try failed')}" if failure else ""
    if state.snapshot is None:
        return f"{name}: no numbers yet{trouble}"
    fresh = state.snapshot.fetched_at
    if state.fed_at is not None and state.fed_at > fresh:
        fresh = state.fed_at  # the status line's session and weekly figures
    return f"{name}: updated {format_age(now - fresh)}{trouble}"


def _accounts(view: MenuView, host: Host) -> list[str]:
    """The Accounts submenu: choose the primary, add, rename and remove accounts."""
    items = [
        account_action(host, view, _who(part), "primary", part.account, checked=not n, level=1)
        for n, part in enumerate(view.everyone)  # the primary first
    ]
    # Rename and Remove ask which account in a dialog: one item each, however many accounts,
    # and choosing the account to remove is the confirmation an accidental click lacks.
    items += [
        account_action(host, view, "Add Claude Code Folder…", "add", None, "--folder", level=1),
        account_action(host, view, "Add Token…", "add", None, "--token", level=1),
        account_action(host, view, "Rename Account…", "rename", None, level=1),
    ]
    if len(view.accounts) > 1:
        items.append(account_action(host, view, "Remove Account…", "remove", None, level=1))
    return items


def _who(view: AccountView) -> str:
    return " · ".join(filter(None, (view.account.label, view.identity)))


def _live_and_held(view: MenuView, host: Host, now: float) -> list[str]:
    """Where the freshest numbers came from, and a calm word when we hold back requests."""
    state, grey, lines = view.state, host.color(GREY), []
    snapshot = state.snapshot
    if state.fed_at is not None and snapshot is not None and state.fed_at > snapshot.fetched_at:
        age = format_age(now - state.fed_at)
        lines.append(host.line(f"Session and weekly {age}, from Claude Code", color=grey))
    decision = decide(state, now, SCHEDULE)
    if decision.held and decision.next_at is not None and state.failure is None:
        wait = format_duration(decision.next_at - now)
        lines.append(
            host.line(f"Next check in {wait}, within the API's request budget", color=grey)
        )
    return lines


def _settings(view: MenuView, host: Host) -> list[str]:
    """The Settings submenu. Its groups are told apart by their labels, not by separators:
    Argos puts every all-dash line in the top menu, and every host shows the same tree."""
    choices: list[tuple[str, bool | None, str, str | None]] = [
        ("Set Token…", None, "--set-token", None),
        ("Validate Token", None, "--validate", None),
        ("Forget Manual Token", None, "--forget-token", None),
        ("Notifications: On", view.notifications, "--notifications", "on"),
        ("Notifications: Off", not view.notifications, "--notifications", "off"),
        *(
            (f"Charts: {mode.title()}", view.charts == mode, "--charts", mode)
            for mode in CHART_MODES
        ),
    ]
    return [
        action(host, view, text, flag, value, checked=checked, level=1)
        for text, checked, flag, value in choices
    ]


def account_action(
    host: Host,
    view: MenuView,
    text: str,
    verb: str,
    account: TokenSource | None,
    *words: str,
    checked: bool | None = None,
    level: int = 0,
) -> str:
    """A line that runs `--account verb <account's id> words…`: ids are ours, never odd text."""
    named = (account.id,) if account is not None else ()
    return action(
        host,
        view,
        text,
        "--account",
        verb,
        *named,
        *words,
        checked=checked,
        level=level,
        outside=True,
    )


def action(
    host: Host,
    view: MenuView,
    text: str,
    flag: str,
    *values: str | None,
    checked: bool | None = None,
    level: int = 0,
    outside: bool = False,
) -> str:
    """A line that runs the plugin itself with `flag` in the background, then refreshes.

    `outside`: its text holds the user's own words (an account's name)."""
    trim = None
    if checked is not None and host.name != "swiftbar":
        text = f"{'✓' if checked else '   '} {text}"  # only SwiftBar draws a checkmark
        trim = "false"  # keep the blank that lines an unchecked item up with a checked one
    words = (flag, *(value for value in values if value is not None))
    return host.line(
        text,
        outside=outside,
        level=level,
        click=launch_params(view.plugin_path, *words),
        terminal="false",
        refresh=None if view.streaming else "true",  # it sees the change itself within seconds
        checked="true" if checked else None,
        trim=trim,
    )
