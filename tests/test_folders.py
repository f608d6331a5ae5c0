"""Which state folders are used: ours alone, or a private one instead."""

from __future__ import annotations

import os

import pytest

from claude_usage.system.folders import NOWHERE, make_folders, private_folder, untrusted
from conftest import file_mode


def test_a_new_or_private_folder_is_used_as_it_is(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    for folder in (mine, tmp_path / "not-made-yet"):
        assert private_folder(str(folder), "cache", {}) == (str(folder), None)


def test_a_link_to_a_private_folder_of_ours_is_fine(tmp_path):
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert untrusted(str(tmp_path / "link")) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can hand a link to another user")
def test_a_link_another_user_planted_is_not_followed(tmp_path):
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    os.lchown(tmp_path / "link", 65534, 65534)
    assert untrusted(str(tmp_path / "link")) == "a link another user made"


def test_an_open_folder_falls_back_to_a_private_one_made_0700(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o757)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    chosen, why = private_folder(str(loose), "data", {"XDG_RUNTIME_DIR": str(runtime)})
    assert (chosen, why) == (
        str(runtime / f"claude-usage-{os.getuid()}" / "data"),
        "writable by others",
    )
    make_folders(chosen)
    assert file_mode(runtime / f"claude-usage-{os.getuid()}") == 0o700
    assert private_folder(str(loose), "data", {"XDG_RUNTIME_DIR": str(runtime)})[0] == chosen


def test_the_temp_folder_is_the_fallback_without_a_runtime_folder(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    chosen, _ = private_folder(str(loose), "cache", {"TMPDIR": str(tmp_path)})
    assert chosen == str(tmp_path / f"claude-usage-{os.getuid()}" / "cache")


def test_with_the_fallback_taken_by_someone_else_nothing_is_used(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    squatted = tmp_path / f"claude-usage-{os.getuid()}"
    squatted.mkdir()
    squatted.chmod(0o777)
    assert private_folder(str(loose), "cache", {"TMPDIR": str(tmp_path)})[0] == NOWHERE


def test_a_path_under_nowhere_can_never_be_made(tmp_path):
    with pytest.raises(OSError):
        make_folders(os.path.join(NOWHERE, "cache"))
