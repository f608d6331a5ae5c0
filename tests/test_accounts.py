"""Several accounts end to end: Claude Code's sign-in, a second config folder and a pasted token.

The plugin runs as a subprocess with a temp HOME against the loopback server,
which answers each token with its own numbers, so every figure in a menu says
which account it came from. Keyring: tests/fake_keyring.py's file; notifier: a
stand-in notify-send that records each notification.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from claude_usage.core.budget import Budget
from claude_usage.core.model import Limit, Snapshot
from claude_usage.core.record import replace
from claude_usage.core.state import Failure, UsageState
from claude_usage.settings import load_settings
from claude_usage.store import load_state, store_state
from claude_usage.system.files import read_data, write_data
from conftest import (
    ACCESS_TOKEN,
    CLAUDE_CODE_EMAIL,
    FIXTURES,
    Reply,
    UsageServer,
    fixture_reply,
    lint,
    run_plugin,
    wait_for,
    write_claude_credentials,
    write_claude_json,
)
from stand_ins import calls, stand_in

TESTS = Path(__file__).resolve().parent
WORK_TOKEN = "sk-ant-oat01-WORK-folder-token-never-shown-1122334455"
PERSONAL_TOKEN = "sk-ant-oat01-PERSONAL-pasted-token-never-shown-6677889900"
TOKENS = {"Claude Code": ACCESS_TOKEN, "work": WORK_TOKEN, "personal": PERSONAL_TOKEN}
WORK_EMAIL, PERSONAL_EMAIL = "bob@work.example", "carol@personal.example"
FIXTURE = {"work": "usage_max20x.json"}  # its Sonnet limit shows in work's section only
FIRST = {"Claude Code": (11, 21), "work": (42, 52), "personal": (63, 33)}  # below every alert
RATE_LIMITED = {"error": {"type": "rate_limit_error", "message": "Rate limited."}}
REJECTED = {"type": "error", "error": {"type": "authentication_error"}}
KEYRING_ENTRY = "claude-usage/oauth-access-token"  # the manual token's entry since 0.1


def usage(session: float, weekly: float, fixture: str = "usage_minimal.json") -> Reply:
    """A real reply from tests/fixtures, dates current, with these session and weekly figures."""
    body = fixture_reply(fixture, time.time())
    body["five_hour"]["utilization"] = session
    body["seven_day"]["utilization"] = weekly
    return Reply(200, body)


def profile(email: str) -> Reply:
    """The profile endpoint's real reply (a Max 20x plan), naming `email`."""
    body = json.loads((FIXTURES / "profile_max20x.json").read_text())
    body["account"]["email"] = email
    return Reply(200, body)


def sign_in(folder: Path, token: str, email: str, *, expires_in_s: float = 6 * 3600) -> None:
    """A Claude Code config folder (CLAUDE_CONFIG_DIR) signed in, as Claude Code writes it."""
    folder.mkdir(exist_ok=True)
    oauth = {
        "accessToken": token,
        "refreshToken": "sk-ant-ort01-never-used",
        "expiresAt": int((time.time() + expires_in_s) * 1000),
        "subscriptionType": "team",
    }
    (folder / ".credentials.json").write_text(json.dumps({"claudeAiOauth": oauth}))
    write_claude_json(folder, email)


def title(menu: str) -> str:
    """The menu-bar text, without its parameters."""
    return menu.splitlines()[0].split(" | ")[0]


def heading(lines: list[str]) -> str:
    return lines[0].split(" | ")[0]


def section(menu: str, name: str) -> list[str]:
    """The account's section of the menu: its heading, then its lines (folded: `--` first)."""
    chunk: list[str] = []
    for line in menu.splitlines()[1:]:
        if line != "---":
            chunk.append(line)
            continue
        text = heading(chunk) if chunk else ""
        if text == name or text.startswith(f"{name} · "):
            return chunk
        chunk = []
    raise AssertionError(f"no section for {name} in:\n{menu}")


def percents(lines: list[str]) -> list[int]:
    """Each limit's figure in these lines, in order."""
    return [int(p) for p in re.findall(r"(\d+)% used", "\n".join(lines))]


def rate_limited(lines: list[str]) -> bool:
    return any(line.lstrip("-").startswith("⚠ Rate limited, retrying in") for line in lines)


def folded(lines: list[str]) -> bool:
    """Whether the section's lines, past its heading, sit one submenu down."""
    return all(line.startswith("--") for line in lines[1:])


def accounts_listed(out: str) -> list[tuple[str, str]]:
    """`--account list` as (mark, name) pairs: '*' for the primary."""
    return [(line[0], line[2:].split("  [")[0]) for line in out.splitlines()]


def old_state(session: float, weekly: float, source: str) -> UsageState:
    """A state file's contents as 0.x kept them: a snapshot of session and weekly figures."""
    now = time.time()
    limits = (
        Limit("five_hour", "Current session", "session", session, now + 2 * 3600),
        Limit("seven_day", "All models", "weekly", weekly, now + 4 * 86400),
    )
    return UsageState(snapshot=Snapshot(now, limits), source=source)


# How one account's sign-in goes wrong (parametrized below).


def expire_work(three: Accounts) -> None:
    sign_in(three.work, WORK_TOKEN, WORK_EMAIL, expires_in_s=-60)


def reject_personal(three: Accounts) -> None:
    three.server.play_for(PERSONAL_TOKEN, Reply(401, REJECTED))


def reject_claude_code(three: Accounts) -> None:
    three.server.play_for(ACCESS_TOKEN, Reply(401, REJECTED))


def document(session: float, weekly: float) -> str:
    """What Claude Code pipes into its status-line command."""
    limits = {
        "five_hour": {"used_percentage": session, "resets_at": time.time() + 3600},
        "seven_day": {"used_percentage": weekly, "resets_at": time.time() + 4 * 86400},
    }
    return json.dumps({"model": {"display_name": "Opus 4.1"}, "rate_limits": limits})


# Where Claude Code runs: the folder its status line names (parametrized below).


def work_folder(three: Accounts) -> str:
    return str(three.work)


def link_to_work(three: Accounts) -> str:
    link = three.tmp / "work-link"
    link.symlink_to(three.work)
    return str(link)


def default_folder(three: Accounts) -> str:
    return str(three.tmp / "home" / ".claude")


def unknown_folder(three: Accounts) -> str:
    folder = three.tmp / "elsewhere"
    sign_in(folder, "sk-ant-oat01-ELSEWHERE-not-an-account-000", "dave@elsewhere.example")
    return str(folder)


def plugin_env(tmp: Path, server: UsageServer) -> dict:
    """The plugin's environment: the loopback server, and a keyring in a file under `tmp`."""
    return {
        "CLAUDE_USAGE_API_URL": server.url,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(tmp / "keyring.json"),
    }


@dataclass
class Accounts:
    """Three accounts sharing one loopback server, and the plugin run among them."""

    server: UsageServer
    tmp: Path
    env: dict
    work: Path | None = None  # the second Claude Code config folder
    notices: Path | None = None  # what the stand-in notifier was asked to show

    def run(self, *args: str, stdin: str | None = None, **env: str) -> tuple[int, str, str]:
        done = run_plugin(*args, input=stdin, env_extra={**self.env, **env})
        out, err = done.stdout.decode(), done.stderr.decode()
        assert "Traceback" not in err, err
        assert not [token for token in TOKENS.values() if token in out + err]
        return done.returncode, out, err

    def menu(self, *args: str, **env: str) -> str:
        code, out, err = self.run(*args, **env)
        assert code == 0, err
        return out

    def answer(self, name: str, session: float, weekly: float) -> None:
        """From now on the server gives `name`'s token these figures."""
        fixture = FIXTURE.get(name, "usage_minimal.json")
        self.server.play_for(TOKENS[name], usage(session, weekly, fixture))

    def asked(self) -> list[str]:
        """Whose token each usage request carried, in order (a profile request is no usage)."""
        names = {f"Bearer {token}": name for name, token in TOKENS.items()}
        usage_requests = [r for r in self.server.requests if r["path"] == "/api/oauth/usage"]
        return [names[r["headers"]["Authorization"]] for r in usage_requests]

    def ident(self, name: str) -> str:
        found = load_settings(str(self.tmp / "data")).account(name)
        assert found is not None, name
        return found.id

    def age(self, seconds: float) -> None:
        """Every account's numbers older by `seconds`, as if that much time had passed."""
        cache = str(self.tmp / "cache")
        for name in TOKENS:
            state = load_state(cache, self.ident(name))
            assert state.snapshot is not None, name
            older = replace(state.snapshot, fetched_at=state.snapshot.fetched_at - seconds)
            store_state(cache, self.ident(name), replace(state, snapshot=older))

    def alerts(self) -> list[str]:
        """The titles of the usage alerts sent so far (a menu click's outcome is told too)."""
        titles = [argv[-2] for argv in calls(self.notices)] if self.notices else []
        return [title for title in titles if title.startswith("Claude usage")]

    def keyring(self) -> dict:
        path = self.tmp / "keyring.json"
        return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def three(isolated, server) -> Accounts:
    """Claude Code's own sign-in (primary), work's config folder and a pasted token, each
    fetched once: work added with --account add --folder, personal with --token on stdin."""
    home, work = isolated / "home", isolated / "work-claude"
    write_claude_credentials(home)  # CLAUDE_CODE_EMAIL, plan Max
    sign_in(work, WORK_TOKEN, WORK_EMAIL)
    bin_dir = isolated / "bin"
    notices = stand_in(bin_dir, "notify-send")
    env = {**plugin_env(isolated, server), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    accounts = Accounts(server, isolated, env, work, notices)
    for name, (session, weekly) in FIRST.items():
        accounts.answer(name, session, weekly)
    server.play_path("/api/oauth/profile", profile(PERSONAL_EMAIL), token=PERSONAL_TOKEN)
    assert accounts.run("--account", "add", "work", "--folder", str(work))[0] == 0
    code, _, err = accounts.run(
        "--account", "add", "personal", "--token", "-", stdin=PERSONAL_TOKEN
    )
    assert code == 0, err
    assert accounts.run("--refresh")[0] == 0  # every account's numbers, and who it is
    assert accounts.asked() == ["personal", "Claude Code", "work", "personal"]
    return accounts


# 1. Separate numbers


def test_each_account_has_a_section_with_its_own_numbers(three):
    menu = three.menu()
    assert title(menu) == "○ 11%"  # the primary's session figure, nobody else's
    own = section(menu, "Claude Code")
    work = section(menu, "work")
    personal = section(menu, "personal")
    assert heading(own) == f"Claude Code · {CLAUDE_CODE_EMAIL} · Max"
    assert heading(work) == f"work · ◔ 42% · {WORK_EMAIL} · Team"
    assert heading(personal) == f"personal · ◑ 63% · {PERSONAL_EMAIL} · Max 20x"
    assert percents(own) == [11, 21]
    assert percents(work) == [42, 52, 1]
    assert percents(personal) == [63, 33]
    assert not folded(own) and folded(work) and folded(personal)  # three: the others fold
    assert [n for n in TOKENS if any("Sonnet only" in line for line in section(menu, n))] == [
        "work"
    ]
    assert three.asked() == ["personal", "Claude Code", "work", "personal"]  # from the cache


def test_json_lists_each_account_with_its_own_numbers(three):
    code, out, err = three.run("--json")
    assert code == 0, err
    data = json.loads(out)
    reports = [
        (a["id"], a["name"], [lim["percent"] for lim in a["limits"]], a["error"])
        for a in data["accounts"]
    ]
    assert reports == [
        ("claude-code", "Claude Code", [11, 21], None),
        (three.ident("work"), "work", [42, 52, 1], None),
        ("manual", "personal", [63, 33], None),
    ]
    assert three.ident("work").startswith("folder-")
    assert data["limits"] == data["accounts"][0]["limits"]  # the primary's, as before accounts


# 2. Separate budgets


def test_a_429_on_one_account_leaves_the_others_fetching(three):
    three.server.play_for(WORK_TOKEN, Reply(429, RATE_LIMITED, {"Retry-After": "600"}))
    three.answer("Claude Code", 12, 22)
    three.answer("personal", 64, 34)
    assert three.run("--refresh")[0] == 0
    menu = three.menu()
    assert percents(section(menu, "Claude Code")) == [12, 22]
    assert percents(section(menu, "personal")) == [64, 34]
    assert percents(section(menu, "work")) == [42, 52, 1]  # its last good numbers stay
    assert [rate_limited(section(menu, n)) for n in TOKENS] == [False, True, False]
    assert any("retrying in 10m" in line for line in section(menu, "work"))
    assert title(menu) == "○ 12%"  # a wait is no news for the title
    asked = len(three.asked())

    # Later runs, every minute and on Refresh: the others fetch, work sends nothing.
    three.answer("Claude Code", 13, 23)
    three.answer("personal", 65, 35)
    three.answer("work", 44, 54)
    three.age(120)
    menu = three.menu()
    assert sorted(three.asked()[asked:]) == ["Claude Code", "personal"]  # side by side
    assert percents(section(menu, "Claude Code")) == [13, 23]
    assert percents(section(menu, "personal")) == [65, 35]
    assert three.run("--refresh")[0] == 0
    assert three.asked()[asked + 2 :] == ["Claude Code", "personal"]
    menu = three.menu()
    assert percents(section(menu, "work")) == [42, 52, 1] and rate_limited(section(menu, "work"))

    # Its wait is over: work asks again, and shows its fresh numbers.
    cache = str(three.tmp / "cache")
    waited = {"retry_at": time.time() - 1, "budget": Budget()}
    store_state(
        cache, three.ident("work"), replace(load_state(cache, three.ident("work")), **waited)
    )
    assert three.run("--refresh")[0] == 0
    assert three.asked()[-3:] == ["Claude Code", "work", "personal"]
    menu = three.menu()
    assert percents(section(menu, "work")) == [44, 54, 1]
    assert not any(rate_limited(section(menu, n)) for n in TOKENS)


@pytest.mark.parametrize(
    ("breaks", "broken", "says", "menu_title"),
    [
        (expire_work, "work", "⚠ Claude Code's sign-in expired", "○ 12% · ⚠ work"),
        (reject_personal, "personal", "⚠ Token rejected (401)", "○ 12% · ⚠ personal"),
        (reject_claude_code, "Claude Code", "⚠ Token rejected (401)", "○ 11% ⚠"),
    ],
)
def test_one_accounts_sign_in_trouble_never_hides_anothers_numbers(
    three, breaks, broken, says, menu_title
):
    fresh = {"Claude Code": (12, 22), "work": (43, 53), "personal": (64, 34)}
    for name, (session, weekly) in fresh.items():
        three.answer(name, session, weekly)
    breaks(three)
    assert three.run("--refresh")[0] == 0
    menu = three.menu()
    assert title(menu) == menu_title
    for name in TOKENS:
        lines = section(menu, name)
        trouble = [line for line in lines if line.lstrip("-").startswith(says)]
        assert bool(trouble) is (name == broken), (name, lines)
        first = FIRST[name] if name == broken else fresh[name]  # the broken keeps its last
        assert percents(lines)[:2] == list(first), (name, lines)


def test_another_account_at_its_limit_shows_in_the_title(three):
    three.answer("work", 100, 52)
    assert three.run("--refresh")[0] == 0
    menu = three.menu()
    assert title(menu) == "○ 11% · ⛔ work"
    assert percents(section(menu, "work"))[0] == 100
    three.answer("work", 40, 52)  # its session reset early
    assert three.run("--refresh")[0] == 0
    assert title(three.menu()) == "○ 11%"


# 3. Separate alerts


def test_thresholds_crossed_on_two_accounts_send_one_notification_each(three):
    three.answer("Claude Code", 76, 21)
    three.answer("work", 80, 52)
    three.age(120)
    three.menu()  # the every-minute run: the accounts due ask side by side
    wait_for(lambda: len(three.alerts()) >= 2)  # sent after the output, in a child
    assert sorted(three.alerts()) == [
        "Claude usage (Claude Code): session at 76%",
        "Claude usage (work): session at 80%",
    ]
    # Next fetch: the same two stay past 75 %; personal crosses it now. Refresh asks one
    # account after another, and the child sends personal's notification after any of
    # theirs, so once it is there, none of theirs came.
    three.answer("Claude Code", 77, 21)
    three.answer("work", 81, 52)
    three.answer("personal", 78, 33)
    assert three.run("--refresh")[0] == 0
    wait_for(lambda: len(three.alerts()) >= 3)
    assert three.alerts()[2:] == ["Claude usage (personal): session at 78%"]


# 4. The status-line feed


@pytest.mark.parametrize(
    ("folder", "fed"),
    [
        (work_folder, "work"),
        (link_to_work, "work"),
        (None, "Claude Code"),
        (default_folder, "Claude Code"),
        (unknown_folder, None),
    ],
)
def test_the_status_line_feeds_only_the_account_of_its_config_folder(three, folder, fed):
    env = {"CLAUDE_CONFIG_DIR": folder(three)} if folder else {}
    asked = len(three.server.requests)
    done = run_plugin("--statusline", input=document(57, 58), env_extra={**three.env, **env})
    assert done.returncode == 0, done.stderr
    line = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout.decode())  # without its colours
    assert line.startswith("◑ 57% · ") and line.rstrip().endswith("│ 7d 58%")  # its own
    menu = three.menu()
    for name, first in FIRST.items():
        shown = percents(section(menu, name))[:2]
        assert shown == ([57, 58] if name == fed else list(first)), (name, shown)
    assert title(menu) == ("◑ 57%" if fed == "Claude Code" else "○ 11%")
    assert len(three.server.requests) == asked  # the feed cost the API nothing


# 5. Migration from the one token source of before


@pytest.mark.parametrize("claude_code_had_numbers", [True, False])
def test_the_settings_of_before_become_accounts_once(isolated, server, claude_code_had_numbers):
    data, cache = isolated / "data", isolated / "cache"
    write_data(
        str(data / "settings.dat"),
        {"token_source": "manual", "notifications": False, "charts": "text"},
    )
    store_state(str(cache), "manual", old_state(61, 22, "manual"))
    if claude_code_had_numbers:
        store_state(str(cache), "claude-code", old_state(24, 36, "claude-code"))
    else:  # tried once, never signed in
        failure = Failure("no_token", "No Claude Code sign-in found", time.time(), True)
        store_state(str(cache), "claude-code", UsageState(failure=failure))
    (isolated / "keyring.json").write_text(json.dumps({KEYRING_ENTRY: PERSONAL_TOKEN}))
    write_claude_credentials(isolated / "home")
    accounts = Accounts(server, isolated, plugin_env(isolated, server))
    server.play_for(PERSONAL_TOKEN, usage(62, 23))
    server.play_for(ACCESS_TOKEN, usage(25, 37))

    menu = accounts.menu()
    assert server.requests == []  # the numbers kept are fresh: nothing asked
    assert title(menu) == "◑ 61%"  # the manual token stays primary
    if claude_code_had_numbers:
        assert percents(section(menu, "Manual token")) == [61, 22]
        assert percents(section(menu, "Claude Code")) == [24, 36]
    else:
        assert percents(menu.splitlines()) == [61, 22]
        assert "Account: Manual token | color=#98989D emojize=false" in menu.splitlines()
    assert "✓ Notifications: Off" in menu and "✓ Charts: Text" in menu
    assert "image=" not in menu  # text charts, as chosen
    saved = read_data(str(data / "settings.dat"))
    listed = [["claude-code", "Claude Code", ""]] if claude_code_had_numbers else []
    assert saved == {
        "token_source": "manual",
        "accounts": [*listed, ["manual", "Manual token", ""]],
        "notifications": False,
        "charts": "text",
    }
    written = (data / "settings.dat").stat()
    accounts.menu()
    again = (data / "settings.dat").stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # once

    assert accounts.run("--refresh")[0] == 0  # the keyring entry of before is manual's token
    assert accounts.asked() == ["personal", "Claude Code"][: 1 + claude_code_had_numbers]
    assert accounts.keyring() == {KEYRING_ENTRY: PERSONAL_TOKEN}
    assert percents(accounts.menu().splitlines())[:2] == [62, 23]


# 6. --account list, rename, primary, remove


def test_list_rename_and_primary(three):
    code, out, _ = three.run("--account", "list")
    assert code == 0
    assert accounts_listed(out) == [("*", "Claude Code"), (" ", "work"), (" ", "personal")]
    code, out, _ = three.run("--account", "rename", "work", "  job ")
    assert (code, out.strip()) == (0, "Renamed work to job")
    code, out, _ = three.run("--account", "primary", "PERSONAL")  # a name in any case
    assert (code, out.strip()) == (0, "Primary account: personal")
    assert accounts_listed(three.run("--account", "list")[1]) == [
        ("*", "personal"),
        (" ", "Claude Code"),
        (" ", "job"),
    ]
    menu = three.menu()
    assert title(menu) == "◑ 63%"  # personal's figure now
    assert heading(section(menu, "job")) == f"job · ◔ 42% · {WORK_EMAIL} · Team"
    assert not folded(section(menu, "personal")) and folded(section(menu, "Claude Code"))
    code, _, err = three.run("--account", "primary", "nobody")
    assert code == 1 and "no account called 'nobody'" in err


def test_remove_deletes_a_manual_tokens_entry_and_keeps_the_last_account(three):
    assert three.keyring() == {KEYRING_ENTRY: PERSONAL_TOKEN}
    assert three.run("--account", "primary", "personal")[0] == 0
    code, out, _ = three.run("--account", "remove", "personal")
    assert (code, out.strip()) == (0, "Removed personal; primary: Claude Code")
    assert three.keyring() == {}
    assert load_state(str(three.tmp / "cache"), "manual").snapshot is None  # nobody's now
    menu = three.menu()
    assert title(menu) == "○ 11%"
    assert not folded(section(menu, "work"))  # two accounts: no submenus
    assert "personal" not in menu
    assert three.run("--account", "remove", "work")[0] == 0
    code, _, err = three.run("--account", "remove", "Claude Code")
    assert code == 1 and "the last account can't be removed" in err
    assert accounts_listed(three.run("--account", "list")[1]) == [("*", "Claude Code")]
    assert "Account: Claude Code" in three.menu()  # one account: the menu of before


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("-x", "a name can't hold '|' nor start with '-'"),
        ("--work", "a name can't hold '|' nor start with '-'"),
        ("a|b", "a name can't hold '|' nor start with '-'"),
        ("x" * 25, "a name has at most 24 characters"),
        ("\u200b ", "an account needs a name"),
        ("Personal", "there is already an account called Personal"),
    ],
)
@pytest.mark.parametrize("verb", ["add", "rename"])
def test_names_are_validated(three, verb, name, says):
    before = three.run("--account", "list")[1]
    other = three.tmp / "other-claude"
    other.mkdir()
    words = ("add", name, "--folder", str(other)) if verb == "add" else ("rename", "work", name)
    code, _, err = three.run("--account", *words)
    assert (code, err.strip()) == (1, says)
    assert three.run("--account", "list")[1] == before


def test_the_folder_claude_codes_account_already_reads_is_not_added_twice(three):
    """With CLAUDE_CONFIG_DIR in the plugin's environment, the Claude Code account reads that
    folder: a folder account for it too would spend its budget twice per cycle."""
    other = three.tmp / "other-claude"
    sign_in(other, WORK_TOKEN, WORK_EMAIL)
    code, _, err = three.run(
        "--account", "add", "--folder", str(other), CLAUDE_CONFIG_DIR=str(other)
    )
    assert code == 2 and "already what Claude Code's account reads" in err
    assert [name for _, name in accounts_listed(three.run("--account", "list")[1])] == [
        "Claude Code",
        "work",
        "personal",
    ]


def test_rename_and_remove_from_the_menu_ask_which_account(three):
    """The menu's Rename Account… and Remove Account… name no account: a dialog asks which,
    and for a removal, choosing it is the confirmation (cancelling changes nothing)."""
    bin_dir = three.tmp / "bin"
    stand_in(bin_dir, "zenity", exit_code=1)  # cancelled
    code, _, err = three.run("--account", "remove")
    assert code == 1 and "Cancelled" in err
    assert len(accounts_listed(three.run("--account", "list")[1])) == 3
    (bin_dir / "zenity.argv.json").unlink()
    log = stand_in(bin_dir, "zenity", prints="work\n")
    code, out, _ = three.run("--account", "remove")
    assert (code, out.strip()) == (0, "Removed work; primary: Claude Code")
    (argv,) = calls(log)
    assert argv[-3:] == ["Claude Code", "work", "personal"]  # every account, by name
    names = [name for _, name in accounts_listed(three.run("--account", "list")[1])]
    assert names == ["Claude Code", "personal"]
    menu = three.menu()
    for item in ("Rename Account…", "Remove Account…"):
        line = next(line for line in menu.splitlines() if line.startswith(f"--{item}"))
        assert line.endswith("refresh=true emojize=false") and "param4" not in line


# What a review of the accounts found, each pinned.


def profiles(three: Accounts) -> int:
    return len([r for r in three.server.requests if r["path"] == "/api/oauth/profile"])


def test_accounts_due_together_share_the_menus_time_limit(three):
    """The whole-exchange limit works in the main thread: accounts ask one after the other,
    within one limit, so servers that trickle never hold a menu open past it."""
    for token in TOKENS.values():
        three.server.play_for(token, Reply(200, {}, trickle=0.05))
    three.age(3600)
    started = time.monotonic()
    menu = three.menu(CLAUDE_USAGE_TIMEOUT_S="1", SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
    assert time.monotonic() - started < 3.5  # the one 1 s limit, plus start-up: not three
    assert percents(section(menu, "work")) == [42, 52, 1]  # every account's last numbers


def test_a_profile_that_fails_is_asked_again_only_the_next_day(isolated, server):
    """A pasted token's identity: one profile request a day, whatever came of it; a Claude
    Code sign-in is only ever read offline, even with no email to read."""
    accounts = Accounts(server, isolated, plugin_env(isolated, server))
    write_claude_credentials(isolated / "home")
    (isolated / "home" / ".claude.json").unlink()  # no email to read offline
    server.play(usage(20, 30))
    server.play_path("/api/oauth/profile", Reply(500, "down"))
    assert (
        accounts.run("--account", "add", "personal", "--token", "-", stdin=PERSONAL_TOKEN)[0] == 0
    )
    for _ in range(3):
        assert accounts.run("--refresh")[0] == 0
    asked = [r["headers"]["Authorization"] for r in server.requests if "profile" in r["path"]]
    assert asked == [f"Bearer {PERSONAL_TOKEN}"]  # once, and never Claude Code's token


def test_a_429_on_the_profile_holds_back_even_a_refresh_click(isolated, server):
    accounts = Accounts(server, isolated, plugin_env(isolated, server))
    write_claude_credentials(isolated / "home")
    server.play(usage(20, 30))
    server.play_path("/api/oauth/profile", Reply(429, RATE_LIMITED, {"Retry-After": "3000"}))
    assert (
        accounts.run("--account", "add", "personal", "--token", "-", stdin=PERSONAL_TOKEN)[0] == 0
    )
    assert accounts.run("--refresh")[0] == 0  # usage, then the profile: 429
    before = len(accounts.asked())
    _, out, _ = accounts.run("--refresh")
    assert "personal: not asking yet" in out and accounts.asked()[before:] == ["Claude Code"]
    assert rate_limited(section(accounts.menu(), "personal"))


def test_forget_token_never_takes_a_folder_account_for_the_manual_one(three):
    assert three.run("--account", "remove", "personal")[0] == 0
    assert three.run("--account", "rename", "work", "Manual")[0] == 0  # a name, not an id
    code, out, _ = three.run("--forget-token")
    assert code == 0 and "No manual token was stored" in out
    names = [name for _, name in accounts_listed(three.run("--account", "list")[1])]
    assert names == ["Claude Code", "Manual"]
    for name in ("claude-code", "manual", "manual-2", "folder-1a2b3c4d"):
        code, _, err = three.run("--account", "rename", "Manual", name)
        assert code == 1 and "looks like an account's id" in err


def test_a_removed_account_keeps_its_budget_and_its_wait(three):
    three.server.play_for(WORK_TOKEN, Reply(429, RATE_LIMITED, {"Retry-After": "3000"}))
    assert three.run("--refresh")[0] == 0
    asked = three.asked().count("work")
    assert three.run("--account", "remove", "work")[0] == 0
    assert three.run("--account", "add", "work", "--folder", str(three.work))[0] == 0
    three.menu()
    three.run("--refresh")
    assert three.asked().count("work") == asked  # the same token: still waiting out its 429


def test_a_new_pasted_token_never_inherits_a_removed_ones_id(three):
    old = three.ident("personal")
    assert three.run("--account", "remove", "personal")[0] == 0
    other = "sk-ant-oat01-ANOTHER-pasted-token-never-shown-000000"
    three.server.play_for(other, usage(5, 6))
    assert three.run("--account", "add", "again", "--token", "-", stdin=other)[0] == 0
    assert three.ident("again") != old


def test_the_same_folder_by_another_path_is_not_a_second_account(three):
    link = three.tmp / "work-link"
    link.symlink_to(three.work)
    default = three.tmp / "claude-link"
    default.symlink_to(three.tmp / "home" / ".claude")
    for path, says in ((link, "already the account work"), (default, "Claude Code's own folder")):
        code, _, err = three.run("--account", "add", "--folder", str(path))
        assert code == 2 and says in err
    assert len(accounts_listed(three.run("--account", "list")[1])) == 3


def test_hand_edited_accounts_with_odd_ids_or_repeated_names_are_left_out(isolated, server):
    data = isolated / "data"
    data.mkdir(exist_ok=True)
    write_data(
        str(data / "settings.dat"),
        {
            "token_source": "claude-code",
            "accounts": [
                ["claude-code", "Claude Code", ""],
                ["folder-x\nInjected | bash=/usr/bin/true", "evil", "/tmp"],
                ["folder-../../escape", "escape", "/tmp"],
                ["manual-٣", "digits", ""],
                ["folder-1a2b3c4d", "claude code", "/tmp"],  # the same name, another case
                ["manual", "Manual token", ""],
            ],
        },
    )
    accounts = Accounts(server, isolated, plugin_env(isolated, server))
    assert accounts_listed(accounts.run("--account", "list")[1]) == [
        ("*", "Claude Code"),
        (" ", "Manual token"),
    ]
    assert "Injected" not in accounts.menu()


@pytest.mark.parametrize(
    ("host", "env"),
    [("swiftbar", {"SWIFTBAR": "1"}), ("argos", {"ARGOS_VERSION": "2"}), ("xbar", {})],
)
def test_the_menu_with_folded_accounts_reads_as_meant_in_every_host(three, host, env):
    menu = three.menu(**env)
    assert folded(section(menu, "work")) and lint(menu, host=host) == []
