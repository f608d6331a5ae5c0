"""Record: frozen values at run time, and dataclasses in the type checker's eyes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claude_usage.core.model import Limit
from claude_usage.core.record import replace
from claude_usage.core.tokens import Token

LIB = Path(__file__).resolve().parents[1] / "lib"


def test_fields_defaults_equality_and_replace():
    limit = Limit("five_hour", "Current session", "session", 42.0, None)
    assert limit == Limit(
        key="five_hour", title="Current session", kind="session", percent=42.0, resets_at=None
    )
    assert hash(limit) == hash(replace(limit, percent=42.0))
    assert replace(limit, percent=50.0).percent == 50.0 and limit.percent == 42.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: Limit("k", "t", "s", 1.0, None, "extra"),
        lambda: Limit("k", "t", "s", 1.0),
        lambda: Limit("k", "t", "s", 1.0, None, key="again"),
    ],
)
def test_wrong_constructor_calls_fail_at_run_time(call):
    with pytest.raises(TypeError):
        call()


def test_records_are_immutable_and_hide_secrets():
    token = Token("sk-ant-oat01-secret", "manual")
    with pytest.raises(AttributeError):
        token.value = "other"  # type: ignore[misc]
    assert "secret" not in repr(token)


def test_the_type_checker_sees_each_records_constructor(tmp_path):
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from claude_usage.core.model import Limit\n"
        'Limit("k", "t", "s", "x", None, "extra")\n'
        'Limit("k", "t", "s", 1.0, None).percent = 2.0\n'
        'Limit("k", "t", "s", 1.0, None)\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--python-version", "3.9", snippet],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"MYPYPATH": str(LIB), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["2", "2", "3"], done.stdout
    assert 'Too many arguments for "Limit"' in errors[0]
    assert 'Argument 4 to "Limit" has incompatible type "str"' in errors[1]
    assert "read-only" in errors[2]
