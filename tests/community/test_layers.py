"""community sits above people, needs, council, directory and network: none of them imports it
(they reach it only through registries filled in CommunityConfig.ready())."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tsunagu"
# `tsunagu demo` loads every app's demo (portal, the top app; tests/test_layers.py checks all)
TOP = {"portal/management/commands/demo.py"}


@pytest.mark.parametrize(
    "app", ["core", "people", "needs", "council", "directory", "network", "consultations"]
)
def test_lower_apps_do_not_import_community(app):
    arrows = []
    for path in sorted((SRC / app).rglob("*.py")):
        if str(path.relative_to(SRC)) in TOP:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            arrows += [
                f"{path.relative_to(SRC)}:{node.lineno}"
                for name in names
                if name.startswith("tsunagu.community")
            ]
    assert arrows == []
