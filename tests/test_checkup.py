"""What --doctor makes of the facts: the rules, with literal facts and a literal clock."""

from __future__ import annotations

import pytest

from claude_usage.core.budget import Budget
from claude_usage.core.checkup import Folder, failure_fix, folder_finding, state_findings
from claude_usage.core.model import Snapshot
from claude_usage.core.state import Failure, UsageState
from claude_usage.render.checkup import render_checkup

NOW = 1_767_384_000.0


@pytest.mark.parametrize(
    ("folder", "problem", "fix"),
    [
        (Folder("/c", None), "", ""),
        (Folder("/c", 0o40700), "", ""),
        (Folder("/c", 0o40755), "", ""),  # others may look, not write: the files are 0600
        (Folder("/c", 0o40777), "others may write in it", "chmod 700 /c"),
        (Folder("/c", 0o40720), "others may write in it", "chmod 700 /c"),
        (Folder("/c", 0o40700, mine=False), "it belongs to another user", "sudo chown -R"),
        (Folder("/c", 0o40500, writable=False), "it is not writable", "chmod u+rwx /c"),
    ],
)
def test_a_state_folder_must_be_private_and_writable(folder, problem, fix):
    finding = folder_finding("cache", folder, "/c")
    assert (problem in finding.problem) if problem else finding.problem == ""
    assert (fix in finding.fix) if fix else finding.fix == ""


@pytest.mark.parametrize(
    ("kind", "user_set", "message", "wanted"),
    [
        ("token_rejected", True, "Token rejected (401)", "Set Token…"),
        ("token_rejected", False, "Token rejected (401)", "/login"),
        ("token_rejected", False, "Token lacks the user:profile scope", "setup-token"),
        ("no_token", True, "", "--set-token - < token.txt"),
        ("rate_limited", False, "", "waits"),
        ("unsafe_endpoint", False, "", "CLAUDE_USAGE_API_URL"),
    ],
)
def test_each_failure_has_a_fix_for_its_source(kind, user_set, message, wanted):
    assert wanted in failure_fix(kind, user_set, message)


def texts(state):
    return {f.label: f for f in state_findings(state, NOW, False)}


def test_a_rate_limit_says_when_the_next_request_goes(tmp_path):
    failure = Failure("rate_limited", "Rate limited", NOW - 30)
    state = UsageState(
        snapshot=Snapshot(NOW - 600, ()),
        failure=failure,
        retry_at=NOW + 90,
        budget=Budget(0.0, NOW - 30),
    )
    found = texts(state)
    assert found["last fetch"].text.startswith("10m ago")
    assert found["last error"].text == "Rate limited (30s ago)"
    assert "waits" in found["last error"].fix
    assert found["next request"].text.startswith("in 2m (waiting after the last failure); 0 of 20")


def test_a_token_failure_is_left_to_the_token_finding():
    state = UsageState(failure=Failure("no_token", "No Claude Code sign-in found", NOW, True))
    found = texts(state)
    assert found["last error"].problem == ""
    assert found["next request"].text.startswith("allowed now; 20 of 20")


def test_a_held_request_says_it_keeps_within_the_budget():
    state = UsageState(snapshot=Snapshot(NOW - 3600, ()), budget=Budget(0.2, NOW))
    assert "held to stay within the API's budget" in texts(state)["next request"].text


def test_each_problem_has_its_fix_on_the_next_line():
    found = folder_finding("cache", Folder("/c", 0o40777), "/c")
    text = render_checkup([("State folders", [found])], "/c/debug.log", ["one", "two"])
    lines = text.splitlines()
    at = lines.index("  ✗ others may write in it")
    assert lines[at - 1] == "  cache: /c (mode 0777)"
    assert lines[at + 1] == "    fix: chmod 700 /c"
    assert lines[-3:] == ["  two", "", "1 problem found: the fix is under each ✗."]
