"""The usage cache, one file per token source: numbers from one account never show as another's.

The endpoint's request budget is per token, so each source also has its own
fetch lock: one source's slow fetch never holds back another's.
"""

from __future__ import annotations

import os

from .core.state import UsageState, state_from_dict, state_to_dict
from .system.files import exclusive, read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable

FIRST_CACHE_FILE = "usage.dat"  # the single cache of 0.1, stamped with its source
WRITE_LOCK_WAIT_S = 1.0  # others hold it for milliseconds; a status line must never hang


def cache_path(folder: str, source_id: str) -> str:
    return os.path.join(folder, f"usage-{source_id}.dat")


def lock_path(folder: str, source_id: str) -> str:
    return os.path.join(folder, f"fetch-{source_id}.lock")


def load_state(folder: str, source_id: str) -> UsageState:
    """The source's cached state; empty when there is none or it is broken."""
    data = read_data(cache_path(folder, source_id))
    if data is None:  # not written since the upgrade: 0.1's file keeps its backoff
        first = state_from_dict(read_data(os.path.join(folder, FIRST_CACHE_FILE)))
        return first if first.source == source_id else UsageState()
    return state_from_dict(data)


def store_state(folder: str, source_id: str, state: UsageState) -> None:
    """Write the source's state atomically, mode 0600."""
    write_data(cache_path(folder, source_id), state_to_dict(state))
    try:  # noqa: SIM105 - contextlib.suppress would cost every run its import
        os.unlink(os.path.join(folder, FIRST_CACHE_FILE))
    except OSError:
        pass


def update_state(
    folder: str,
    source_id: str,
    change: Callable[[UsageState], UsageState],
    *,
    must_save: bool = False,
) -> UsageState:
    """Apply `change` to the latest stored state under the write lock, and store the result.

    The lock is held only to read and write (milliseconds). If it can't be had in
    time, the change still applies to what this run read, unsaved, so it is shown;
    with `must_save`, TimeoutError instead. A failed write raises OSError.
    """
    with exclusive(os.path.join(folder, f"state-{source_id}.lock"), WRITE_LOCK_WAIT_S) as mine:
        if must_save and not mine:
            raise TimeoutError("another run holds the state file")
        updated = change(load_state(folder, source_id))
        if mine:
            store_state(folder, source_id, updated)
        return updated
