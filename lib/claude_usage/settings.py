"""The user's choices: the accounts and which is primary, notifications, charts. A small 0600 file.

Each account is kept as [id, name, folder]; its kind follows from its id (see
sources), so a file edited by hand can't make a Claude Code folder read the
keyring or the other way round. The primary account is still saved as
`token_source`, the key that named the one token source before there were accounts.
"""

from __future__ import annotations

import os

from .core.record import Record, replace
from .render.trend import CHART_MODES, IMAGE
from .sources import CLAUDE_CODE, DEFAULT, FOLDER_PREFIX, MANUAL, folder_source, manual_source
from .store import load_state
from .system.files import read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

    from .sources import TokenSource

SETTINGS_FILE = "settings.dat"
MAX_NAME = 24  # see core.naming, which keeps new names to this too
MAX_ACCOUNTS = 8  # each costs a few file reads per menu run, and requests from its own budget


class Settings(Record):
    primary: str = DEFAULT.id  # the account the menu-bar title shows
    accounts: tuple[TokenSource, ...] = (DEFAULT,)
    notifications: bool = True
    charts: str = IMAGE  # image, text (a sparkline) or off
    listed: bool = False  # the accounts were read from the file, not made up from older settings

    def account(self, ident: str) -> TokenSource | None:
        """The account whose id, or else whose name (any case), is `ident`; or None."""
        wanted = ident.casefold()
        by_id = self.by_id(ident)
        return by_id or next((a for a in self.accounts if a.label.casefold() == wanted), None)

    def by_id(self, ident: str) -> TokenSource | None:
        """The account whose id is `ident`, or None (a name never counts)."""
        return next((a for a in self.accounts if a.id == ident), None)

    @property
    def main(self) -> TokenSource:
        """The primary account (settings are validated, so it is one of them)."""
        return self.by_id(self.primary) or self.accounts[0]

    @property
    def ordered(self) -> tuple[TokenSource, ...]:
        """The accounts, the primary first, the rest in the order they were added."""
        main = self.main
        return (main, *(a for a in self.accounts if a.id != main.id))


def load_settings(folder: str) -> Settings:
    """The saved settings; defaults for anything missing or malformed."""
    data: Any = read_data(os.path.join(folder, SETTINGS_FILE))
    data = data if isinstance(data, dict) else {}
    primary, notify, charts = (
        data.get("token_source"),
        data.get("notifications"),
        data.get("charts"),
    )
    accounts = _accounts(data.get("accounts"))
    listed = bool(accounts)
    if not accounts:  # before accounts: the one token source in use (see settled_settings)
        accounts = (MANUAL,) if primary == MANUAL.id else (CLAUDE_CODE,)
    ids = [a.id for a in accounts]
    return Settings(
        primary=primary if primary in ids else ids[0],
        accounts=accounts,
        notifications=notify if isinstance(notify, bool) else True,
        charts=charts if charts in CHART_MODES else IMAGE,
        listed=listed,
    )


def _accounts(raw: Any) -> tuple[TokenSource, ...]:
    """The accounts the file lists; any entry that is malformed or repeats another is left out."""
    accounts: list[TokenSource] = []
    for entry in raw if isinstance(raw, list) else ():
        if not (
            isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)
        ):
            continue
        account = account_of(*entry)
        if account is None or any(a.id == account.id for a in accounts):
            continue
        if any(a.label.casefold() == account.label.casefold() for a in accounts):
            continue  # a name picks one account, so the first with it keeps it
        # Only the shape is checked: every menu line and notification cleans what it shows,
        # and core.naming, which judges a new name, is not worth a cached run's import.
        if 0 < len(account.label) <= MAX_NAME and len(accounts) < MAX_ACCOUNTS:
            accounts.append(account)
    return tuple(accounts)


def account_of(ident: str, name: str, folder: str) -> TokenSource | None:
    """The account an entry describes; None when its id names no kind of account."""
    if ident == CLAUDE_CODE.id:
        return replace(CLAUDE_CODE, label=name)
    # Ids name files and go on command lines (a menu item's param): only our own shapes.
    digits = ident[len(FOLDER_PREFIX) :]
    hexadecimal = len(digits) == 8 and all(ch in "0123456789abcdef" for ch in digits)
    if ident.startswith(FOLDER_PREFIX) and hexadecimal and folder.startswith("/"):
        return folder_source(ident, name, folder)
    number = ident[len(MANUAL.id) + 1 :]
    if ident == MANUAL.id or (ident.startswith(f"{MANUAL.id}-") and _digits(number)):
        return manual_source(ident, name)
    return None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def settled_settings(data_dir: str, cache_dir: str) -> Settings:
    """The settings, with the accounts of older settings brought over and saved once.

    Before accounts there was one token source, Claude Code's sign-in or a manual
    token. They become accounts under the ids their state files, alert periods,
    keyring entry and history already carry: nothing is asked again, nothing is lost.
    """
    settings = load_settings(data_dir)
    if settings.listed:
        return settings
    # The source not in use, if it ever had numbers: a manual token set once and then left
    # for Claude Code's sign-in, or the other way round, is an account too.
    other = CLAUDE_CODE if settings.primary == MANUAL.id else MANUAL
    if load_state(cache_dir, other.id).snapshot is not None:
        settings = replace(settings, accounts=(CLAUDE_CODE, MANUAL))
    elif not os.path.exists(os.path.join(data_dir, SETTINGS_FILE)):
        return settings  # a first run: the defaults are all there is, nothing to keep
    try:
        save_settings(data_dir, settings)
    except OSError:
        return settings  # brought over again next run; the menu says why writes fail
    return replace(settings, listed=True)


def save_settings(folder: str, settings: Settings) -> None:
    """Write the settings atomically, mode 0600."""
    write_data(
        os.path.join(folder, SETTINGS_FILE),
        {
            "token_source": settings.primary,
            "accounts": [[a.id, a.label, a.config_dir] for a in settings.accounts],
            "notifications": settings.notifications,
            "charts": settings.charts,
        },
    )


def change_settings(folder: str, **values: Any) -> Settings:
    """Load, change the given fields, save, and return the result."""
    updated: Settings = replace(load_settings(folder), **values, listed=True)
    save_settings(folder, updated)
    return updated
