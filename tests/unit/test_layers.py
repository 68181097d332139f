"""Imports point one way (docs/architecture.md): pages → components → services → db, and the
command line with its demo data (manage/) above services. A module that imports upwards
would make a rule untestable without Streamlit, or tie the tables to the rules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package → the top-level names it may not import
FORBIDDEN = {
    "db": {"services", "components", "pages", "manage", "streamlit", "app"},
    "services": {"components", "pages", "manage", "streamlit", "app"},
    "components": {"pages", "manage", "app"},
}
# The one component that must know every page: it builds st.navigation's list from them.
ALLOWED = {"components/navigation.py": {"pages"}}


def imported_tops(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above_its_own(package):
    wrong = {
        name: sorted(imported_tops(path) & FORBIDDEN[package] - ALLOWED.get(name, set()))
        for path in (ROOT / package).rglob("*.py")
        if (name := str(path.relative_to(ROOT)))
    }
    assert {path: names for path, names in wrong.items() if names} == {}
