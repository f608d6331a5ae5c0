"""`--demo`: the menu with sample numbers, for a first look and for screenshots."""

from __future__ import annotations

from ..core.demo import (
    SESSION_WINDOW_S,
    demo_session_forecast,
    demo_session_samples,
    demo_state,
    demo_work_state,
    session_reset,
)
from ..core.pace import Trend
from ..core.record import replace
from ..render.chart import draw_trend
from ..render.menu import MenuView, render_menu
from ..render.view import AccountView
from ..sources import CLAUDE_CODE, folder_source
from .menu import menu_outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from . import Outcome


def show_demo(run: Run, _value: str | None) -> Outcome:
    """The menu with sample numbers for two accounts and the session's chart: no token, no
    network, no files."""
    now, reset = run.now, session_reset(run.now)
    samples = demo_session_samples(now)
    session = draw_trend(
        samples,
        start=reset - SESSION_WINDOW_S,
        end=reset,
        now=now,
        forecast=demo_session_forecast(now),
    )
    work = folder_source("folder-00000000", "Work", "~/.claude-work")
    view = MenuView(
        demo_state(now),
        run.plugin_path,
        replace(CLAUDE_CODE, label="Personal"),
        demo=True,
        identity="alice@example.com · Max 20x",
        others=(AccountView(work, demo_work_state(now), identity="bob@example.com · Team"),),
        trends=(Trend("five_hour", reset, tuple(samples)),),  # the pace lines read these
        pictures={"five_hour": session},
    )
    return menu_outcome(render_menu(view, run.host, now=now), run)
