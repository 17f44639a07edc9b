"""The one direction of the dependencies (docs/architecture.md): core, accounts and inspections
import no app to their right — not at module level, not inside a function, not through the app
registry (``apps.get_model``). Rectification's part of a historic load is its own
(rectification/historic.py, registered with the loader from its ``ready()``)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["core", "accounts", "inspections", "rectification"]
RIGHT_OF_INSPECTIONS = [
    "rectification", "ledgers", "archives", "documents", "dashboard", "alerts", "notifications", "audit",
    "commons", "similarity", "demo", "workbench",
]  # fmt: skip


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", ["core", "accounts", "inspections"])
def test_an_app_imports_no_app_to_its_right(app):
    right = set(RIGHT_OF_INSPECTIONS) | set(ORDER[ORDER.index(app) + 1 :])
    offending = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found = imported_apps(path) & right
        found |= {m for m in re.findall(r"get_model\(\s*[\"'](\w+)[\"']", text) if m in right}
        if found:
            offending[str(path.relative_to(ROOT))] = sorted(found)
    assert offending == {}
