"""`--history` for people and for scripts: a month of peaks, hits and the session's day. Pure."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ..core.summary import Summary


def history_text(summary: Summary, titles: Mapping[str, str]) -> str:
    """The summary as a few plain tables for a terminal."""
    keys = list(summary.peaks)
    if not keys:
        return "No history yet: it grows with each fetch and status-line update.\n"
    names = [titles.get(key, key) for key in keys]
    widths = [max(len(name), 5) for name in names]
    lines = [f"Daily peaks, last {len(summary.days)} days", ""]
    lines.append("  ".join(["date      ", *(n.rjust(w) for n, w in zip(names, widths))]))
    for day in summary.days:
        cells = [_percent(summary.peaks[key].get(day)).rjust(w) for key, w in zip(keys, widths)]
        lines.append("  ".join([day, *cells]))
    lines += ["", "Limit reached (100 %)"]
    for key, name in zip(keys, names):
        count = summary.hits.get(key, 0)
        lines.append(f"  {name}: {'never' if not count else _times(count)}")
    lines += ["", "Session use by hour of day (points per day, on average)"]
    for hour, points in enumerate(summary.session_by_hour):
        lines.append(f"  {hour:02d}:00  {points:5.1f}")
    return "\n".join(lines) + "\n"


def history_report(summary: Summary, titles: Mapping[str, str]) -> dict[str, Any]:
    """The summary as plain JSON values."""
    return {
        "days": list(summary.days),
        "limits": [
            {
                "key": key,
                "title": titles.get(key, key),
                "daily_peaks": [
                    {"date": day, "percent": by_day[day]} for day in summary.days if day in by_day
                ],
                "times_reached": summary.hits.get(key, 0),
            }
            for key, by_day in summary.peaks.items()
        ],
        "session_by_hour": list(summary.session_by_hour),
    }


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
