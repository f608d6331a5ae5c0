"""Every host reads exactly what we mean: our menus through SwiftBar's, xbar's and Argos's parsers.

    .venv/bin/python .ci/hosts.py ../shared/tools/hosts [pytest selection, default: tests]

Runs the test suite once with tests/menu_recorder.py keeping every menu the
end-to-end tests print, each state drawn for every host; adds the demo menu from
a plugin folder whose path holds a space, an apostrophe and a double quote; then
feeds each menu to `read --host …` and checks, line by line, that the host:
accepts it, shows the text we meant (no escapes read, no emoji, no markup, no
split), at the level we meant, in the colour we meant, and that each click runs
our plugin's own path with the intended flags, in the background, then refreshes.
Exit 1 on any disagreement. Standard library only.
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AWKWARD = "O'Brien's \"Menu\" Plugins"  # a space, an apostrophe and a double quote
FLAGS = {  # what each item we draw with an action must run, by the text it shows
    "Refresh": ["--refresh"],
    "Set Token…": ["--set-token"],
    "Validate Token": ["--validate"],
    "Forget Manual Token": ["--forget-token"],
    "Add Claude Code Folder…": ["--account", "add", "--folder"],
    "Add Token…": ["--account", "add", "--token"],
    "Rename Account…": ["--account", "rename"],
    "Remove Account…": ["--account", "remove"],
    "Notifications: On": ["--notifications", "on"],
    "Notifications: Off": ["--notifications", "off"],
    "Charts: Image": ["--charts", "image"],
    "Charts: Text": ["--charts", "text"],
    "Charts: Off": ["--charts", "off"],
}
USAGE_PAGE = "https://claude.ai/settings/usage"
ACCOUNT_ID = re.compile(r"(claude-code|manual(-[0-9]+)?|folder-[0-9a-f]{8})")
ACCOUNT_VERBS = (("Set Token…", "token"),)  # a section's own; a bare name makes it primary


def main() -> int:
    tool = Path(sys.argv[1] if len(sys.argv) > 1 else REPO.parent / "shared/tools/hosts")
    subprocess.run(["bash", str(tool / "setup.sh")], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="claude-usage-hosts-") as tmp:
        menus = recorded(Path(tmp), sys.argv[2:] or ["tests"]) + awkward_demo(Path(tmp))
        unique = list({(m["host"], m["plugin_path"], m["output"]): m for m in menus}.values())
        print(f"== {len(menus)} menus ({len(unique)} distinct) through the hosts' parsers")
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda m: check(tool, m), unique))
    lines, seen, failures = collections.Counter(), collections.Counter(), []
    for menu, (count, problems) in zip(unique, results):
        seen[menu["host"]] += 1
        lines[menu["host"]] += count
        failures += [f"{menu['host']} {menu['source']}: {p}" for p in problems]
    for host in sorted(seen):
        print(f"{host:9} {seen[host]:4} menus {lines[host]:6} lines checked")
    for failure in failures[:40]:
        print("  ✗", failure)
    print(f"{len(failures)} disagreements" if failures else "every host reads what we mean")
    return 1 if failures else 0


def recorded(tmp: Path, selection: list[str]) -> list[dict]:
    """Every menu the end-to-end tests print, drawn for every host."""
    folder = tmp / "menus"
    folder.mkdir()
    env = {**os.environ, "CLAUDE_USAGE_RECORD_MENUS": str(folder)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *selection]
    # The suite's verdict is .ci/run's business (it ran before this); its menus are ours.
    subprocess.run(command, cwd=REPO, env=env, check=False, stdout=subprocess.DEVNULL)
    menus = []
    for path in sorted(folder.iterdir()):
        kept = json.loads(path.read_text(encoding="utf-8"))
        menus.append(
            {
                **kept,
                "host": host_of(kept["host_env"]),
                "source": " ".join(kept["args"]) or "(menu)",
            }
        )
    return menus


def awkward_demo(tmp: Path) -> list[dict]:
    """The demo menu of a plugin whose folder name no host's parameter syntax can hold."""
    folder = tmp / AWKWARD
    folder.mkdir()
    plugin = folder / "claude_usage.1m.py"
    shutil.copy2(REPO / "claude_usage.1m.py", plugin)
    (folder / "lib").symlink_to(REPO / "lib")
    menus = []
    for host_env in ({"SWIFTBAR": "1"}, {"ARGOS_VERSION": "2"}, {}):
        env = {"HOME": str(tmp), "PATH": "/usr/bin:/bin", **host_env}
        out = subprocess.run(
            [sys.executable, str(plugin), "--demo"], env=env, check=True, capture_output=True
        ).stdout.decode("utf-8")
        menus.append(
            {
                "host": host_of(host_env),
                "plugin_path": str(plugin),
                "output": out,
                "source": f"--demo in {folder}",
                "args": ["--demo"],
            }
        )
    return menus


def host_of(env: dict) -> str:
    return "swiftbar" if env.get("SWIFTBAR") else "argos" if env.get("ARGOS_VERSION") else "xbar"


def check(tool: Path, menu: dict) -> tuple[int, list[str]]:
    """(lines checked, what the host does differently from what we meant)."""
    host = menu["host"]
    read = subprocess.run(
        [str(tool / "read"), "--host", host, "--plugin-path", menu["plugin_path"]],
        input=menu["output"].encode("utf-8"),
        capture_output=True,
        check=True,
    )
    shown = json.loads(read.stdout)
    if not shown["accepted"]:
        return 0, [f"refused: {shown['error']}"]
    ours = [meant(line, host) for line in menu["output"].splitlines()]
    split = next(i for i, m in enumerate(ours) if m["separator"] and m["level"] == 0)
    title, body = ours[:split], ours[split + 1 :]
    problems = compare(title, shown["title"], menu, "title")
    problems += compare(body, shown["items"], menu, "menu")
    return len(ours), problems


def compare(ours: list[dict], theirs: list[dict], menu: dict, part: str) -> list[str]:
    if len(ours) != len(theirs):
        texts = [t["text"] for t in theirs]
        return [f"{part}: {len(theirs)} items shown, {len(ours)} meant: {texts}"]
    problems = []
    for n, (want, got) in enumerate(zip(ours, theirs), start=1):
        where = f"{part} line {n} ({want['text']!r})"
        for key in ("level", "separator", "text"):
            if got[key] != want[key] and not (want["separator"] and key == "text"):
                problems.append(f"{where}: {key} is {got[key]!r}, meant {want[key]!r}")
        for key in ("color", "color_dark"):
            if want[key] and (got[key] or "").lower() != want[key].lower():
                problems.append(f"{where}: {key} is {got[key]!r}, meant {want[key]!r}")
        if got["problems"]:
            problems.append(f"{where}: {got['problems']}")
        problems += action_problems(want, got.get("action"), menu, where)
    return problems


def action_problems(want: dict, action: dict | None, menu: dict, where: str) -> list[str]:
    if want["href"]:
        ok = action is not None and action.get("href") == want["href"] == USAGE_PAGE
        return [] if ok else [f"{where}: opens {action}, meant {want['href']}"]
    text = want["text"].replace("✓", "").strip()
    flags = FLAGS.get(text)
    if action is not None and action.get("argv") and _account_item(text, action["argv"], menu):
        return []
    if flags is None:
        return [] if action is None else [f"{where}: runs {action}, meant nothing"]
    if action is None or action.get("argv") is None:
        return [f"{where}: runs {action}, meant {flags}"]
    problems = []
    final = what_runs(action["argv"])
    if final != [menu["plugin_path"], *flags]:
        problems.append(f"{where}: runs {final}, meant {[menu['plugin_path'], *flags]}")
    if action.get("terminal"):
        problems.append(f"{where}: opens a terminal")
    if not action.get("refresh"):
        problems.append(f"{where}: does not refresh the menu")
    return problems


def _account_item(text: str, argv: list[str], menu: dict) -> bool:
    """Whether an item that names an account runs `--account <verb> <an account's id>`.

    Its text holds the account's name, which only the settings tie to its id: the
    verb must fit the text (Set Token…; a bare name makes it primary), and the id
    must be one our ids look like.
    """
    final = what_runs(argv)
    verb = next((v for prefix, v in ACCOUNT_VERBS if text.startswith(prefix)), "primary")
    return (
        len(final) == 4
        and final[:3] == [menu["plugin_path"], "--account", verb]
        and ACCOUNT_ID.fullmatch(final[3]) is not None
    )


def what_runs(argv: list[str]) -> list[str]:
    """The program and arguments that finally run: through env, or our sh decoder, for real."""
    if argv[:1] == ["/usr/bin/env"] and len(argv) > 1 and "=" not in argv[1]:
        return argv[1:]
    if argv[:2] == ["/bin/sh", "-c"] and len(argv) > 3:
        decode = argv[2].replace("exec ", "printf '%s' ", 1).split(' "$@"')[0]
        path = subprocess.run(["/bin/sh", "-c", decode, argv[3]], capture_output=True, check=True)
        return [os.fsdecode(path.stdout), *argv[4:]]
    return argv


def meant(line: str, host: str) -> dict:
    """What our own line means to show, read back from how we wrote it."""
    level = 0
    while line.startswith("--") and line != "---":
        line, level = line[2:], level + 1
    if line == "---":
        return {
            "level": level,
            "separator": True,
            "text": "",
            "color": None,
            "color_dark": None,
            "href": None,
        }
    label, bar, rest = line.partition("|")
    params = dict(word.split("=", 1) for word in _words(rest)) if bar else {}
    text = label[:-1] if bar and label.endswith(" ") and params.get("trim") != "false" else label
    if params.get("trim") != "false":
        text = text.strip()
    if host == "swiftbar":
        text = text.replace("\\\\", "\\")
    if host == "argos":
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    color = params.get("color")
    light, _, dark = (color or "").partition(",")
    return {
        "level": level,
        "separator": False,
        "text": text,
        "color": light or None,
        "color_dark": (dark or light) or None,
        "href": params.get("href"),
    }


def _words(params: str) -> list[str]:
    """Our own `key=value` list: values quoted with ' or " when they hold a blank."""
    words, rest = [], params.strip()
    while rest:
        key, _, rest = rest.partition("=")
        if rest[:1] in ("'", '"'):
            value, _, rest = rest[1:].partition(rest[0])
        else:
            value, _, rest = rest.partition(" ")
        words.append(f"{key.strip()}={value}")
        rest = rest.strip()
    return words


if __name__ == "__main__":
    sys.exit(main())
