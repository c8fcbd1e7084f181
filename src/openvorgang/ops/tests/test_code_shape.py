"""The shape the project set itself (README "Architecture"), checked on the code: modules a
reader can take in at once, and imports at the top of the module where everyone sees them."""

from __future__ import annotations

import ast
import pathlib

import openvorgang

ROOT = pathlib.Path(openvorgang.__file__).parent
MAX_LINES = 450


def _modules(*, with_tests: bool) -> list[pathlib.Path]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        test_code = {"tests", "testing"} & parts or path.name == "conftest.py"
        if "migrations" in parts or (not with_tests and test_code):
            continue
        found.append(path)
    return found


def test_no_module_is_longer_than_the_limit():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules(with_tests=True)
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long


def test_project_imports_are_at_the_top_of_the_module():
    """Inside a function only in ``AppConfig.ready`` (registrations once the apps are loaded);
    a cycle that forces one elsewhere must be removed, not hidden."""
    local = []
    for path in _modules(with_tests=False):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name == "ready" and path.name == "apps.py":
                continue
            for inner in ast.walk(node):
                module = (
                    inner.module
                    if isinstance(inner, ast.ImportFrom)
                    else inner.names[0].name
                    if isinstance(inner, ast.Import)
                    else None
                )
                if module and module.startswith("openvorgang"):
                    local.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not local, local
