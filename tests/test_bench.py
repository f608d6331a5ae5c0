"""The benchmarks as the README writes them: `python3 bench/run.py`, `python3 bench/day.py`,
whatever python3 is.

Only the start is checked (with --help): the benchmarks themselves take minutes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pythons import EVERYTHING, bare_python, python_with

REPO = Path(__file__).resolve().parents[1]


def clone_with_bench(folder: Path) -> Path:
    """A clone's layout for bench/run.py: its own copy, our lib and tests beside it."""
    (folder / "bench").mkdir(parents=True)
    shutil.copy2(REPO / "bench" / "run.py", folder / "bench" / "run.py")
    for name in ("lib", "tests"):
        (folder / name).symlink_to(REPO / name)
    return folder / "bench" / "run.py"


def start(python: Path, script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), str(script), "--help"], capture_output=True, text=True, timeout=60
    )


def test_a_python3_without_the_benchs_needs_runs_it_with_the_clones_venv(tmp_path: Path) -> None:
    script = clone_with_bench(tmp_path / "clone")
    python_with(tmp_path / "clone" / ".venv", EVERYTHING)  # what ./install.sh --dev makes

    done = start(bare_python(tmp_path / "python3"), script)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: run.py")


def test_without_a_venv_it_says_how_to_make_one(tmp_path: Path) -> None:
    script = clone_with_bench(tmp_path / "clone")

    done = start(bare_python(tmp_path / "python3"), script)

    assert done.returncode == 1
    assert "secretstorage" in done.stderr and "./install.sh --dev" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_day_starts_with_the_standard_library_alone(tmp_path: Path) -> None:
    done = start(bare_python(tmp_path / "python3"), REPO / "bench" / "day.py")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: day.py") and "--accounts N" in done.stdout
