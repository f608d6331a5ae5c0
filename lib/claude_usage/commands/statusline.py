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
from ..sources import CLAUDE_CODE
from ..store import load_state, update_state
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ..context import Run
    from ..core.model import Limit

QUIET = "quiet"  # feed the menu, print nothing: for users who keep their own status line
MAX_INPUT = 1 << 20  # Claude Code's document is a few KiB


def statusline(run: Run, value: str | None) -> Outcome:
    """Store the numbers Claude Code reports, then print the status line."""
    document = _document(run)
    limits = fed_limits(document)
    state = load_state(run.cache_dir, CLAUDE_CODE.id)
    if limits and same_account(run.env) and feed_is_news(state, limits, run.now):
        before: list[UsageState] = []

        def feed(state: UsageState) -> UsageState:
            before.append(state)
            return fed(state, limits, run.now)

        loaded = state
        try:
            state = update_state(run.cache_dir, CLAUDE_CODE.id, feed)
        except OSError:  # a full disk: the line still shows the numbers; the menu says why
            before, state = [loaded], fed(loaded, limits, run.now)
        else:
            run.defer(lambda: _keep(run, limits))  # history waits until the line is out
        if run.platform == "darwin" and title_changed(run, before[0], state):
            from ..system.swiftbar import nudge  # macOS only: Linux calls never pay for it

            nudge(run.data_dir, run.env, run.now)  # the menu bar follows at once
    # Otherwise: nothing new, or older Claude Code, an API key, another account: show only.
    if value == QUIET:
        return Outcome(0)
    template = value or DEFAULT_TEMPLATE
    trends = None
    if "{forecast}" in template:
        from ..pacing import load_trends  # only a template that shows the forecast reads samples

        trends = load_trends(run.cache_dir, CLAUDE_CODE.id)
    line = render_statusline(state, session_of(document), template, now=run.now, trends=trends)
    return Outcome(0, out=line)


def title_changed(run: Run, before: UsageState, after: UsageState) -> bool:
    """Whether the menu-bar title, as SwiftBar would show it, differs after the feed."""
    from ..render.markup import SWIFTBAR, Host  # macOS only, like everything in here
    from ..render.title import render_title  # likewise
    from ..render.view import MenuView  # likewise
    from ..settings import load_settings  # likewise

    if load_settings(run.data_dir).token_source != CLAUDE_CODE.id:
        return False  # the menu shows another source: the feed changes nothing there
    host = Host(SWIFTBAR)
    titles = (
        render_title(MenuView(s, run.plugin_path), host, now=run.now) for s in (before, after)
    )
    return next(titles) != next(titles)


def _keep(run: Run, limits: tuple[Limit, ...]) -> None:
    from ..pacing import FEED, observe  # sqlite3: only feeds with news, after the output

    observe(run, CLAUDE_CODE.id, FEED, limits, later=True)


def same_account(env: Mapping[str, str]) -> bool:
    """Whether Claude Code runs with the sign-in our Claude Code source reads.

    The feed describes the account of Claude Code's config folder; a different
    CLAUDE_CONFIG_DIR is another account, whose numbers must not land in ours.
    """
    folder = env.get("CLAUDE_CONFIG_DIR")
    home = env.get("HOME") or os.path.expanduser("~")
    return not folder or os.path.realpath(folder) == os.path.realpath(os.path.join(home, ".claude"))


def _document(run: Run) -> Any:
    try:
        text = sys.stdin.read(MAX_INPUT) if not run.interactive else ""
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    try:
        return loads(text)
    except ValueError:
        return None
