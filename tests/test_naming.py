"""Account names (core.naming): what may name an account, and the name a new one starts with."""

from __future__ import annotations

import pytest

from claude_usage.core.naming import MAX_NAME, clean_name, folder_name, name_problem, numbered

DASH_OR_BAR = "a name can't hold '|' nor start with '-'"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("work", "work"),
        ("  work  ", "work"),
        ("my   work  account", "my work account"),
        ("my\twork", "my work"),  # a tab is a blank, not nothing
        ("two\nlines", "two lines"),
        ("\u202ekrow", "krow"),  # a bidi override would reverse the menu line
        ("wo\u200brk", "work"),  # a zero-width space would hide in it
        ("\x00\x1b[31m", "[31m"),  # controls go, the harmless rest stays
        ("", ""),
    ],
)
def test_clean_name(typed, kept):
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    ("name", "taken", "problem"),
    [
        ("work", [], None),
        ("Work 2", ["work"], None),
        ("x" * MAX_NAME, [], None),
        ("a-b", [], None),  # a dash inside is fine: only a leading one reads as a submenu
        ("", [], "an account needs a name"),
        ("x" * (MAX_NAME + 1), [], f"a name has at most {MAX_NAME} characters"),
        ("-work", [], DASH_OR_BAR),
        ("--", [], DASH_OR_BAR),
        ("a|b", [], DASH_OR_BAR),
        ("|", [], DASH_OR_BAR),
        ("work", ["Claude Code", "work"], "there is already an account called work"),
        ("WORK", ["work"], "there is already an account called WORK"),  # any case
        ("straße", ["STRASSE"], "there is already an account called straße"),  # casefold
    ],
)
def test_name_problem(name, taken, problem):
    assert name_problem(name, taken) == problem


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("/Users/alice/.claude-work", "claude-work"),
        ("/Users/alice/.claude-work/", "claude-work"),
        ("/home/bob/work", "work"),
        ("/home/bob/.-x", "x"),  # no leading dash, though the folder has one
        ("/", "Claude Code folder"),
        ("/home/bob/...", "Claude Code folder"),
        ("/home/bob/.abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwx"),  # cut to fit
        ("/home/bob/.claude work engineering team", "claude work engineering"),  # no end blank
        ("/home/bob/a|b", "a b"),  # a '|' would split the menu line's parameters
        ("/home/bob/.- -x", "x"),
    ],
)
def test_folder_name(folder, name):
    assert folder_name(folder) == name
    assert name_problem(name, []) is None


@pytest.mark.parametrize(
    ("name", "taken", "first_free"),
    [
        ("work", [], "work"),
        ("work", ["Claude Code"], "work"),
        ("work", ["work"], "work 2"),
        ("work", ["WORK", "work 2"], "work 3"),
        ("Manual token", ["Manual token", "Manual token 3"], "Manual token 2"),
        ("x" * MAX_NAME, ["x" * MAX_NAME], "x" * (MAX_NAME - 2) + " 2"),  # cut for its number
        ("x" * 21 + " yz", ["x" * 21 + " yz"], "x" * 21 + " 2"),  # no blank before the number
    ],
)
def test_numbered(name, taken, first_free):
    assert numbered(name, taken) == first_free
    assert name_problem(first_free, taken) is None


def test_the_settings_read_names_as_long_as_a_new_one_may_be():
    """settings keeps its own copy of the limit: core.naming is not worth a cached run's import."""
    from claude_usage import settings
    from claude_usage.core import naming

    assert settings.MAX_NAME == naming.MAX_NAME
