"""The menu: the every-minute run, the demo, and the menu drawn when something broke."""

from __future__ import annotations

import os

from ..core.identity import describe
from ..core.record import replace
from ..core.state import Failure, UsageState
from ..pacing import load_pace
from ..refresh import current_states
from ..render.markup import SWIFTBAR, host_name
from ..render.menu import MenuView, render_menu
from ..render.trend import OFF
from ..render.view import AccountView
from ..settings import settled_settings
from ..store import load_state
from ..system.folders import SWIFTBAR_NOTE
from . import Outcome, internal_error

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from ..settings import Settings
    from ..sources import TokenSource


def show_menu(run: Run, _value: str | None) -> Outcome:
    """Each account's cached numbers when fresh, else one fetch for it."""
    settings = settled_settings(run.data_dir, run.cache_dir)
    if run.host.name == SWIFTBAR and not os.path.exists(os.path.join(run.data_dir, SWIFTBAR_NOTE)):
        from ..system.swiftbar import remember_plugin  # once: later runs need only the stat

        try:
            remember_plugin(run.data_dir, run.plugin_path)  # for the status line's nudge
        except OSError as e:
            run.cannot_save(run.data_dir, e)
    accounts = settings.ordered
    states = current_states(run, settings, accounts)
    main, *others = [_account_view(run, settings, a, s) for a, s in zip(accounts, states)]
    view = MenuView(
        main.state,
        run.plugin_path,
        main.account,
        settings.notifications,
        streaming=run.streaming,
        charts=settings.charts,
        trends=main.trends,
        pictures=main.pictures,
        notes=tuple(run.warnings),
        identity=main.identity,
        others=tuple(others),
    )
    return menu_outcome(render_menu(view, run.host, now=run.now), run)


def _account_view(
    run: Run, settings: Settings, account: TokenSource, state: UsageState
) -> AccountView:
    """One account's numbers, pace and charts."""
    trends, pictures = load_pace(run.cache_dir, account.id)
    return AccountView(
        account,
        state,
        identity=describe(state.identity),
        trends=tuple(trends.values()),
        pictures=pictures if settings.charts != OFF else None,
    )


def broken_menu(run: Run, error: BaseException) -> Outcome:
    """The menu after a bug: the last good numbers, and a line that says what broke."""
    from ..settings import load_settings  # a menu drawn after a bug reads only what it must

    settings = load_settings(run.data_dir)
    main, *rest = settings.ordered
    failure = Failure("internal", internal_error(error), run.now)
    others = tuple(AccountView(a, load_state(run.cache_dir, a.id)) for a in rest)  # no identity
    view = MenuView(
        replace(load_state(run.cache_dir, main.id), failure=failure),
        run.plugin_path,
        main,
        settings.notifications,
        streaming=run.streaming,
        notes=tuple(run.warnings),
        others=others,
    )
    return menu_outcome(render_menu(view, run.host, now=run.now), run)


def menu_outcome(lines: list[str], run: Run) -> Outcome:
    """The menu as printed: markup for a host, a readable view for a person at a terminal."""
    out = "\n".join(lines) + "\n"
    if run.terminal and host_name(run.env) is None:
        from ..render.terminal import render_terminal  # re: only a person at a terminal pays

        colored = not run.env.get("NO_COLOR") and run.env.get("TERM") != "dumb"
        out = render_terminal(out, color=colored)
    return Outcome(0, out=out)
