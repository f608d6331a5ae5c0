"""The menu's footer: age, token source, Refresh, and the Settings submenu. Pure."""

from __future__ import annotations

from ..core.cadence import SCHEDULE, decide
from ..core.words import format_age, format_duration
from ..sources import SOURCES, source_by_id
from .launch import launch_params
from .palette import GREY
from .trend import CHART_MODES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .markup import Host
    from .view import MenuView

USAGE_PAGE = "https://claude.ai/settings/usage"


def footer_lines(view: MenuView, host: Host, now: float) -> list[str]:
    """Where the numbers came from and when, then what the user can do."""
    grey = host.color(GREY)
    snapshot = view.state.snapshot
    source = source_by_id(view.token_source)
    lines = []
    if view.demo:
        lines.append(host.line("Demo data: no token, no network", color=grey))
    elif snapshot is not None:
        lines.append(host.line(f"Updated {format_age(now - snapshot.fetched_at)}", color=grey))
        lines += _live_and_held(view, host, now)
    lines += [host.line(note, color=grey, outside=True) for note in view.notes]
    lines.append(host.line(f"Token: {source.label if source else '?'}", color=grey))
    return [
        *lines,
        action(host, view, "Refresh", "--refresh"),
        host.line("Open usage page…", href=USAGE_PAGE),
        host.line("Settings"),
        *_settings(view, host),
    ]


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
        *(
            (f"Token source: {s.choice}", view.token_source == s.id, "--token-source", s.id)
            for s in SOURCES
        ),
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


def action(
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
    words = (flag,) if value is None else (flag, value)
    return host.line(
        text,
        level=level,
        click=launch_params(view.plugin_path, *words),
        terminal="false",
        refresh=None if view.streaming else "true",  # it sees the change itself within seconds
        checked="true" if checked else None,
        trim=trim,
    )
