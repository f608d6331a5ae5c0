"""`--doctor`: what the plugin sees of its world, in plain lines, each problem with its fix.

SwiftBar throws stderr away, so this is how a user, or anyone helping them,
sees what is going on. It reads the token (to say where it comes from and when
it expires, never what it is), the folders, the install record, the keyring
and the stored state; it never sends a request, so it spends nothing of the
API's budget. It exits 1 when it found a problem.
"""

from __future__ import annotations

import os
import platform
import shlex
import sys
from importlib import metadata

from .. import __version__
from ..core import endpoint
from ..core.checkup import Finding, expiry_text, failure_fix, state_findings
from ..core.errors import ClaudeUsageError, TokenExpired
from ..render.checkup import problems, render_checkup
from ..render.markup import host_name
from ..settings import load_settings
from ..sources import claude_code, read_token
from ..store import load_state
from ..system.debuglog import last_lines, log_path
from ..system.files import read_data
from ..system.folders import INSTALL_RECORD, SWIFTBAR_NOTE, install_home
from . import Outcome
from .doctor_state import history_finding, state_folders

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from ..sources import TokenSource

LOG_TAIL = 10  # enough to see a pattern, short enough to paste into a message
REINSTALL = "run ./install.sh in your clone (it also re-creates a broken virtualenv)"


def doctor(run: Run, _value: str | None) -> Outcome:
    """The checkup; exit 0 when healthy, 1 when something needs the user."""
    settings = load_settings(run.data_dir)
    source = settings.main
    several = len(settings.accounts) > 1
    sections = []
    for account in settings.ordered:  # every account's token and state; none is sent anything
        named = f" · {account.label}" if several else ""
        state = load_state(run.cache_dir, account.id)
        endpoint = [_endpoint(run)] if account is source else []
        sections += [
            (f"Token{named}", _token(run, account)),
            (f"API{named}", [*endpoint, *state_findings(state, run.now, account.user_set)]),
        ]
    keyring_user = next((a for a in settings.accounts if a.user_set), source)
    sections += [  # after every account's: what they share
        ("State folders", [*state_folders(run), history_finding(run)]),
        ("Menu host", _host(run)),
        ("Keyring", _keyring(keyring_user)),
        ("Versions", _versions()),
    ]
    tail = last_lines(run.cache_dir, LOG_TAIL)
    return Outcome(
        1 if problems(sections) else 0, render_checkup(sections, log_path(run.cache_dir), tail)
    )


def _token(run: Run, source: TokenSource) -> list[Finding]:
    found = [Finding("account", f"{source.label}: {_kind(source)}")]
    try:
        token = read_token(source, run.env, now=run.now, platform=run.platform)
    except TokenExpired as e:
        fix = failure_fix(e.kind, source.user_set)
        expiry = expiry_text(e.expires_at, run.now)
        return [*found, Finding("read from", e.origin), Finding("expires", expiry, str(e), fix)]
    except ClaudeUsageError as e:  # none stored, no sign-in, the keyring can't be read
        fix = failure_fix(e.kind, source.user_set, str(e))
        return [
            *found,
            Finding("looked in", _places(run, source)),
            Finding("token", "none", str(e), fix),
        ]
    except ImportError as e:  # keyring missing from this Python: the manual token can't be read
        problem = f"{e.name or 'keyring'} is not installed for {sys.executable}"
        return [*found, Finding("token", "can't be read", problem, REINSTALL)]
    plan = f"; {token.plan} plan" if token.plan else ""
    expiry = expiry_text(token.expires_at, run.now) + plan
    return [*found, Finding("read from", token.origin), Finding("expires", expiry)]


def _kind(source: TokenSource) -> str:
    if source.user_set:
        return "a token you pasted"
    if source.config_dir:
        return f"Claude Code's sign-in for CLAUDE_CONFIG_DIR={source.config_dir}"
    return "Claude Code's sign-in"


def _places(run: Run, source: TokenSource) -> str:
    if source.user_set:
        from ..sources.manual import place  # keyring: it was importable, or we'd not be here

        return place(source)
    env = {**run.env, "CLAUDE_CONFIG_DIR": source.config_dir} if source.config_dir else run.env
    return ", then ".join(claude_code.places(env, run.platform))


def _host(run: Run) -> list[Finding]:
    named = host_name(run.env)
    found = [
        Finding("host", named or "none detected: a terminal (SwiftBar, xbar or Argos runs it)")
    ]
    note = read_data(os.path.join(run.data_dir, SWIFTBAR_NOTE))
    if isinstance(note, dict) and isinstance(note.get("plugin"), str):
        found.append(Finding("SwiftBar", f"has run it, as the plugin '{note['plugin']}'"))
    return [*found, *_installed(run), Finding("this run", run.plugin_path)]


def _installed(run: Run) -> list[Finding]:
    """The plugin install.sh recorded: there, runnable, and its Python still there."""
    record = os.path.join(install_home(run.env), INSTALL_RECORD)
    try:
        with open(record, encoding="utf-8") as f:
            plugin = f.readline().strip()
    except (OSError, UnicodeDecodeError):
        plugin = ""
    if not plugin:
        problem = f"no plugin is installed (install.sh keeps its place in {record})"
        return [Finding("installed plugin", "none recorded", problem, REINSTALL)]
    found = [Finding("plugin folder", os.path.dirname(plugin))]
    if not os.path.isfile(plugin):
        return [*found, Finding("installed plugin", plugin, "the plugin file is gone", REINSTALL)]
    if not os.access(plugin, os.X_OK):
        fix = f"chmod +x {shlex.quote(plugin)}"
        return [*found, Finding("installed plugin", plugin, "it is not executable", fix)]
    python = _interpreter(plugin)
    if python and not os.access(python, os.X_OK):
        problem = f"its Python {python} is gone (a Python upgrade removes what a virtualenv uses)"
        return [*found, Finding("installed plugin", plugin, problem, REINSTALL)]
    return [*found, Finding("installed plugin", f"{plugin}, run by {python or '?'}")]


def _interpreter(plugin: str) -> str:
    """The program the plugin's #! line names, or ""."""
    try:
        with open(plugin, "rb") as f:
            first = f.readline(4096).decode("utf-8", "replace")
    except OSError:
        return ""
    words = first[2:].split() if first.startswith("#!") else []
    return words[0] if words else ""


def _keyring(source: TokenSource) -> list[Finding]:
    try:
        from ..system.keystore import backend_status  # keyring: the doctor may pay, menus not
    except ImportError as e:
        problem = f"{e.name or 'keyring'} is not installed for {sys.executable}"
        if not source.user_set:
            return [Finding("backend", f"{problem}; only a manual token needs it")]
        return [Finding("backend", "none", problem, REINSTALL)]
    name, trouble = backend_status()
    text = f"{name} (keyring {_version('keyring')})"
    if not trouble:
        return [Finding("backend", f"{text}: usable")]
    if not source.user_set:
        return [
            Finding("backend", f"{text}: not usable here ({trouble}); only a manual token needs it")
        ]
    problem = f"the manual token's keyring can't be used: {trouble}"
    return [Finding("backend", text, problem, failure_fix("keyring_unavailable", True))]


def _endpoint(run: Run) -> Finding:
    url = run.env.get(endpoint.API_URL_VARIABLE) or endpoint.DEFAULT_BASE_URL
    problem = endpoint.cleartext_problem(url)
    if problem is None:
        return Finding("endpoint", url)
    return Finding("endpoint", url, problem, failure_fix("unsafe_endpoint", False))


def _versions() -> list[Finding]:
    ours = Finding("claude-usage", f"{__version__} ({os.path.dirname(os.path.dirname(__file__))})")
    python = Finding("Python", f"{platform.python_version()} ({sys.executable})")
    requests = _version("requests")
    if requests:
        return [ours, python, Finding("requests", requests)]
    problem = f"requests is not installed for {sys.executable}: nothing can be fetched"
    return [ours, python, Finding("requests", "missing", problem, REINSTALL)]


def _version(package: str) -> str:
    """An installed package's version from its metadata, without importing it; "" if missing."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""
