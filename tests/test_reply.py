from __future__ import annotations

import json

import pytest

from claude_usage.core.errors import ApiUnavailable
from claude_usage.core.model import SESSION, WEEKLY, WEEKLY_SCOPED, ExtraUsage
from claude_usage.core.reply import parse_reply, parse_timestamp
from conftest import FIXTURES

T0 = 1767384000.0  # 2026-01-02T20:00:00Z


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T20:00:00+00:00", T0),
        ("2026-01-02T20:00:00Z", T0),
        ("2026-01-02T19:59:59.600956+00:00", T0 - 0.399044),
        ("2026-01-02T20:00:00.001+00:00", T0 + 0.001),
        ("2026-01-02T20:00:00.12345Z", T0 + 0.12345),  # 5 digits: Python 3.9's parser refuses
        ("2026-01-02T21:30:00+01:30", T0),
        ("2026-01-02T15:00:00-05:00", T0),
        ("2026-01-02T20:00:00", T0),  # no zone: the API speaks UTC
        ("not a time", None),
        ("2026-13-45T99:00:00Z", None),
        ("2026-01-02T20:00:00+5", None),
        (None, None),
        (1767384000, None),
    ],
)
def test_parse_timestamp(text, expected):
    result = parse_timestamp(text)
    assert result == (pytest.approx(expected, abs=1e-6) if expected is not None else None)


def test_real_max20x_reply_becomes_three_limits():
    snap = parse_reply(json.loads((FIXTURES / "usage_max20x.json").read_text()), fetched_at=5.0)
    assert [(lim.key, lim.title, lim.kind, lim.percent) for lim in snap.limits] == [
        ("five_hour", "Current session", SESSION, 24.0),
        ("seven_day", "All models", WEEKLY, 36.0),
        ("seven_day_sonnet", "Sonnet only", WEEKLY_SCOPED, 1.0),
    ]
    assert snap.limits[0].resets_at == pytest.approx(T0 - 0.399044, abs=1e-6)
    assert snap.extra is None  # disabled extra usage is not shown
    assert snap.fetched_at == 5.0


def test_real_minimal_reply():
    snap = parse_reply(json.loads((FIXTURES / "usage_minimal.json").read_text()), 0)
    assert [lim.percent for lim in snap.limits] == [61.0, 22.0]


LIMITS_REPLY = {
    "five_hour": {"utilization": 10.0, "resets_at": "2026-01-02T20:00:00Z"},
    "seven_day": {"utilization": 20.0, "resets_at": "2026-01-08T20:00:00Z"},
    "seven_day_sonnet": None,
    "seven_day_opus": {"utilization": 5.0, "resets_at": None},
    "limits": [
        {
            "kind": "session",
            "group": "default",
            "percent": 11.0,
            "resets_at": "2026-01-02T20:00:00.4Z",
            "scope": None,
            "is_active": True,
        },
        {"kind": "weekly_all", "percent": 21.0, "resets_at": "2026-01-08T20:00:00Z"},
        {
            "kind": "weekly_scoped",
            "percent": 30.0,
            "resets_at": "2026-01-08T20:00:00Z",
            "scope": {
                "model": {"id": "claude-sonnet-4-5", "display_name": "Sonnet 4.5"},
                "surface": None,
            },
        },
        {
            "kind": "weekly_scoped",
            "percent": 40.0,
            "resets_at": "2026-01-08T20:00:00Z",
            "scope": {"model": {"id": "claude-opus-4-1", "display_name": "Opus 4.1"}},
        },
        {
            "kind": "weekly_scoped",
            "percent": 50.0,
            "resets_at": None,
            "scope": {"model": {"id": "claude-nova-1", "display_name": "Nova"}},
        },
        {"kind": "weekly_scoped", "percent": 60.0, "scope": {"surface": "claude_code"}},
        {"kind": "weekly_scoped", "percent": 70.0, "scope": None},
        {"kind": "monthly_mystery", "percent": 99.0},
        "not an object",
        {"kind": "session", "percent": "12"},
    ],
}


def test_limits_list_merges_with_flat_keys_showing_each_window_once():
    snap = parse_reply(LIMITS_REPLY, 0)
    assert [(lim.key, lim.title, lim.percent) for lim in snap.limits] == [
        ("five_hour", "Current session", 11.0),
        ("seven_day", "All models", 21.0),
        ("seven_day_opus", "Opus 4.1 only", 40.0),
        ("seven_day_sonnet", "Sonnet 4.5 only", 30.0),
        ("weekly:claude-nova-1", "Nova only", 50.0),
        ("weekly:surface:claude_code", "Claude code only", 60.0),
    ]


@pytest.mark.parametrize(
    "window",
    [
        None,
        {},
        {"utilization": None},
        {"utilization": "35"},
        {"utilization": True},
        {"utilization": float("nan")},
        [],
        "35",
        35,
    ],
)
def test_unusable_windows_are_left_out(window):
    snap = parse_reply({"five_hour": window, "seven_day": {"utilization": 3}}, 0)
    assert [lim.key for lim in snap.limits] == ["seven_day"]


def test_unknown_buckets_get_a_readable_name_or_none():
    snap = parse_reply(
        {
            "five_hour": None,
            "seven_day_cowork": {"utilization": 4.0},
            "seven_day_haiku": {"utilization": 2.0},
            "iguana_necktie": {"utilization": 9.0},
        },
        0,
    )
    assert [lim.title for lim in snap.limits] == ["Cowork only", "Haiku only"]


def test_utilization_over_100_is_kept():
    snap = parse_reply({"five_hour": {"utilization": 104.5, "resets_at": None}}, 0)
    assert snap.limits[0].percent == 104.5 and snap.limits[0].resets_at is None


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"is_enabled": True, "monthly_limit": 100000, "used_credits": 1234, "utilization": 1.2},
            ExtraUsage(1234.0, 100000.0, "USD"),
        ),
        (
            {"is_enabled": True, "monthly_limit": None, "used_credits": 550, "currency": "eur"},
            ExtraUsage(550.0, None, "EUR"),
        ),
        (
            {"is_enabled": True, "monthly_limit": 5000, "used_credits": None},
            ExtraUsage(0.0, 5000.0, "USD"),
        ),
        ({"is_enabled": False, "monthly_limit": None, "used_credits": None}, None),
        ({"is_enabled": "yes"}, None),
        (None, None),
    ],
)
def test_extra_usage(extra, expected):
    assert parse_reply({"five_hour": None, "extra_usage": extra}, 0).extra == expected


@pytest.mark.parametrize("payload", [[], "ok", None, 42, {"error": "nope"}, {}])
def test_a_reply_that_is_not_about_usage_is_unexpected(payload):
    with pytest.raises(ApiUnavailable, match="unexpected"):
        parse_reply(payload, 0)


@pytest.mark.parametrize(
    "payload",
    [
        {"five_hour": "nope", "seven_day": 7},
        {"five_hour": {"utilization": "high"}, "seven_day": None},
        {"limits": [{"kind": "session", "percent": None}]},
    ],
)
def test_windows_that_are_all_unreadable_are_unexpected(payload):
    with pytest.raises(ApiUnavailable, match="unexpected"):
        parse_reply(payload, 0)


def test_all_null_windows_are_an_empty_but_valid_reply():
    assert parse_reply({"five_hour": None, "seven_day": None, "limits": []}, 0).limits == ()


@pytest.mark.parametrize(
    "payload",
    [
        {"five_hour": {"utilization": 10**400, "resets_at": None}, "seven_day": None},
        {"five_hour": {"utilization": 5, "resets_at": "0001-01-01T00:00:00+05:00"}},
    ],
)
def test_absurd_values_are_unreadable_not_crashes(payload):
    try:
        snap = parse_reply(payload, 0)
    except ApiUnavailable:
        return  # nothing readable is a fine answer too
    assert all(lim.resets_at is None for lim in snap.limits)


def test_two_models_of_one_family_keep_their_own_windows():
    entries = [
        {"kind": "weekly_scoped", "percent": p, "scope": {"model": {"id": i, "display_name": n}}}
        for p, i, n in ((10.0, "claude-opus-4", "Opus 4"), (20.0, "claude-opus-4-1", "Opus 4.1"))
    ]
    snap = parse_reply({"limits": entries}, 0)
    assert [(lim.title, lim.percent) for lim in snap.limits] == [
        ("Opus 4 only", 10.0),
        ("Opus 4.1 only", 20.0),
    ]
