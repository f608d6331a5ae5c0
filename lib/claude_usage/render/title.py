"""The menu-bar title: the session percentage, or what blocks the user. Pure."""

from __future__ import annotations

from ..core.model import SESSION, WEEKLY, WEEKLY_SCOPED, Limit, reset_passed
from ..core.words import format_duration, shown_percent
from .palette import RED, glyph, level_color

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.state import UsageState
    from .markup import Host
    from .view import MenuView

STALE_AFTER_S = 10 * 60  # past this, numbers shown after a failure get a ⚠ in the title
SHORT_NAMES = {SESSION: "session", WEEKLY: "weekly"}


def render_title(view: MenuView, host: Host, *, now: float) -> str:
    """The menu-bar text."""
    state, snapshot = view.state, view.state.snapshot
    if snapshot is None or not snapshot.limits:
        mark = "◌" if state.failure is None or state.failure.kind == "no_token" else "⚠"
        return host.line(f"{mark} Claude")
    live = [lim for lim in snapshot.limits if not reset_passed(lim, now)]  # the rest is history
    blocking = [lim for lim in live if blocks(lim, now)]
    everything = [lim for lim in blocking if lim.kind in SHORT_NAMES]
    if everything:
        wall = max(everything, key=lambda lim: lim.resets_at or float("inf"))
        wait = f" · {format_duration(wall.resets_at - now)}" if wall.resets_at else ""
        return host.line(f"⛔ {SHORT_NAMES[wall.kind]}{wait}", color=host.color(RED))
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
    return host.line(
        text,
        # a model name from the API may be in the title
        outside=named is not None and named.kind == WEEKLY_SCOPED,
        color=host.color(level_color(peak)) if peak >= 80 else None,
    )


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
