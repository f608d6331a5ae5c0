from __future__ import annotations

import json
import os
import stat

import pytest

from claude_usage.core.claude_json import email_from_claude_json
from claude_usage.core.identity import (
    Identity,
    clean_email,
    describe,
    identity_from_dict,
    identity_to_dict,
    plan_name,
    profile_identity,
)
from claude_usage.system import files
from claude_usage.system.claude_json import (
    MAX_CLAUDE_JSON_BYTES,
    claude_json_path,
    read_email,
)
from conftest import FIXTURES

NOW = 1_767_000_000.0
PROFILE = json.loads((FIXTURES / "profile_max20x.json").read_text())


@pytest.mark.parametrize(
    ("subscription_type", "tier", "plan"),
    [
        ("max", "default_claude_max_20x", "Max 20x"),
        ("max", "default_claude_max_5x", "Max 5x"),
        ("max", None, "Max"),
        ("max", "default_claude_ai", "Max"),
        (" MAX ", "DEFAULT_CLAUDE_MAX_20X", "Max 20x"),
        ("claude_max", "default_claude_max_20x", "Max 20x"),  # the profile's organization_type
        ("pro", "default_claude_ai", "Pro"),
        ("pro", "default_claude_max_20x", "Pro"),  # the type decides; the tier only sizes Max
        ("team", None, "Team"),
        ("claude_team", "default_claude_max_5x", "Team"),
        ("enterprise", None, "Enterprise"),
        ("free", None, "Free"),
        (None, "default_claude_max_20x", "Max 20x"),  # no type: the tier names the plan
        ("", "default_claude_max_5x", "Max 5x"),
        (None, None, ""),
        ("", "", ""),
        (None, "default_claude_ai", ""),
        (42, ["max"], ""),
        ({"max": 1}, 20, ""),
        ("max", "default_claude_max_020x", "Max 20x"),
        ("max", "default_claude_max_0020x", "Max"),  # four digits: no real tier
        ("max", "default_claude_max_99999x", "Max"),  # no plan multiplies by 99,999
        ("max", "default_claude_max_²x", "Max"),  # str.isdigit says yes to "²"
        ("max", "default_claude_max_x", "Max"),
        ("max", "max_" + "2" * 10_000 + "x", "Max"),
        ("team_premium", None, "Team Premium"),  # a plan we do not know: its own words
        ("ultra-plus", None, "Ultra Plus"),
        ("ultra\u202e|color=red", None, "Ultracolorred"),  # no bidi trick, no menu markup
        ("\x00\x1b[31m", None, "31M"),
        ("a" * 1000, None, "A" + "a" * 23),
        ("word " * 50, None, "Word Word Word Word Word"),
        ("\u200b", None, ""),
        ("_-_", None, ""),
    ],
)
def test_plan_name(subscription_type, tier, plan):
    assert plan_name(subscription_type, tier) == plan


@pytest.mark.parametrize(
    ("identity", "text"),
    [
        (Identity("alice@example.com", "Max 20x"), "alice@example.com · Max 20x"),
        (Identity("alice@example.com", ""), "alice@example.com"),
        (Identity("", "Pro"), "Pro"),
        (Identity(), ""),
        (Identity(plan="Team", checked_at=NOW), "Team"),
    ],
)
def test_describe(identity, text):
    assert describe(identity) == text


@pytest.mark.parametrize(
    ("value", "email"),
    [
        ("alice@example.com", "alice@example.com"),
        ("  bob@example.org\n", "bob@example.org"),
        ("a\u202e@example.com", "a@example.com"),  # cleaned: nothing hides or reorders
        ("al\u200bice@example.com", "alice@example.com"),
        ("alice@exa\x00mple.com", "alice@example.com"),
        ("alice", ""),
        ("@example.com", ""),
        ("alice@", ""),
        ("", ""),
        ("al ice@example.com", ""),
        ("alice@example.com\nbob@example.com", ""),  # a line break becomes a space
        ("a" * 250 + "@b.cd", ""),
        ("a" * 242 + "@example.com", "a" * 242 + "@example.com"),  # 254: the longest allowed
        ("x@" * 100_000, ""),
        ("\ud800alice@example.com", "alice@example.com"),  # a lone surrogate
        (None, ""),
        (42, ""),
        (["alice@example.com"], ""),
    ],
)
def test_clean_email(value, email):
    assert clean_email(value) == email


def claude_json(**top) -> str:
    return json.dumps({"numStartups": 3, "projects": {"/work/x": {"history": []}}, **top})


HUGE_PROJECTS = json.dumps(
    {
        "projects": {f"/work/p{i}": {"history": [{"display": "x" * 200}] * 5} for i in range(500)},
        "oauthAccount": {"emailAddress": "alice@example.com", "organizationUuid": "o"},
    }
)


@pytest.mark.parametrize(
    ("text", "email"),
    [
        (claude_json(oauthAccount={"emailAddress": "alice@example.com"}), "alice@example.com"),
        (HUGE_PROJECTS, "alice@example.com"),
        ("\ufeff" + claude_json(oauthAccount={"emailAddress": "b@c.de"}), "b@c.de"),
        (claude_json(), ""),
        (claude_json(oauthAccount=None), ""),
        (claude_json(oauthAccount="alice@example.com"), ""),
        (claude_json(oauthAccount={"emailAddress": None}), ""),
        (claude_json(oauthAccount={"emailAddress": ["a@b.c"]}), ""),
        (claude_json(oauthAccount={"emailAddress": "not an email"}), ""),
        (claude_json(oauthAccount={"emailAddress": "x\u202e@evil.test"}), "x@evil.test"),
        (claude_json(oauthAccount={"emailAddress": "a@b" + "c" * 10_000}), ""),
        (claude_json(oauthAccount={"emailAddress": "a@b.c"})[:-30], ""),  # caught mid-write
        ("", ""),
        (None, ""),
        ("null", ""),
        ("[1, 2]", ""),
        ('"alice@example.com"', ""),
        ("{not json", ""),
        ("[" * 100_000, ""),  # nested too deep for the parser
        ('{"oauthAccount": ' * 50_000, ""),
        ("\x00" * 1000, ""),
    ],
)
def test_email_from_claude_json(text, email):
    assert email_from_claude_json(text) == email


def test_profile_identity_from_the_fixture():
    assert profile_identity(PROFILE, NOW) == Identity("alice@example.com", "Max 20x", NOW)


def with_fields(account=None, organization=None):
    return {
        "account": {**PROFILE["account"], **(account or {})},
        "organization": {**PROFILE["organization"], **(organization or {})},
    }


@pytest.mark.parametrize(
    ("payload", "identity"),
    [
        (with_fields(organization={"rate_limit_tier": "default_claude_max_5x"}), ("Max 5x",)),
        (with_fields(organization={"rate_limit_tier": None}), ("Max",)),
        (
            with_fields(
                {"has_claude_max": False, "has_claude_pro": True},
                {"organization_type": "claude_pro", "rate_limit_tier": "default_claude_ai"},
            ),
            ("Pro",),
        ),
        (with_fields(organization={"organization_type": "claude_team"}), ("Team",)),
        (with_fields(organization={"organization_type": "claude_enterprise"}), ("Enterprise",)),
        (with_fields(organization={"organization_type": None}), ("Max 20x",)),  # from the tier
        (
            with_fields(organization={"organization_type": None, "rate_limit_tier": None}),
            ("Max",),  # has_claude_max
        ),
        (
            with_fields(
                {"has_claude_max": None, "has_claude_pro": True},
                {"organization_type": None, "rate_limit_tier": None},
            ),
            ("Pro",),
        ),
        (
            with_fields(
                {"has_claude_max": "yes", "has_claude_pro": 1},
                {"organization_type": None, "rate_limit_tier": None},
            ),
            ("",),  # only a real true counts
        ),
        (with_fields({"email": None}), ("Max 20x", "")),
        (with_fields({"email": "a\u202e@b.c\n"}), ("Max 20x", "a@b.c")),
        ({"account": {"email": "alice@example.com"}}, ("", "alice@example.com")),
        (
            {"account": {"email": "alice@example.com"}, "organization": None},
            ("", "alice@example.com"),
        ),
        ({"organization": {"organization_type": "claude_max"}}, ("Max", "")),
    ],
)
def test_profile_identity_reads_what_is_there(payload, identity):
    plan, *email = identity
    expected_email = email[0] if email else "alice@example.com"
    assert profile_identity(payload, NOW) == Identity(expected_email, plan, NOW)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "alice@example.com",
        {},
        {"account": None, "organization": None},
        {"account": [], "organization": "claude_max"},
        {"account": {"email": "nope", "has_claude_max": False}, "organization": {}},
        {"error": {"type": "not_found_error"}},
    ],
)
def test_profile_identity_without_an_account_or_plan_is_none(payload):
    assert profile_identity(payload, NOW) is None


@pytest.mark.parametrize(
    "identity",
    [
        Identity("alice@example.com", "Max 20x", NOW),
        Identity("alice@example.com", "", None),
        Identity("", "Pro", 0.0),
        Identity(),
    ],
)
def test_identity_survives_a_state_file(tmp_path, identity):
    path = str(tmp_path / "state")
    files.write_data(path, identity_to_dict(identity))  # plain values only, or this raises
    assert identity_from_dict(files.read_data(path)) == identity


@pytest.mark.parametrize(
    ("data", "identity"),
    [
        (None, Identity()),
        ([], Identity()),
        ("alice@example.com", Identity()),
        ({}, Identity()),
        ({"email": 5, "plan": None, "checked_at": "now"}, Identity()),
        ({"email": "a@b.c", "plan": "Max 5x", "checked_at": 5}, Identity("a@b.c", "Max 5x", 5.0)),
        ({"checked_at": True}, Identity()),
        ({"checked_at": float("nan")}, Identity()),
        ({"checked_at": float("inf")}, Identity()),
        ({"checked_at": 10**400}, Identity()),
        ({"email": "no address"}, Identity()),
        (
            {"plan": "Max\u202e 20x\n|color=red" + "!" * 100},
            Identity(plan="Max 20x |color=red!!!!!!"),
        ),
        ({"plan": "P" * 10_000}, Identity(plan="P" * 24)),
        ({"email": "e\u200b@x.y", "extra": {"nested": [1]}}, Identity("e@x.y")),
    ],
)
def test_identity_from_dict_is_tolerant(data, identity):
    assert identity_from_dict(data) == identity


@pytest.mark.parametrize(
    ("config_dir", "path"),
    [
        (None, "/home/alice/.claude.json"),
        ("", "/home/alice/.claude.json"),
        ("/work/claude-b", "/work/claude-b/.claude.json"),
    ],
)
def test_claude_json_path(config_dir, path):
    assert claude_json_path(config_dir, "/home/alice") == path


def test_read_email_from_the_file(tmp_path):
    path = tmp_path / ".claude.json"
    path.write_text(HUGE_PROJECTS)
    assert read_email(str(path)) == "alice@example.com"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe{}",  # not UTF-8
        claude_json(oauthAccount={"emailAddress": "a@b.c"}).encode()[:-3],
        b'{"oauthAccount": {"emailAddress": "a@b.c"}, "pad": "'
        + b"x" * MAX_CLAUDE_JSON_BYTES
        + b'"}',  # too big to parse on a menu run
    ],
)
def test_read_email_counts_a_bad_file_as_unknown(tmp_path, content):
    path = tmp_path / ".claude.json"
    path.write_bytes(content)
    assert read_email(str(path)) == ""


def test_read_email_of_no_file_or_a_folder(tmp_path):
    assert read_email(str(tmp_path / "missing.json")) == ""
    assert read_email(str(tmp_path)) == ""


def test_read_email_does_not_hang_on_a_fifo(tmp_path):
    path = tmp_path / ".claude.json"
    os.mkfifo(path)
    assert stat.S_ISFIFO(os.stat(path).st_mode)
    assert read_email(str(path)) == ""  # returns at once: no writer, nothing to wait for


def test_read_email_does_not_follow_a_symlink(tmp_path):
    real = tmp_path / "elsewhere.json"
    real.write_text(claude_json(oauthAccount={"emailAddress": "mallory@example.com"}))
    link = tmp_path / ".claude.json"
    link.symlink_to(real)
    assert read_email(str(link)) == ""
