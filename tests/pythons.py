"""Interpreters with only some of our dependencies, as users' Pythons come (pyenv, conda, Apple's).

Plain module (no pytest). Each is a real virtualenv made without pip, in well under a
second: `bare_python` has nothing beyond the standard library, and `python_with` sees
only the named top-level packages, borrowed from the interpreter running the tests.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

REQUESTS_AND_ITS_OWN = ("requests", "urllib3", "idna", "certifi", "charset_normalizer")
EVERYTHING = ("*",)  # every package the test interpreter has


def bare_python(folder: Path) -> Path:
    """A virtualenv's python with the standard library only."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder / "bin" / "python3"


def python_with(folder: Path, packages: tuple[str, ...]) -> Path:
    """A virtualenv's python that can import `packages` (EVERYTHING: all of ours) and no more."""
    python = bare_python(folder)
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    if packages == EVERYTHING:
        lines = [p for p in sys.path if p.endswith("site-packages")]
    else:
        borrowed = folder / "borrowed"
        borrowed.mkdir()
        for name in packages:
            os.symlink(_location(name), borrowed / Path(_location(name)).name)
        lines = [str(borrowed)]
    (site_packages / "borrowed.pth").write_text("".join(f"{line}\n" for line in lines))
    return python


def _location(name: str) -> str:
    """Where the test interpreter finds top-level package or module `name`."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin, f"the test interpreter lacks {name}"
    if spec.submodule_search_locations:
        return str(Path(spec.origin).parent)
    return spec.origin
