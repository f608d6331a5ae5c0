"""CI's search for a Python 3.9 (.ci/python39): wherever pyenv keeps its versions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FIND = Path(__file__).resolve().parents[1] / ".ci" / "python39"
BASH = shutil.which("bash") or "/bin/bash"


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def pyenv_root_with_39(root: Path) -> Path:
    """A pyenv root holding a 3.9.18 that answers the version check like the real one."""
    return executable(root / "versions/3.9.18/bin/python3.9", "#!/bin/sh\nexit 0\n")


def find(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    tools = tmp_path / "tools"  # the PATH: no python3.9 or python3 of the machine's own
    tools.mkdir(exist_ok=True)
    base = {"HOME": str(tmp_path / "fresh-home"), "PATH": str(tools)}
    return subprocess.run(
        [BASH, str(FIND)], env={**base, **env}, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("where", ["PYENV_ROOT", "pyenv root", "beside pyenv", "~/.pyenv"])
def test_a_python_39_kept_by_pyenv_is_found(tmp_path: Path, where: str) -> None:
    env: dict[str, str] = {}
    if where == "PYENV_ROOT":
        python = pyenv_root_with_39(tmp_path / "elsewhere")
        env["PYENV_ROOT"] = str(tmp_path / "elsewhere")
    elif where == "pyenv root":  # a pyenv that knows its root, though HOME is another
        python = pyenv_root_with_39(tmp_path / "its-root")
        executable(tmp_path / "tools/pyenv", f"#!/bin/sh\necho {tmp_path / 'its-root'}\n")
    elif where == "beside pyenv":  # pyenv's own clone, run with another HOME
        python = pyenv_root_with_39(tmp_path / "clone")
        executable(tmp_path / "clone/bin/pyenv", "#!/bin/sh\necho /nowhere\n")
        env["PATH"] = f"{tmp_path / 'clone/bin'}:{tmp_path / 'tools'}"
    else:
        python = pyenv_root_with_39(tmp_path / "fresh-home/.pyenv")

    done = find(tmp_path, **env)

    assert (done.returncode, done.stdout) == (0, f"{python}\n"), done.stderr


def test_no_python_39_anywhere_prints_nothing(tmp_path: Path) -> None:
    done = find(tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
