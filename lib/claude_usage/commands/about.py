"""`--help` and `--version`: what the plugin does and which one this is."""

from __future__ import annotations

from .. import __version__
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run

USAGE = """\
usage: claude_usage.1m.py [--refresh | --demo | --json | --history | --doctor | --version
                          | --help | OPTION]

Shows your Claude subscription limits as a SwiftBar / xbar / Argos menu. An option's
value follows it, or comes after an = sign: --token-source manual, --token-source=manual.

  (no option)       print the menu (always exits 0)
  --refresh         fetch now and update the cache
  --demo            render sample data: no token, no network
  --json            print the current numbers as JSON, with each limit's forecast
  --history [--json]
                    the last 30 days: each limit's daily peaks, how often it was
                    reached, and the session's use by hour of day
  --doctor          check the token, folders, install, keyring and last fetch, and
                    say how to fix each problem (sends nothing; exit 1 on a problem)
  --account list    the accounts, the primary one marked *
  --account add [NAME] --folder [DIR]
                    add the Claude Code run with CLAUDE_CONFIG_DIR=DIR
  --account add [NAME] --token [-]
                    add an account for a pasted OAuth token, kept in the keyring
                    (- reads it from stdin); --claude-code: Claude Code's own sign-in
  --account rename [NAME [NEW]] | remove [NAME] | primary NAME | token NAME [-]
                    rename an account, remove it (and its stored token), make it
                    the one the menu-bar title shows, or give it a new token; what
                    is left out is asked for in a dialog
  --set-token [-]   store a manual OAuth token in the keyring (- reads stdin) for
                    the primary account, or add one and make it primary
  --validate        check the primary account's token
  --forget-token    delete the stored manual token and its account
  --token-source claude-code|manual
                    make Claude Code's sign-in or the manual token primary
  --notifications on|off
  --charts image|text|off
                    each limit's course: a chart, a text sparkline, or none
  --statusline [TEMPLATE | quiet]
                    Claude Code's status line: reads its JSON on stdin, feeds the
                    menu bar, prints one line ("quiet": prints nothing). TEMPLATE
                    fields: {session} {reset} {weekly} {model} {context} {forecast}
  --install-statusline / --uninstall-statusline
                    make this plugin Claude Code's status line (only when none is
                    set) / remove it (only when it is ours)
  --stream          stay running and print a frame (after a ~~~ line) whenever the
                    menu changes: what SwiftBar runs when ./install.sh marked the
                    plugin streamable (the default; --no-stream installs one-shot)
  --version         the version
  --help            this text

Environment: CLAUDE_USAGE_API_URL overrides https://api.anthropic.com (https://,
or plain http:// only to this machine: the token must never travel in clear).
CLAUDE_USAGE_HISTORY=off keeps no history (no database, no pace lines).
"""


def show_help(_run: Run, _value: str | None) -> Outcome:
    return Outcome(0, out=USAGE)


def show_version(_run: Run, _value: str | None) -> Outcome:
    return Outcome(0, out=f"claude-usage {__version__}")
