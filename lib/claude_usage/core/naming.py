"""Account names: what a user may call an account, and the name a new one starts with. Pure.

A name shows in the menu-bar title (`⛔ work`), in section headings and in
notifications, and the menu's Accounts items name the account on a command line.
So it is one short line: no controls, no `|` (the hosts' parameter separator),
and never a leading dash (a host would read `--work` as a submenu item).
"""

from __future__ import annotations

from .words import one_line

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_NAME = 24  # it shares the menu-bar title with the figures (settings reads no longer ones)


def clean_name(text: str) -> str:
    """`text` as an account name would be kept: one line, single spaces, no edge blanks."""
    # Blanks first: one_line drops a tab, which would glue the words on either side.
    return " ".join(one_line(" ".join(text.split())).split())


def name_problem(name: str, taken: Iterable[str]) -> str | None:
    """Why `name` cannot name an account (besides those in `taken`), or None."""
    if not name:
        return "an account needs a name"
    if len(name) > MAX_NAME:
        return f"a name has at most {MAX_NAME} characters"
    if "|" in name or name.startswith("-"):
        return "a name can't hold '|' nor start with '-'"
    if name.casefold() in {other.casefold() for other in taken}:
        return f"there is already an account called {name}"
    if looks_like_an_id(name):
        return f"{name} looks like an account's id: choose another name"
    return None


def looks_like_an_id(name: str) -> bool:
    """Whether `name` reads like one of our account ids (claude-code, manual-2, folder-1a2b3c4d),
    which commands look up before names: such a name could pick another account."""
    number = name.partition("-")[2]  # ids are lower case, and so looked up
    if name in ("claude-code", "manual"):
        return True
    if name.startswith("manual-"):
        return number.isascii() and number.isdigit()
    return name.startswith("folder-") and len(number) == 8 and _hex(number)


def _hex(text: str) -> bool:
    return text.isascii() and all(ch in "0123456789abcdef" for ch in text)


def folder_name(folder: str) -> str:
    """A first name for a Claude Code config folder's account: `~/.claude-work` is `claude-work`.

    Always a name name_problem takes: the user gave none, so none can be wrong."""
    base = folder.rstrip("/").rpartition("/")[2].lstrip(".").replace("|", " ")
    name = clean_name(base).lstrip("- ")[:MAX_NAME].rstrip() or "Claude Code folder"
    return f"{name[: MAX_NAME - 7]} folder" if looks_like_an_id(name) else name


def numbered(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name 2`, `name 3`…: the first that no account in `taken` has.

    A long `name` is cut to make room for its number: the result is never too long."""
    used = {other.casefold() for other in taken}
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" {n}"
        candidate = name[: MAX_NAME - len(suffix)].rstrip() + suffix
    return candidate
