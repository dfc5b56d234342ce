#!/usr/bin/env python3
"""Rewrite imports after the layer moves of issue 24 (tools/layers.py).

    python tools/rewrite_imports.py [PATH ...]   # default: src tests benchmarks
    ruff check --fix src tests                   # then: sort and merge the import blocks

MODULES maps whole modules; SYMBOLS maps names that moved out of a module that stays
(``from old import a, b`` is split when only some of its names moved). Dotted paths in strings
and comments (``"tsunagu.people.fields"``, ``mock.patch(...)``) are rewritten for MODULES too.
Also rewrites the URL name ``core:dashboard`` and the template ``core/dashboard.html``.
``group_needs_from_token`` now takes the user, not the request: calls are rewritten from
``group_needs_from_token(request, `` to ``group_needs_from_token(request.user, ``.
Idempotent: running it twice changes nothing more."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

MODULES = {
    "tsunagu.people.fields": "tsunagu.core.fields",
    "tsunagu.reports.fonts": "tsunagu.core.pdf",
    "tsunagu.reports.sheet": "tsunagu.core.sheet",
    "tsunagu.core.context_processors": "tsunagu.portal.context_processors",
    "tsunagu.core.demo_records": "tsunagu.portal.demo_records",
    "tsunagu.core.management.commands.demo": "tsunagu.portal.management.commands.demo",
    "tsunagu.core.management.commands.user": "tsunagu.accounts.management.commands.user",
}
SYMBOLS = {
    ("tsunagu.reports.exports", "register_pdf_font"): "tsunagu.core.pdf",
    ("tsunagu.reports.charts", "setup_matplotlib"): "tsunagu.core.charts",
    ("tsunagu.reports.charts", "render_lock"): "tsunagu.core.charts",
    ("tsunagu.reports.charts", "BAR"): "tsunagu.core.charts",
    ("tsunagu.reports.charts", "INK"): "tsunagu.core.charts",
    ("tsunagu.reports.charts", "GRID"): "tsunagu.core.charts",
    ("tsunagu.reports.figures", "sees_full_figures"): "tsunagu.core.figures",
    ("tsunagu.reports.layout", "SUPPRESSION_NOTE"): "tsunagu.core.figures",
    ("tsunagu.core.views", "dashboard"): "tsunagu.portal.views",
    ("tsunagu.core.checks", "check_office_hours"): "tsunagu.safeguarding.checks",
    ("tsunagu.needs.views", "group_needs_from_token"): "tsunagu.needs.selectors",
    ("tsunagu.needs.views", "GROUP_SALT"): "tsunagu.needs.selectors",
    **{
        ("tsunagu.council.selectors", name): "tsunagu.needs.evidence"
        for name in (
            "Cell",
            "min_persons",
            "suppress_count",
            "_evidence_published",
            "_suppress_evidence",
            "_quarter_label",
            "Evidence",
            "evidence_for",
        )
    },
}
TEXT = {
    "core:dashboard": "portal:dashboard",
    "core/dashboard.html": "portal/dashboard.html",
    "group_needs_from_token(request, ": "group_needs_from_token(request.user, ",
    "tsunagu.reports.exports.register_pdf_font": "tsunagu.core.pdf.register_pdf_font",
    "tsunagu.reports.figures.sees_full_figures": "tsunagu.core.figures.sees_full_figures",
    "tsunagu.reports.layout.SUPPRESSION_NOTE": "tsunagu.core.figures.SUPPRESSION_NOTE",
}
SUFFIXES = {".py", ".html", ".md", ".txt", ".toml", ".cfg"}


def _modules(text: str) -> str:
    for old, new in MODULES.items():
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def _symbols(text: str) -> str:
    """Split ``from M import a, b`` where some names moved (top level or inside functions)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        moved: dict[str, list[str]] = {}
        kept = []
        for alias in node.names:
            target = SYMBOLS.get((node.module, alias.name))
            spelled = alias.name + (f" as {alias.asname}" if alias.asname else "")
            if target:
                moved.setdefault(target, []).append(spelled)
            else:
                kept.append(spelled)
        if not moved:
            continue
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
        new = [f"{indent}from {node.module} import {', '.join(kept)}\n"] if kept else []
        new += [
            f"{indent}from {target} import {', '.join(names)}\n" for target, names in moved.items()
        ]
        edits.append((node.lineno - 1, node.end_lineno, new))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    return "".join(lines)


def rewrite(path: Path) -> bool:
    old = path.read_text(encoding="utf-8")
    text = _modules(old)
    if path.suffix == ".py":
        text = _symbols(text)
    for a, b in TEXT.items():
        text = text.replace(a, b)
    if text != old:
        path.write_text(text, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    roots = [Path(p) for p in (argv or ["src", "tests", "benchmarks"])]
    changed = 0
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and path.suffix in SUFFIXES and "migrations" not in path.parts:
                if rewrite(path):
                    changed += 1
                    print(path)
    print(f"{changed} files rewritten; now run: ruff check --fix src tests", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
