"""`--demo`: the menu with sample numbers, for a first look and for screenshots."""

from __future__ import annotations

from ..core.demo import demo_state
from ..render.menu import MenuView, render_menu
from .menu import menu_outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from . import Outcome


def show_demo(run: Run, _value: str | None) -> Outcome:
    """The menu with sample numbers: no token, no network, no files."""
    view = MenuView(demo_state(run.now), run.plugin_path, demo=True)
    return menu_outcome(render_menu(view, run.host, now=run.now), run)
