"""Renders the menu: the menu-bar title and the dropdown, as lines. Pure: prints nothing."""

from __future__ import annotations

import time

from .countdown import describe_reset, format_age, format_duration
from .markup import Color, Host
from .model import SESSION, WEEKLY, WEEKLY_SCOPED, ExtraUsage, Limit, Snapshot
from .record import Record
from .state import UsageState

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .countdown import LocalTime

BLUE = Color("#007AFF", "#0A84FF")
YELLOW = Color("#9A7B00", "#FFD60A")  # systemYellow is unreadable on a light menu
ORANGE = Color("#C93400", "#FF9F0A")
RED = Color("#D70015", "#FF453A")
GREY = Color("#6E6E73", "#98989D")
BAR_CELLS = 20
STALE_AFTER_S = 10 * 60  # past this, numbers shown after a failure get a ⚠ in the title
USAGE_PAGE = "https://claude.ai/settings/usage"
SOURCE_LABELS = {"claude-code": "Claude Code", "manual": "Manual token (keyring)"}
SHORT_NAMES = {SESSION: "session", WEEKLY: "weekly"}


class MenuView(Record):
    """Everything the menu shows, gathered by the shell."""

    state: UsageState
    plugin_path: str
    token_source: str = "claude-code"
    notifications: bool = True
    demo: bool = False


def level_color(percent: float) -> Color:
    """Blue below 50 %, yellow to 80, orange to 95, red from there."""
    if percent < 50:
        return BLUE
    if percent < 80:
        return YELLOW
    return ORANGE if percent < 95 else RED


def shown_percent(percent: float) -> int:
    """The whole number shown; never rounds up to 100 % before the limit is really hit."""
    whole = round(percent)
    return min(whole, 99) if percent < 100 else whole


def usage_bar(percent: float) -> str:
    """A monospace bar of BAR_CELLS cells."""
    filled = min(BAR_CELLS, max(0, round(percent / 100 * BAR_CELLS)))
    return "█" * filled + "░" * (BAR_CELLS - filled)


def render_menu(
    view: MenuView, host: Host, *, now: float, localtime: LocalTime = time.localtime
) -> list[str]:
    """All lines of the plugin's output."""
    snapshot = view.state.snapshot
    lines = [render_title(view, host, now=now), "---"]
    lines += _failure_lines(view, host, now)
    if snapshot is None and view.state.failure is None:
        lines.append(
            host.line("Fetching your usage… choose Refresh if this stays", color=host.color(GREY))
        )
    elif snapshot is not None and not snapshot.limits:
        lines.append(host.line("No limits reported for this account", color=host.color(GREY)))
    for limit in snapshot.limits if snapshot else ():
        lines += _limit_block(limit, host, now, localtime)
    if snapshot and snapshot.extra:
        lines += ["---", *_extra_block(snapshot.extra, host)]
    return [*lines, "---", *_footer(view, host, now)]


def render_title(view: MenuView, host: Host, *, now: float) -> str:
    """The menu-bar text: session percentage, or what blocks the user."""
    state, snapshot = view.state, view.state.snapshot
    if snapshot is None or not snapshot.limits:
        glyph = "◌" if state.failure is None or state.failure.kind == "no_token" else "⚠"
        return host.line(f"{glyph} Claude")
    blocking = [lim for lim in snapshot.limits if _blocks(lim, now)]
    everything = [lim for lim in blocking if lim.kind in SHORT_NAMES]
    if everything:
        wall = max(everything, key=lambda lim: lim.resets_at or float("inf"))
        wait = f" · {format_duration(wall.resets_at - now)}" if wall.resets_at else ""
        return host.line(f"⛔ {SHORT_NAMES[wall.kind]}{wait}", color=host.color(RED))
    main = next((lim for lim in snapshot.limits if lim.kind == SESSION), snapshot.limits[0])
    text = f"{_glyph(main.percent)} {shown_percent(main.percent)}%"
    loudest = max(snapshot.limits, key=lambda lim: lim.percent)
    if blocking:
        text += f" · ⛔ {_short(blocking[0])}"
    elif loudest.percent >= 80 and loudest.percent > main.percent:
        text += f" · {_short(loudest)} {shown_percent(loudest.percent)}%"
    if _looks_stale(state, now):
        text += " ⚠"
    peak = max(main.percent, loudest.percent, 100 if blocking else 0)
    named = blocking[0] if blocking else loudest
    return host.line(
        text,
        outside=named.kind == WEEKLY_SCOPED,  # a model name from the API may be in the title
        color=host.color(level_color(peak)) if peak >= 80 else None,
    )


def _limit_block(limit: Limit, host: Host, now: float, localtime: LocalTime) -> list[str]:
    reset = describe_reset(limit.resets_at, now, localtime=localtime)
    heading = f"{limit.title} · {reset}" if reset else limit.title
    figure = f"{usage_bar(limit.percent)}  {shown_percent(limit.percent)}% used"
    color = host.color(level_color(limit.percent))
    return [
        host.line(heading, outside=limit.kind not in SHORT_NAMES),
        host.line(figure, font=host.monospace, size=12, color=color),
    ]


def _extra_block(extra: ExtraUsage, host: Host) -> list[str]:
    spent = _money(extra.used_cents, extra.currency)
    if extra.limit_cents is None:
        return [host.line("Extra usage · uncapped"), host.line(f"{spent} spent this month")]
    percent = 100 * extra.used_cents / extra.limit_cents if extra.limit_cents else 100.0
    figure = f"{usage_bar(percent)}  {spent} / {_money(extra.limit_cents, extra.currency)}"
    return [
        host.line("Extra usage this month"),
        host.line(figure, font=host.monospace, size=12, color=host.color(level_color(percent))),
    ]


def _failure_lines(view: MenuView, host: Host, now: float) -> list[str]:
    """What went wrong, in one line, and what the user can do about it."""
    failure = view.state.failure
    if failure is None:
        return []
    if failure.kind == "rate_limited":
        retry_at = view.state.retry_at or now
        wait = format_duration(retry_at - now) if retry_at > now else ""
        text = f"Rate limited, retrying in {wait}" if wait else "Rate limited, retrying now"
    else:
        text = failure.message
    lines = [host.line(f"⚠ {text}", outside=True, color=host.color(ORANGE))]
    return lines + _remedy(view, host, failure.kind)


def _remedy(view: MenuView, host: Host, kind: str) -> list[str]:
    grey = host.color(GREY)
    if kind == "no_token" and view.token_source == "claude-code":
        return [
            host.line("Sign in: run `claude` in Terminal, then /login", color=grey),
            host.line("Or paste a token under Settings ▸ Set Token…", color=grey),
        ]
    if kind in ("no_token", "token_rejected") and view.token_source == "manual":
        return [_action(host, view, "Set Token…", "--set-token")]
    if kind == "token_expired":
        return [host.line("Open Claude Code (or run `claude`) to renew it", color=grey)]
    if kind == "token_rejected":
        return [host.line("Open Claude Code (or run `claude`) to sign in again", color=grey)]
    return []


def _footer(view: MenuView, host: Host, now: float) -> list[str]:
    grey = host.color(GREY)
    snapshot: Snapshot | None = view.state.snapshot
    lines = []
    if view.demo:
        lines.append(host.line("Demo data: no token, no network", color=grey))
    elif snapshot is not None:
        lines.append(host.line(f"Updated {format_age(now - snapshot.fetched_at)}", color=grey))
    lines.append(host.line(f"Token: {SOURCE_LABELS.get(view.token_source, '?')}", color=grey))
    lines += [
        _action(host, view, "Refresh", "--refresh"),
        host.line("Open usage page…", href=USAGE_PAGE),
        host.line("Settings"),
        *_settings(view, host),
    ]
    return lines


def _settings(view: MenuView, host: Host) -> list[str]:
    choices = [
        (
            "Token source: Claude Code",
            view.token_source == "claude-code",
            "--token-source",
            "claude-code",
        ),
        ("Token source: Manual", view.token_source == "manual", "--token-source", "manual"),
        None,
        ("Set Token…", None, "--set-token", None),
        ("Validate Token", None, "--validate", None),
        ("Forget Manual Token", None, "--forget-token", None),
        None,
        ("Notifications: On", view.notifications, "--notifications", "on"),
        ("Notifications: Off", not view.notifications, "--notifications", "off"),
    ]
    lines = []
    for choice in choices:
        if choice is None:
            lines.append("-----")
            continue
        text, checked, flag, value = choice
        lines.append(_action(host, view, text, flag, value, checked=checked, level=1))
    return lines


def _action(
    host: Host,
    view: MenuView,
    text: str,
    flag: str,
    value: str | None = None,
    *,
    checked: bool | None = None,
    level: int = 0,
) -> str:
    """A line that runs the plugin itself with `flag` in the background, then refreshes."""
    trim = None
    if checked is not None and host.name != "swiftbar":
        text = f"{'✓' if checked else '   '} {text}"  # only SwiftBar draws a checkmark
        trim = "false"  # keep the blank that lines an unchecked item up with a checked one
    return host.line(
        text,
        level=level,
        bash=view.plugin_path,
        param1=flag,
        param2=value,
        terminal="false",
        refresh="true",
        checked="true" if checked else None,
        trim=trim,
    )


def _blocks(limit: Limit, now: float) -> bool:
    return limit.percent >= 100 and (limit.resets_at is None or limit.resets_at > now)


def _short(limit: Limit) -> str:
    return SHORT_NAMES.get(limit.kind) or limit.title.replace(" only", "")


def _glyph(percent: float) -> str:
    return "○◔◑◕●"[min(4, max(0, int(percent // 25)))]


def _looks_stale(state: UsageState, now: float) -> bool:
    failure, snapshot = state.failure, state.snapshot
    if failure is None or snapshot is None:
        return False
    return failure.needs_user or now - snapshot.fetched_at > STALE_AFTER_S


def _money(cents: float, currency: str) -> str:
    amount = f"{cents / 100:,.2f}"
    return f"${amount}" if currency == "USD" else f"{amount} {currency}"
