"""Human wording for percentages, durations, reset times and ages; outside text made fit to show.

Pure: `now` is passed in. Outside text is made fit to show on one line
(one_line): nothing in it can hide, reorder or break it. Model names and
messages come from the API and from Claude Code's status-line feed. In a menu
line a bidi control (U+202E) reverses the rest of the line and a zero-width
character hides inside a name; as a notifier's argument a NUL or a lone
surrogate cannot even be passed to the program.

Both live here rather than in two modules: every module a cached menu run
imports costs it about 0.1 ms.
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable

    LocalTime = Callable[[float], time.struct_time]

DAY_S = 86400
MAX_SHOWN_PERCENT = 999.0  # past this a figure is a glitch, not a reading; --json keeps it raw


def bounded_percent(percent: float) -> float:
    """The figure as a menu may show it: 0 to MAX_SHOWN_PERCENT (NaN reads as 0)."""
    return min(percent, MAX_SHOWN_PERCENT) if percent >= 0 else 0.0


def shown_percent(percent: float) -> int:
    """The whole number shown; never rounds up to 100 % before the limit is really hit."""
    percent = bounded_percent(percent)
    whole = round(percent)
    return min(whole, 99) if percent < 100 else whole


def format_duration(seconds: float) -> str:
    """'45m', '2h 13m', '3d 4h': rounded up to the minute, so it never says 0m too early."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        hours, mins = divmod(minutes, 60)
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    days, hours = divmod(round(minutes / 60), 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


def format_age(seconds: float) -> str:
    """'12s ago', '3m ago', '2h ago', '4d ago'."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s ago"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    if seconds < DAY_S:
        return f"{seconds // 3600}h ago"
    return f"{seconds // DAY_S}d ago"


def clock_time(moment: float, now: float, *, localtime: LocalTime = time.localtime) -> str:
    """'14:00' when it is today (local time), else 'Thu 14:00'."""
    then, today = localtime(moment), localtime(now)
    same_day = (then.tm_year, then.tm_yday) == (today.tm_year, today.tm_yday)
    return time.strftime("%H:%M" if same_day else "%a %H:%M", then)


def describe_reset(
    resets_at: float | None, now: float, *, localtime: LocalTime = time.localtime
) -> str:
    """'resets in 45m', 'resets in 3d 4h · Thu 14:00', 'resetting…', or '' when unknown."""
    if resets_at is None:
        return ""
    left = resets_at - now
    if left <= 0:
        return "resetting…"
    if left < DAY_S:
        return f"resets in {format_duration(left)}"
    return f"resets in {format_duration(left)} · {clock_time(resets_at, now, localtime=localtime)}"


LINE_BREAKS = "\r\n\u2028\u2029\x85\x0b\x0c"
_HIDDEN_RANGES = (  # inclusive; every Cf (format) character of Unicode 16, and the controls
    (0x00, 0x1F),  # C0 controls, NUL among them
    (0x7F, 0x9F),  # DEL and the C1 controls
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),  # Arabic letter mark (bidi)
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),  # tag characters
)
# For str.translate, which does in C what a loop over characters would do in Python:
# a cached menu run cleans every line, and building this table costs ~15 µs.
HIDDEN: dict[int, str | None] = dict.fromkeys(
    [code for first, last in _HIDDEN_RANGES for code in range(first, last + 1)]
)
HIDDEN.update(dict.fromkeys(map(ord, LINE_BREAKS), " "))


def one_line(text: str) -> str:
    """`text` with line breaks as spaces, without controls, format characters or lone surrogates."""
    text = text.translate(HIDDEN)
    if text.isascii():
        return text
    return text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates (U+D800–DFFF)
