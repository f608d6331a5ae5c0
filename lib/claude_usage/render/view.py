"""What a menu shows, gathered by the shell and handed to the renderers."""

from __future__ import annotations

from ..core.record import Record, replace
from ..core.state import UsageState
from ..sources import DEFAULT, TokenSource
from .trend import IMAGE

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.pace import Trend
    from .trend import Picture


class AccountView(Record):
    """One account's part of the menu: its numbers, who it is, its pace and charts."""

    account: TokenSource
    state: UsageState
    identity: str = ""  # "alice@example.com · Max 20x", when known
    trends: tuple[Trend, ...] = ()  # the current windows' samples, for the pace lines
    pictures: Mapping[str, Picture] | None = None  # by limit key, drawn when the data arrived


class MenuView(Record):
    """Everything the menu shows: the primary account's part inline, then the other accounts."""

    state: UsageState
    plugin_path: str
    account: TokenSource = DEFAULT
    notifications: bool = True
    demo: bool = False
    streaming: bool = False  # a resident process: clicks must not restart it
    charts: str = IMAGE  # the setting: image, text or off
    trends: tuple[Trend, ...] = ()  # the current windows' samples, for the pace lines
    pictures: Mapping[str, Picture] | None = None  # by limit key, drawn when the data arrived
    notes: tuple[str, ...] = ()  # one line each: our folders or files in trouble (Run.warn)
    identity: str = ""  # who the account is
    primary: bool = True  # the account is the primary one (a section of another is not)
    others: tuple[AccountView, ...] = ()  # the other accounts, in the order they were added

    @property
    def accounts(self) -> tuple[TokenSource, ...]:
        """Every account shown, the primary first."""
        return (self.account, *(other.account for other in self.others))

    @property
    def everyone(self) -> tuple[AccountView, ...]:
        """Every account's part, the primary's first (lighter than sections, for the footer)."""
        return (AccountView(self.account, self.state, self.identity), *self.others)


def sections(view: MenuView) -> list[MenuView]:
    """One view per account, the primary's first, each drawn like a menu of its own."""
    return [
        view,
        *(
            replace(
                view,
                account=other.account,
                state=other.state,
                identity=other.identity,
                trends=other.trends,
                pictures=other.pictures,
                primary=False,
                others=(),
            )
            for other in view.others
        ),
    ]
