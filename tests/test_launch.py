"""What a menu item runs: our plugin with our arguments, wherever the plugin lives.

These execute the command each line names, as xbar does (argv, no shell) and as
SwiftBar and Argos do (a bash command line), with a recorder where the plugin is.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import pytest

from claude_usage.render.launch import ENV, SHELL, launch_params, printf_encoded

AWKWARD = [
    "plain",
    "Application Support",  # a space: SwiftBar's default plugin folders have one
    "O'Brien's Plugins",
    'say "hi"',
    'a b\' c "d"',  # a space and both quotes: no host's parameter syntax can hold it
    "x=1 $HOME `id` \\101 100% *",
    "Café ☕",
]


def recorder(folder) -> str:
    """A stand-in plugin that writes the argv it was started with next to itself."""
    folder.mkdir(parents=True)
    path = folder / "claude_usage.1m.py"
    path.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        "open(sys.argv[0] + '.argv', 'w').write(json.dumps(sys.argv))\n"
    )
    path.chmod(0o755)
    return str(path)


def argv_of(params: dict[str, str]) -> list[str]:
    words, n = [params["bash"]], 1
    while f"param{n}" in params:
        words.append(params[f"param{n}"])
        n += 1
    return words


@pytest.mark.parametrize("name", AWKWARD)
@pytest.mark.parametrize("through_a_shell", [False, True], ids=["exec", "bash -c"])
def test_the_action_runs_the_plugin_with_exactly_our_arguments(tmp_path, name, through_a_shell):
    plugin = recorder(tmp_path / name / "plugins")
    argv = argv_of(launch_params(plugin, "--token-source", "claude code"))
    if through_a_shell:
        argv = ["/bin/bash", "-c", " ".join(shlex.quote(word) for word in argv)]
    subprocess.run(argv, check=True, cwd="/", env={"PATH": "/usr/bin:/bin"})
    with open(plugin + ".argv") as seen:
        assert json.load(seen) == [plugin, "--token-source", "claude code"]


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/Users/a b/p.py", ENV),
        ("/Users/O'Brien/p.py", ENV),
        ('/Users/a b\' "c"/p.py', SHELL),
        ("/x=1/p.py", SHELL),  # env would take it for a variable
        ("/a\\b/p.py", SHELL),  # Argos would unescape it
        ("/a\nb/p.py", SHELL),  # it would end the menu line
    ],
)
def test_only_a_path_no_parameter_syntax_can_hold_goes_through_sh(path, command):
    assert launch_params(path, "--refresh")["bash"] == command


def test_printf_encoding_keeps_a_path_readable_and_round_trips_any_bytes():
    assert printf_encoded("/Users/me/p.py") == "/Users/me/p.py"
    assert printf_encoded("/a b'") == "/a\\040b\\047"
    odd = os.fsdecode(b"/caf\xc3\xa9/\xff")  # not UTF-8 at all
    out = subprocess.run(
        ["/bin/sh", "-c", 'printf "$0"', printf_encoded(odd)], capture_output=True, check=True
    )
    assert out.stdout == os.fsencode(odd)
