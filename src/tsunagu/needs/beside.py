"""Counts shown beside the persons of a candidate 地域課題, filled by higher apps.

needs never imports the apps above it: an app with something to show beside a candidate (the
community app's 地域の声, needs noticed with no person) registers a function in its
``AppConfig.ready()``. Such counts are shown apart and never count as persons: the ≥ k persons
threshold is decided by needs alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# name -> counts(region) -> {category pk: {"count": int, "organizations": int}}
BesideCounts = Callable[[Any], dict[int, dict[str, int]]]
_BESIDE: dict[str, BesideCounts] = {}


def register_beside_counts(name: str, counts: BesideCounts) -> None:
    """Register (or replace) the counts called ``name``."""
    _BESIDE[name] = counts


def beside_counts(region: Any) -> dict[str, dict[int, dict[str, int]]]:
    """Every registered count for ``region``: name -> category pk -> figures."""
    return {name: counts(region) for name, counts in _BESIDE.items()}
