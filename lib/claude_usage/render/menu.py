"""Renders the whole menu: the title, each account's limits, extra usage and failures, the footer.

Pure. One account reads as ever; several get a section each, headed by the
account's name and who it is. Past FOLD_AFTER accounts, all but the primary fold
into a submenu each, so the menu stays short enough to read at a glance.
"""

from __future__ import annotations

import time

from ..core.model import reset_passed
from ..core.state import waiting_until
from ..core.words import describe_reset, format_age, format_duration, shown_percent
from .footer import account_action, action, footer_lines
from .markup import GREY, ORANGE, glyph, level_color, usage_bar
from .pace import pace_lines
from .title import SHORT_NAMES, render_title
from .trend import trend_lines
from .view import MenuView, sections

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.model import ExtraUsage, Limit
    from ..core.words import LocalTime
    from .markup import Host

__all__ = ["MenuView", "render_menu", "render_title"]
MAX_SHOWN_CENTS = 10**11  # a billion in any currency: beyond it a figure is a glitch
FOLD_AFTER = 2  # more accounts than this: the others fold into submenus
ACCOUNT_SYMBOL = "person.crop.circle"  # an SF Symbol that marks each account's heading


def render_menu(
    view: MenuView, host: Host, *, now: float, localtime: LocalTime = time.localtime
) -> list[str]:
    """All lines of the plugin's output."""
    lines = [render_title(view, host, now=now), "---"]
    parts = sections(view)
    if len(parts) == 1:
        lines += _account_lines(view, host, now, localtime)
    for index, part in enumerate(parts if len(parts) > 1 else ()):
        body = _account_lines(part, host, now, localtime)
        if index and len(parts) > FOLD_AFTER:
            lines += [_heading(part, host, now, folded=True), *_nested(body, host), "---"]
        else:
            lines += [_heading(part, host, now), *body, "---"]
    if len(parts) > 1:
        lines.pop()  # the footer's separator follows
    return [*lines, "---", *footer_lines(view, host, now)]


def _heading(view: MenuView, host: Host, now: float, *, folded: bool = False) -> str:
    """An account's section heading: its name and who it is; folded, its session figure too."""
    words = [view.account.label]
    snapshot = view.state.snapshot
    live = [lim for lim in snapshot.limits if not reset_passed(lim, now)] if snapshot else []
    if folded and live:
        main = next((lim for lim in live if lim.kind in SHORT_NAMES), live[0])
        words.append(f"{glyph(main.percent)} {shown_percent(main.percent)}%")
    if folded and view.state.failure is not None:
        words.append("⚠")
    if view.identity:
        words.append(view.identity)
    return host.line(" · ".join(words), outside=True, sfimage=ACCOUNT_SYMBOL)  # SwiftBar only


def _nested(lines: list[str], host: Host) -> list[str]:
    """Lines one submenu level down; separators are left out (Argos lifts them to the top)."""
    return [
        f"--{host.blank(1) if line.startswith('|') else ''}{line}"
        for line in lines
        if line != "---"
    ]


def _account_lines(view: MenuView, host: Host, now: float, localtime: LocalTime) -> list[str]:
    """One account's failure, limits with their pace and charts, and extra usage."""
    snapshot = view.state.snapshot
    lines = _failure_lines(view, host, now)
    if snapshot is None and view.state.failure is None:
        lines.append(
            host.line("Fetching your usage… choose Refresh if this stays", color=host.color(GREY))
        )
    elif snapshot is not None and not snapshot.limits:
        lines.append(host.line("No limits reported for this account", color=host.color(GREY)))
    samples = {trend.key: trend.samples for trend in view.trends}
    pictures = view.pictures or {}
    for limit in snapshot.limits if snapshot else ():
        lines += _limit_block(limit, host, now, localtime)
        if not reset_passed(limit, now):  # a window that is over has no pace, no picture
            lines += pace_lines(limit, samples.get(limit.key, ()), host, now, localtime)
            lines += trend_lines(pictures.get(limit.key), host, view.charts)
    if snapshot and snapshot.extra:
        lines += ["---", *_extra_block(snapshot.extra, host)]
    return lines


def _limit_block(limit: Limit, host: Host, now: float, localtime: LocalTime) -> list[str]:
    if reset_passed(limit, now) and limit.resets_at is not None:  # cached across the reset
        ago = format_age(now - limit.resets_at)
        heading = f"{limit.title} · reset {ago}, waiting for new numbers"
        figure = f"{usage_bar(0)}  was {shown_percent(limit.percent)}% before the reset"
        color = host.color(GREY)
    else:
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
        spending = host.line(f"{spent} spent this month", outside=True)  # the API's currency
        return [host.line("Extra usage · uncapped"), spending]
    percent = 100 * extra.used_cents / extra.limit_cents if extra.limit_cents else 100.0
    figure = f"{usage_bar(percent)}  {spent} / {_money(extra.limit_cents, extra.currency)}"
    color = host.color(level_color(percent))
    return [
        host.line("Extra usage this month"),
        host.line(figure, outside=True, font=host.monospace, size=12, color=color),
    ]


def _failure_lines(view: MenuView, host: Host, now: float) -> list[str]:
    """What went wrong, in one line, and what the user can do about it."""
    failure = view.state.failure
    if failure is None:
        return []
    if failure.kind == "rate_limited":
        retry_at = waiting_until(view.state, now)
        wait = format_duration(retry_at - now) if retry_at is not None else ""
        said = failure.message or "Rate limited"  # or that a new token waits for its check
        text = f"{said}, retrying in {wait}" if wait else f"{said}, retrying now"
    else:
        text = failure.message
    lines = [host.line(f"⚠ {text}", outside=True, color=host.color(ORANGE))]
    return lines + _remedy(view, host, failure.kind)


def _remedy(view: MenuView, host: Host, kind: str) -> list[str]:
    grey = host.color(GREY)
    user_set = view.account.user_set
    if kind == "no_token" and not user_set and view.account.config_dir:
        folder = view.account.config_dir
        return [host.line(f"Sign in: CLAUDE_CONFIG_DIR={folder} claude, then /login", color=grey)]
    if kind == "no_token" and not user_set:
        return [
            host.line("Sign in: run `claude` in Terminal, then /login", color=grey),
            host.line("Or paste a token under Settings ▸ Set Token…", color=grey),
        ]
    if kind in ("no_token", "token_rejected") and user_set:
        if view.primary:
            return [action(host, view, "Set Token…", "--set-token")]
        return [account_action(host, view, "Set Token…", "token", view.account)]
    if kind == "token_expired":
        return [host.line("Open Claude Code (or run `claude`) to renew it", color=grey)]
    if kind == "token_rejected":
        return [host.line("Open Claude Code (or run `claude`) to sign in again", color=grey)]
    return []


def _money(cents: float, currency: str) -> str:
    shown = min(cents, MAX_SHOWN_CENTS) if cents >= 0 else 0.0  # NaN reads as 0 too
    amount = f"{shown / 100:,.2f}"
    money = f"${amount}" if currency == "USD" else f"{amount} {currency}"
    return f"over {money}" if cents > MAX_SHOWN_CENTS else money
