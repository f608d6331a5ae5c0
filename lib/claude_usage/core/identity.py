"""Who an account is, in words a menu can show: "alice@example.com · Max 20x". Pure.

Everything here comes from outside: Claude Code's credentials and `.claude.json`,
the profile endpoint, or our own state file (which anyone could have written).
So each text is cleaned (see core.words.one_line) and cut short before it is kept.
The cached menu run imports this module: nothing heavy is imported here.
"""

from __future__ import annotations

from .record import Record
from .words import one_line

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

MAX_PLAN_CHARS = 24  # "Enterprise" is 10; a longer plan name is a glitch, not a plan
MAX_EMAIL_CHARS = 254  # the longest address SMTP can carry (RFC 5321 path limit)
SEPARATOR = " · "
PLANS = {  # subscriptionType or organization_type (without "claude_") -> display words
    "max": "Max",
    "pro": "Pro",
    "team": "Team",
    "enterprise": "Enterprise",
    "free": "Free",
}
MAX_MULTIPLIER_DIGITS = 3  # "max_20x"; four digits would be a typo or an attack
MAX_EPOCH_S = 1e12  # past the year 33000: garbage, not a moment


class Identity(Record):
    """An account's email and plan, and when they were learnt (None: read offline)."""

    email: str = ""
    plan: str = ""  # display words: "Max 20x", "Pro", "Team"
    checked_at: float | None = None


def plan_name(subscription_type: object, rate_limit_tier: object) -> str:
    """Display words for a plan, from Claude Code's subscriptionType and rateLimitTier.

    ("max", "default_claude_max_20x") -> "Max 20x"; ("pro", None) -> "Pro"; an
    unknown type is shown as its own cleaned, title-cased words; garbage -> "".
    """
    kind = _plan_kind(subscription_type)
    multiplier = _multiplier(rate_limit_tier)
    if not kind and multiplier:  # no type given, but the tier names a Max plan
        kind = "max"
    if not kind:
        return ""
    if kind == "max" and multiplier:
        return f"Max {multiplier}"
    return PLANS.get(kind) or _title_words(kind)


def describe(identity: Identity) -> str:
    """ "alice@example.com · Max 20x", either part alone when the other is unknown, or ""."""
    return SEPARATOR.join(part for part in (identity.email, identity.plan) if part)


def clean_email(value: object) -> str:
    """`value` as an address fit to show on one line, or "" when it does not look like one."""
    if not isinstance(value, str) or len(value) > 4 * MAX_EMAIL_CHARS:
        return ""
    address = one_line(value).strip()
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or len(address) > MAX_EMAIL_CHARS:
        return ""
    if not address.isprintable() or any(ch.isspace() for ch in address):
        return ""
    return address


def profile_identity(payload: object, now: float) -> Identity | None:
    """The Identity in a reply of GET /api/oauth/profile; None when it names neither part."""
    if not isinstance(payload, dict):
        return None
    account = _member(payload, "account")
    organization = _member(payload, "organization")
    tier = organization.get("rate_limit_tier")
    plan = plan_name(organization.get("organization_type"), tier)
    if not plan and account.get("has_claude_max") is True:
        plan = plan_name("max", tier)
    elif not plan and account.get("has_claude_pro") is True:
        plan = PLANS["pro"]
    email = clean_email(account.get("email"))
    if not (email or plan):
        return None
    return Identity(email=email, plan=plan, checked_at=now)


def identity_to_dict(identity: Identity) -> dict[str, Any]:
    """Plain values for a state file."""
    return {"email": identity.email, "plan": identity.plan, "checked_at": identity.checked_at}


def identity_from_dict(data: object) -> Identity:
    """The Identity a state file held; anything malformed reads as unknown."""
    if not isinstance(data, dict):
        return Identity()
    plan = data.get("plan")
    checked_at = data.get("checked_at")
    return Identity(
        email=clean_email(data.get("email")),
        plan=_one_line_words(plan)[:MAX_PLAN_CHARS].rstrip() if isinstance(plan, str) else "",
        checked_at=_moment(checked_at),
    )


def _plan_kind(value: object) -> str:
    """ "max" from "max", " MAX ", "claude_max"; "" when there is no word to read."""
    if not isinstance(value, str):
        return ""
    kind = value[: 4 * MAX_PLAN_CHARS].strip().lower()
    return kind[len("claude_") :] if kind.startswith("claude_") else kind


def _multiplier(tier: object) -> str:
    """ "20x" from "default_claude_max_20x"; "" when the tier names no Max multiplier."""
    if not isinstance(tier, str) or len(tier) > 4 * MAX_PLAN_CHARS:
        return ""
    parts = tier.strip().lower().split("_")
    for word, size in zip(parts, parts[1:]):
        digits = size[:-1]
        if (
            word == "max"
            and size.endswith("x")
            and digits.isascii()
            and digits.isdigit()
            and len(digits) <= MAX_MULTIPLIER_DIGITS
        ):
            return f"{int(digits)}x"
    return ""


def _title_words(kind: str) -> str:
    """An unknown plan's own words, letters and digits only: "team_premium" -> "Team Premium"."""
    spaced = kind.replace("_", " ").replace("-", " ")
    kept = "".join(ch for ch in one_line(spaced) if ch.isalnum() or ch == " ")
    return " ".join(kept.split())[:MAX_PLAN_CHARS].rstrip().title()


def _one_line_words(text: str) -> str:
    return " ".join(one_line(text[: 4 * MAX_PLAN_CHARS]).split())


def _member(payload: dict[str, Any], key: str) -> dict[str, Any]:
    value = payload.get(key)
    return value if isinstance(value, dict) else {}


def _moment(value: object) -> float | None:
    """A finite epoch-seconds number, else None (bool is an int, but no moment)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if -MAX_EPOCH_S < value < MAX_EPOCH_S else None  # NaN fails both
