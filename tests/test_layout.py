"""The package's shape, checked: layers point down, no import circles, one error boundary.

Imports are read from the source with `ast`; those under `if TYPE_CHECKING:` are
for the type checker alone and never run, so they are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "claude_usage"
LAYERS = {  # a module may import its own layer and those below, never one above
    "core": 0,
    "system": 1,
    "sources": 2,
    "render": 2,
    "store": 3,
    "settings": 3,
    "accounts": 3,
    "alerting": 3,
    "pacing": 3,
    "context": 4,
    "refresh": 4,
    "fetching": 4,
    "identifying": 4,
    "news": 4,
    "commands": 5,
    "cli": 6,
}
MAX_LINES = 200


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    return LAYERS.get(part, 0)  # the package's own __init__ is at the bottom


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def runtime_imports(module: str) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, statement, at module top) for each import that really runs."""
    tree = ast.parse(MODULES[module].read_text())
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, ast.stmt, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                for branch in child.orelse:  # the run-time side of the guard
                    visit(branch, top)
                continue
            inner = top and not isinstance(child, (ast.FunctionDef, ast.ClassDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.extend((name, child, top) for name in _targets(child, package))
            visit(child, inner)

    visit(tree, True)
    return found


def _targets(node: ast.ImportFrom, package: str) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = package.split(".")
        base = ".".join(
            parts[: len(parts) - node.level + 1] + ([node.module] if node.module else [])
        )
    # `from . import MANUAL` names a value in the package; `from . import x` may name a module
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def graph() -> dict[str, set[str]]:
    return {
        module: {name for name, _, _ in runtime_imports(module) if name in MODULES} - {module}
        for module in MODULES
    }


def test_there_are_no_import_circles():
    edges, state, circles = graph(), {}, []

    def walk(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                walk(target, [*trail, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            walk(module, [module])
    assert circles == []


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        for target in targets
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_the_cli_imports_with_every_import_at_the_top():
    done = subprocess.run(
        [sys.executable, "-c", "import claude_usage.cli"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_lazy_import_says_why_it_is_lazy(module):
    lines = MODULES[module].read_text().splitlines()
    unexplained = [
        lines[statement.lineno - 1].strip()
        for _, statement, top in runtime_imports(module)
        if not top and "#" not in lines[statement.lineno - 1]
    ]
    assert unexplained == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    assert len(MODULES[module].read_text().splitlines()) <= MAX_LINES


def test_only_the_cli_catches_everything_and_nothing_below_it_prints():
    offenders = []
    for module, path in MODULES.items():
        if module == "claude_usage.cli":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and _catches_everything(node):
                offenders.append(f"{module}: except {ast.unparse(node.type or node)}")
            if isinstance(node, ast.Call) and _prints(ast.unparse(node.func)):
                offenders.append(f"{module}: {ast.unparse(node.func)}")
    assert offenders == []


def _catches_everything(handler: ast.ExceptHandler) -> bool:
    """A handler for Exception (or wider) that does not simply clean up and raise again."""
    caught = ast.unparse(handler.type) if handler.type else "BaseException"
    names = {name.strip("() ") for name in caught.split(",")}
    reraises = isinstance(handler.body[-1], ast.Raise) and handler.body[-1].exc is None
    return bool(names & {"Exception", "BaseException"}) and not reraises


def _prints(call: str) -> bool:
    return call == "print" or call in ("sys.stdout.write", "sys.stderr.write")
