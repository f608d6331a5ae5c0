from __future__ import annotations

import marshal
import multiprocessing
import os
import threading
import time

import pytest

from claude_usage.system.files import MAGIC, exclusive, read_data, write_data
from conftest import file_mode


def test_write_is_0600_and_reads_back(tmp_path):
    path = tmp_path / "deep" / "f.json"
    os.umask(0o022)
    write_data(str(path), {"a": [1, 2]})
    assert read_data(str(path)) == {"a": [1, 2]}
    assert file_mode(path) == 0o600
    assert file_mode(path.parent) == 0o700
    assert os.listdir(path.parent) == ["f.json"]  # no temp file left behind


def test_rewriting_a_loose_file_tightens_it(tmp_path):
    path = tmp_path / "f.json"
    path.write_text("{}")
    path.chmod(0o644)
    write_data(str(path), {"b": 1})
    assert file_mode(path) == 0o600


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"\xff\xfe",
        b"null",
        b'{"version": 1}',  # foreign: no header
        MAGIC,
        MAGIC + b"\xff\x00",
        MAGIC + b"{\x00\x00",  # ours, but cut short or garbled
        MAGIC + marshal.dumps(compile("1", "x", "eval")),  # something that is not plain data
    ],
)
def test_broken_or_foreign_files_read_as_absent(tmp_path, content):
    path = tmp_path / "f.json"
    path.write_bytes(content)
    assert read_data(str(path)) is None


def test_missing_file_is_none(tmp_path):
    assert read_data(str(tmp_path / "nope.json")) is None


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "d" / "f.json"
    write_data(str(path), {"old": True})
    with pytest.raises(ValueError):
        write_data(str(path), {"new": object()})
    assert read_data(str(path)) == {"old": True}
    assert os.listdir(path.parent) == ["f.json"]


def _hold(path, ready, release):
    with exclusive(path, 1) as mine:
        assert mine
        ready.set()
        release.wait(10)


def test_lock_excludes_another_process_and_gives_up_after_wait(tmp_path):
    path = str(tmp_path / "fetch.lock")
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold, args=(path, ready, release))
    holder.start()
    assert ready.wait(10)
    started = time.monotonic()
    with exclusive(path, 0.3) as mine:
        assert mine is False
    assert 0.25 < time.monotonic() - started < 1.2
    threading.Timer(0.2, release.set).start()
    with exclusive(path, 5) as mine:  # waits for the holder to finish
        assert mine is True
    holder.join(5)


def test_a_symlink_planted_under_the_old_temporary_name_is_not_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"yours")
    victim.chmod(0o644)
    path = tmp_path / "state" / "usage.dat"
    path.parent.mkdir()
    (path.parent / f"usage.dat.{os.getpid()}.tmp").symlink_to(victim)
    write_data(str(path), {"a": 1})
    assert victim.read_bytes() == b"yours" and file_mode(victim) == 0o644
    assert read_data(str(path)) == {"a": 1} and not path.is_symlink()


def test_a_symlink_at_the_file_itself_is_replaced_not_written_through(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"yours")
    path = tmp_path / "usage.dat"
    path.symlink_to(victim)
    assert read_data(str(path)) is None  # not followed when read either
    write_data(str(path), {"a": 1})
    assert victim.read_bytes() == b"yours" and not path.is_symlink()


def test_a_lock_file_planted_as_a_symlink_is_refused_and_creates_nothing(tmp_path):
    target = tmp_path / "made-by-the-lock"
    lock = tmp_path / "fetch.lock"
    lock.symlink_to(target)
    with pytest.raises(OSError), exclusive(str(lock), 0.1):
        pass
    assert not target.exists()


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_every_folder_made_is_0700_whatever_the_umask(tmp_path, umask):
    existing = tmp_path / "existing"
    existing.mkdir()
    existing.chmod(0o755)
    path = existing / "a" / "b" / "c" / "f.dat"
    old = os.umask(umask)
    try:
        write_data(str(path), {"x": 1})
    finally:
        os.umask(old)
    assert [file_mode(p) for p in (path.parents[2], path.parents[1], path.parent)] == [0o700] * 3
    assert file_mode(existing) == 0o755  # not ours to change
    assert file_mode(path) == 0o600 and read_data(str(path)) == {"x": 1}
