"""--doctor's report as plain lines: each finding, each problem with its fix below it. Pure."""

from __future__ import annotations

from ..core.words import one_line

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..core.checkup import Finding

    Section = tuple[str, list[Finding]]

HEADER = "claude-usage doctor: nothing is sent to the API, and no token is shown"
PROBLEM, FIX = "  ✗ ", "    fix: "


def render_checkup(sections: list[Section], log_name: str, log_lines: list[str]) -> str:
    """The whole report: sections of findings, the debug log's tail, and a verdict."""
    lines = [HEADER]
    for title, findings in sections:
        lines += ["", title]
        for finding in findings:
            lines.append(f"  {finding.label}: {one_line(finding.text)}")
            if finding.problem:
                lines += [PROBLEM + one_line(finding.problem), FIX + one_line(finding.fix)]
    lines.append("")
    if log_lines:
        count = len(log_lines)
        lines.append(f"Debug log ({log_name}), last {count} line{'s' if count > 1 else ''}")
        lines += [f"  {one_line(line)}" for line in log_lines]
    else:
        lines.append(f"Debug log ({log_name}): empty")
    count = problems(sections)
    verdict = (
        "No problems found."
        if not count
        else f"{count} problem{'s' if count > 1 else ''} found: the fix is under each ✗."
    )
    return "\n".join([*lines, "", verdict]) + "\n"


def problems(sections: list[Section]) -> int:
    return sum(1 for _, findings in sections for finding in findings if finding.problem)
