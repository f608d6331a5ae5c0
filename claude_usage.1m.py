#!/usr/bin/env python3
# <xbar.title>Claude Usage</xbar.title>
# <xbar.version>v0.1.0</xbar.version>
# <xbar.author>claude-usage</xbar.author>
# <xbar.author.github>claude-usage</xbar.author.github>
# <xbar.desc>Claude Pro/Max limits: session, weekly and model caps, with resets.</xbar.desc>
# <xbar.dependencies>python3,requests,keyring</xbar.dependencies>
# <xbar.abouturl>https://claude.ai/settings/usage</xbar.abouturl>
# <swiftbar.refreshOnOpen>true</swiftbar.refreshOnOpen>
# <swiftbar.hideRunInTerminal>true</swiftbar.hideRunInTerminal>
# <swiftbar.hideLastUpdated>true</swiftbar.hideLastUpdated>
# <swiftbar.runInBash>false</swiftbar.runInBash>
"""Claude usage in the menu bar: a thin hand-off to the claude_usage library."""

import gc
import os
import sys

# A run lives ~20 ms and leaves little garbage: the cyclic collector would only walk the
# objects the imports make, again and again (about 0.4 ms of a cached run). The resident
# --stream process turns it back on (see commands.stream).
gc.disable()

HERE = os.path.dirname(os.path.realpath(__file__))
if os.path.isdir(os.path.join(HERE, "lib", "claude_usage")):  # run from a clone
    sys.path.insert(0, os.path.join(HERE, "lib"))

# install.sh's shebang runs its venv's python with -S: site.py and the venv's .pth files
# (setuptools' distutils shim) cost about 2 ms of each run, a fifth of a cached one. Without
# site, sys.prefix is the base python's, so the venv is found from the interpreter's path.
OWN_VENV = os.path.dirname(os.path.dirname(sys.executable))
if sys.flags.no_site and os.path.isfile(os.path.join(OWN_VENV, "pyvenv.cfg")):
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    sys.path.append(os.path.join(OWN_VENV, "lib", version, "site-packages"))

# A clone run by a python without all our dependencies (`env python3` under a bare PATH
# finds Apple's; pyenv and conda ones often have requests but not keyring): hand over to
# install.sh's venv. The installed copy already runs in it, so it never gets this far.
INSTALL_HOME = os.environ.get("CLAUDE_USAGE_HOME") or "~/.local/share/claude-usage"
VENV = os.path.join(os.path.expanduser(INSTALL_HOME), "venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python3")
DEPENDENCIES = ("requests", "keyring")  # pyproject's; without a venv the cli says what to do
if VENV not in (sys.prefix, OWN_VENV) and os.path.exists(VENV_PYTHON):
    import importlib.util

    lacking = any(importlib.util.find_spec(name) is None for name in DEPENDENCIES)
    if lacking and not os.path.samefile(sys.prefix, VENV):
        os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])

from claude_usage.cli import main

# install.sh marks the SwiftBar variant as streamable in its header (--no-stream: not).
# Only a SwiftBar run without arguments can stream, so only it reads the header.
STREAMABLE = False
if len(sys.argv) == 1 and os.environ.get("SWIFTBAR"):
    with open(__file__, encoding="utf-8", errors="replace") as own:
        STREAMABLE = "\n# <swiftbar.type>streamable</swiftbar.type>\n" in own.read(2048)

code = main(plugin_path=os.path.abspath(__file__), streamable=STREAMABLE)

# By now the output is written and every file we wrote is closed (files.write_data; the
# history database is closed before it returns). Python's own teardown would free each
# module and object one by one after a full collection: ~1.8 ms of a ~16 ms cached run.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # the host stopped reading: nothing left to tell it
    pass
os._exit(code)
