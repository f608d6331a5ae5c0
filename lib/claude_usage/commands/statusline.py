"""`--statusline`: Claude Code's status line, which also feeds the menu bar for free.

Claude Code pipes a JSON document into the command after every response and
shows what it prints. This never touches the network, never waits long for a
lock, and prints a line whatever the input was.
"""

from __future__ import annotations

import os
import sys

from ..core.feed import fed_limits, session_of
from ..core.jsontext import loads
from ..core.state import UsageState, fed, feed_is_news
from ..render.statusline import DEFAULT_TEMPLATE, render_statusline
from ..settings import load_settings
from ..store import load_state, update_state
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ..context import Run
    from ..core.model import Limit
    from ..settings import Settings
    from ..sources import TokenSource

QUIET = "quiet"  # feed the menu, print nothing: for users who keep their own status line
MAX_INPUT = 1 << 20  # Claude Code's document is a few KiB


def statusline(run: Run, value: str | None) -> Outcome:
    """Store the numbers Claude Code reports, then print the status line."""
    document = _document(run)
    limits = fed_limits(document)
    settings = load_settings(run.data_dir)
    account = fed_account(run.env, settings)
    if account is None:  # a folder that is no account of ours: its own figures, kept nowhere
        state = fed(UsageState(), limits, run.now) if limits else UsageState()
    else:
        state = _fed(run, settings, account, limits)
    if value == QUIET:
        return Outcome(0)
    template = value or DEFAULT_TEMPLATE
    trends = None
    if "{forecast}" in template and account is not None:
        from ..pacing import load_trends  # only a template that shows the forecast reads samples

        trends = load_trends(run.cache_dir, account.id)
    line = render_statusline(state, session_of(document), template, now=run.now, trends=trends)
    return Outcome(0, out=line)


def _fed(
    run: Run, settings: Settings, account: TokenSource, limits: tuple[Limit, ...]
) -> UsageState:
    """The account's state after the feed, saved when it is news (and the disk allows)."""
    state = load_state(run.cache_dir, account.id)
    if not limits or not feed_is_news(state, limits, run.now):
        return state  # nothing new, or older Claude Code, or an API key: show only
    before: list[UsageState] = []

    def feed(state: UsageState) -> UsageState:
        before.append(state)
        return fed(state, limits, run.now)

    loaded = state
    try:
        state = update_state(run.cache_dir, account.id, feed)
    except OSError:  # a full disk: the line still shows the numbers; the menu says why
        before, state = [loaded], fed(loaded, limits, run.now)
    else:
        run.defer(lambda: _keep(run, account.id, limits))  # history waits until the line is out
    if run.platform == "darwin" and title_changed(run, settings, account, before[0], state):
        from ..system.swiftbar import nudge  # macOS only: Linux calls never pay for it

        nudge(run.data_dir, run.env, run.now)  # the menu bar follows at once
    return state


def title_changed(
    run: Run, settings: Settings, account: TokenSource, before: UsageState, after: UsageState
) -> bool:
    """Whether the menu-bar title, as SwiftBar would show it, differs after the feed."""
    from ..render.markup import SWIFTBAR, Host  # macOS only, like everything in here
    from ..render.title import other_mark, render_title  # likewise
    from ..render.view import MenuView  # likewise

    if settings.main.id != account.id:  # another account shows only when it is blocked
        marks = (other_mark(account.label, s, run.now) for s in (before, after))
        return next(marks) != next(marks)
    host = Host(SWIFTBAR)
    titles = (
        render_title(MenuView(s, run.plugin_path), host, now=run.now) for s in (before, after)
    )
    return next(titles) != next(titles)


def _keep(run: Run, ident: str, limits: tuple[Limit, ...]) -> None:
    from ..pacing import FEED, observe  # sqlite3: only feeds with news, after the output

    observe(run, ident, FEED, limits, later=True)


def fed_account(env: Mapping[str, str], settings: Settings) -> TokenSource | None:
    """The account whose sign-in Claude Code runs with, if it is one of ours.

    The feed describes the account of Claude Code's config folder: its default
    one, or CLAUDE_CONFIG_DIR. Numbers of a folder that is no account of ours
    must land nowhere.
    """
    folder = env.get("CLAUDE_CONFIG_DIR")
    home = env.get("HOME") or os.path.expanduser("~")
    default = os.path.realpath(os.path.join(home, ".claude"))
    where = os.path.realpath(folder) if folder else default
    for account in settings.accounts:
        if account.user_set:
            continue
        own = os.path.realpath(account.config_dir) if account.config_dir else default
        if own == where:
            return account
    return None


def _document(run: Run) -> Any:
    try:
        text = sys.stdin.read(MAX_INPUT) if not run.interactive else ""
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    try:
        return loads(text)
    except ValueError:
        return None
