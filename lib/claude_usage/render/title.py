"""The menu-bar title: the session percentage, or what blocks the user, in every account. Pure."""

from __future__ import annotations

from ..core.model import SESSION, WEEKLY, WEEKLY_SCOPED, Limit, reset_passed
from ..core.words import format_duration, shown_percent
from .markup import RED, glyph, level_color

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.state import UsageState
    from .markup import Color, Host
    from .view import MenuView

STALE_AFTER_S = 10 * 60  # past this, numbers shown after a failure get a ⚠ in the title
SHORT_NAMES = {SESSION: "session", WEEKLY: "weekly"}


def render_title(view: MenuView, host: Host, *, now: float) -> str:
    """The menu-bar text: the primary account's, then each other account that is blocked."""
    text, color, outside = _primary_title(view.state, now)
    others = "".join(other_mark(other.account.label, other.state, now) for other in view.others)
    shown = host.color(color) if color is not None else None
    return host.line(text + others, outside=outside or bool(others), color=shown)  # names too


def other_mark(name: str, state: UsageState, now: float) -> str:
    """' · ⛔ work' for another account at a wall, ' · ⚠ work' for one that needs the user."""
    snapshot, failure = state.snapshot, state.failure
    if snapshot is not None and any(blocks(lim, now) for lim in snapshot.limits):
        return f" · ⛔ {name}"
    if failure is not None and failure.needs_user:
        return f" · ⚠ {name}"
    return ""


def _primary_title(state: UsageState, now: float) -> tuple[str, Color | None, bool]:
    """The primary account's title: its session figure, or what blocks it; with its colour,
    and whether it holds outside words (a model name from the API)."""
    snapshot = state.snapshot
    if snapshot is None or not snapshot.limits:
        mark = "◌" if state.failure is None or state.failure.kind == "no_token" else "⚠"
        return f"{mark} Claude", None, False
    live = [lim for lim in snapshot.limits if not reset_passed(lim, now)]  # the rest is history
    blocking = [lim for lim in live if blocks(lim, now)]
    everything = [lim for lim in blocking if lim.kind in SHORT_NAMES]
    if everything:
        wall = max(everything, key=lambda lim: lim.resets_at or float("inf"))
        wait = f" · {format_duration(wall.resets_at - now)}" if wall.resets_at else ""
        return f"⛔ {SHORT_NAMES[wall.kind]}{wait}", RED, False
    main = next((lim for lim in snapshot.limits if lim.kind == SESSION), snapshot.limits[0])
    main_live = main in live
    text = f"{glyph(main.percent)} {shown_percent(main.percent)}%" if main_live else "○ reset"
    loudest = max(live, key=lambda lim: lim.percent, default=None)
    if blocking:
        text += f" · ⛔ {_short(blocking[0])}"
    elif loudest and loudest.percent >= 80 and (not main_live or loudest.percent > main.percent):
        text += f" · {_short(loudest)} {shown_percent(loudest.percent)}%"
    if _looks_stale(state, now):
        text += " ⚠"
    peak = max([lim.percent for lim in live] + [100 if blocking else 0])
    named = blocking[0] if blocking else loudest
    outside = named is not None and named.kind == WEEKLY_SCOPED
    return text, level_color(peak) if peak >= 80 else None, outside


def blocks(limit: Limit, now: float) -> bool:
    """Whether the limit is used up right now."""
    return limit.percent >= 100 and (limit.resets_at is None or limit.resets_at > now)


def _short(limit: Limit) -> str:
    return SHORT_NAMES.get(limit.kind) or limit.title.replace(" only", "")


def _looks_stale(state: UsageState, now: float) -> bool:
    failure, snapshot = state.failure, state.snapshot
    if failure is None or snapshot is None:
        return False
    return failure.needs_user or now - snapshot.fetched_at > STALE_AFTER_S
