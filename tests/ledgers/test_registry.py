"""The ledgers are declared by the apps owning their data and found by the ledgers app; the
spec types in core import no app, and the declaring apps import nothing of the ledgers app."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ledgers.choices import Ledger
from ledgers.selectors import registry

ROOT = Path(settings.BASE_DIR)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_every_ledger_choice_is_declared_once_and_titled_by_its_label():
    specs = registry()
    assert list(specs) == list(Ledger.values)
    for code, spec in specs.items():
        assert spec.title == Ledger(code).label
        assert spec.description and spec.columns
        assert set(spec.basic_fields) <= set(spec.filterset.base_filters), code
        assert reverse(spec.list_url), code


def test_declarations_come_from_the_apps_owning_the_data():
    modules = {code: spec.filterset.__module__.split(".")[0] for code, spec in registry().items()}
    assert {modules[code] for code in ("issues", "clues", "points", "reports")} == {"inspections"}
    assert modules["rectification"] == "inspections"  # the issue list's own FilterSet


@pytest.mark.parametrize(
    "path, forbidden",
    [
        ("core/ledgers.py", ("accounts", "inspections", "rectification", "ledgers", "documents")),
        ("inspections/ledgers.py", ("rectification", "ledgers", "documents")),
        ("rectification/ledgers.py", ("ledgers", "documents")),
    ],
)
def test_dependencies_go_one_way(path, forbidden):
    for module in imported_modules(ROOT / path):
        assert module.split(".")[0] not in forbidden, f"{path} imports {module}"
