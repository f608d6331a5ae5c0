"""Changes to the accounts (accounts.py), one step at a time: pure, settings in, settings out."""

from __future__ import annotations

import re

import pytest

from claude_usage.accounts import (
    MANUAL_NAME,
    AccountProblem,
    chosen,
    default_account,
    folder_account,
    folder_id,
    manual_account,
    renamed,
    with_account,
    with_first_account,
    without_account,
)
from claude_usage.core.record import replace
from claude_usage.settings import MAX_ACCOUNTS, Settings
from claude_usage.sources import CLAUDE_CODE, MANUAL, folder_source, manual_source

WORK = folder_source(folder_id("/Users/a/.claude-work"), "work", "/Users/a/.claude-work")
PERSONAL = manual_source(MANUAL.id, "personal")
THREE = Settings(accounts=(CLAUDE_CODE, WORK, PERSONAL))


def names(settings: Settings) -> list[str]:
    return [account.label for account in settings.accounts]


def ids(settings: Settings) -> list[str]:
    return [account.id for account in settings.accounts]


def test_a_folders_id_is_a_short_hash_of_its_path():
    assert re.fullmatch(r"folder-[0-9a-f]{8}", folder_id("/Users/a/.claude-work"))
    assert folder_id("/Users/a/.claude-work") == WORK.id  # stable: it names the state files
    assert folder_id("/Users/a/.claude-home") != WORK.id


@pytest.mark.parametrize(
    ("settings", "folder", "given", "name"),
    [
        (Settings(), "/Users/a/.claude-work", None, "claude-work"),
        (Settings(), "/Users/a/.claude-work", "  job ", "job"),
        (THREE, "/Users/b/work", None, "work 2"),  # the folder's name is taken
        (  # a long folder name taken: cut to make room for the number, never refused
            Settings(accounts=(folder_source("folder-1", "x" * 24, "/a/" + "x" * 30),)),
            "/b/" + "x" * 30,
            None,
            "x" * 22 + " 2",
        ),
    ],
)
def test_folder_account(settings, folder, given, name):
    account = folder_account(settings, folder, given)
    assert (account.id, account.label, account.config_dir) == (folder_id(folder), name, folder)
    assert not account.user_set and folder in account.renew


@pytest.mark.parametrize(
    ("folder", "given", "says"),
    [
        ("/Users/a/.claude-work", None, "/Users/a/.claude-work is already the account work"),
        ("/Users/b/x", "Work", "there is already an account called Work"),
        ("/Users/b/x", "-x", "a name can't hold '|' nor start with '-'"),
        ("/Users/b/x", "", "an account needs a name"),
    ],
)
def test_folder_account_refused(folder, given, says):
    with pytest.raises(AccountProblem) as refused:
        folder_account(THREE, folder, given)
    assert str(refused.value) == says


@pytest.mark.parametrize(
    ("accounts", "ident", "name"),
    [
        ((CLAUDE_CODE,), MANUAL.id, MANUAL_NAME),  # the keyring entry of before accounts
        ((CLAUDE_CODE, MANUAL), "manual-2", f"{MANUAL_NAME} 2"),
        ((MANUAL, manual_source("manual-2", "b")), "manual-3", f"{MANUAL_NAME} 2"),
        ((manual_source("manual-2", MANUAL_NAME),), MANUAL.id, f"{MANUAL_NAME} 2"),
    ],
)
def test_manual_account(accounts, ident, name):
    account = manual_account(Settings(accounts=accounts), None)
    assert (account.id, account.label, account.user_set) == (ident, name, True)


def test_default_account_comes_back_only_once_removed():
    with pytest.raises(AccountProblem, match="already the account Claude Code"):
        default_account(THREE, None)
    renamed_away = Settings(accounts=(WORK,))
    assert default_account(renamed_away, None) == CLAUDE_CODE
    taken = Settings(accounts=(replace(WORK, label="Claude Code"),))
    assert default_account(taken, None).label == "Claude Code 2"
    assert default_account(taken, "home").label == "home"


def test_with_account_adds_last_up_to_the_most():
    added = with_account(Settings(), WORK)
    assert ids(added) == [CLAUDE_CODE.id, WORK.id] and added.primary == CLAUDE_CODE.id
    full = Settings(accounts=tuple(manual_source(f"manual-{n}", f"m{n}") for n in range(2, 10)))
    assert len(full.accounts) == MAX_ACCOUNTS
    with pytest.raises(AccountProblem, match=f"at most {MAX_ACCOUNTS} accounts"):
        with_account(full, WORK)


@pytest.mark.parametrize(
    ("accounts", "unused", "after"),
    [
        ((CLAUDE_CODE,), True, [MANUAL.id]),  # Claude Code never gave numbers: replaced
        ((CLAUDE_CODE,), False, [CLAUDE_CODE.id, MANUAL.id]),  # it did: kept
        ((CLAUDE_CODE, WORK), True, [CLAUDE_CODE.id, WORK.id, MANUAL.id]),  # not alone: kept
    ],
)
def test_with_first_account(accounts, unused, after):
    account = manual_source(MANUAL.id, MANUAL_NAME)
    settings = with_first_account(Settings(accounts=accounts), account, unused=unused)
    assert ids(settings) == after and settings.primary == MANUAL.id


@pytest.mark.parametrize(
    ("primary", "removed", "left", "new_primary"),
    [
        (CLAUDE_CODE.id, WORK, [CLAUDE_CODE.id, MANUAL.id], CLAUDE_CODE.id),
        (WORK.id, WORK, [CLAUDE_CODE.id, MANUAL.id], CLAUDE_CODE.id),  # passes to the first
        (CLAUDE_CODE.id, CLAUDE_CODE, [WORK.id, MANUAL.id], WORK.id),
    ],
)
def test_without_account(primary, removed, left, new_primary):
    settings = without_account(replace(THREE, primary=primary), removed)
    assert (ids(settings), settings.primary) == (left, new_primary)


def test_the_last_account_cannot_be_removed():
    with pytest.raises(AccountProblem, match="the last account can't be removed"):
        without_account(Settings(accounts=(WORK,), primary=WORK.id), WORK)


@pytest.mark.parametrize(
    ("account", "name", "after"),
    [
        (WORK, "job", ["Claude Code", "job", "personal"]),
        (WORK, "  Work ", ["Claude Code", "Work", "personal"]),  # its own name, another case
        (CLAUDE_CODE, "home", ["home", "work", "personal"]),
    ],
)
def test_renamed(account, name, after):
    settings = renamed(THREE, account, name)
    assert names(settings) == after and ids(settings) == ids(THREE)  # the id stays


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Personal", "there is already an account called Personal"),
        ("-job", "a name can't hold '|' nor start with '-'"),
        ("a|b", "a name can't hold '|' nor start with '-'"),
        ("\u200b", "an account needs a name"),
    ],
)
def test_renamed_refused(name, says):
    with pytest.raises(AccountProblem) as refused:
        renamed(THREE, WORK, name)
    assert str(refused.value) == says


@pytest.mark.parametrize(
    ("ident", "found"),
    [
        ("work", WORK),
        ("WORK", WORK),
        (WORK.id, WORK),
        ("manual", PERSONAL),  # an id before a name
        ("Personal", PERSONAL),
        ("claude code", CLAUDE_CODE),
    ],
)
def test_chosen(ident, found):
    assert chosen(THREE, ident) == found


def test_chosen_names_the_accounts_there_are():
    with pytest.raises(AccountProblem) as refused:
        chosen(THREE, "nobody")
    assert (
        str(refused.value) == "no account called 'nobody' (there are: Claude Code, work, personal)"
    )
