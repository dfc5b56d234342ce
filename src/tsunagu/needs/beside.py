"""Needs with no person shown beside the persons of a candidate 地域課題, filled by higher apps.

needs never imports the apps above it: an app with needs noticed with no person (the community
app's 地域の声) registers, in its ``AppConfig.ready()``, where to read them. They are grouped by
the SAME analysis as persons' needs (``tsunagu.needs.selectors.need_groups`` passes them to
``analysis.join_groups``: placed by the grouping's own rule in the space of the needs alone,
shaping no group), so a voice worded
differently but about the same wall joins the persons' candidate. They are counted apart and
never count as persons: the ≥ k persons threshold is decided by persons' needs alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BesideRow:
    """One need with no person: its id (within its kind), the organization that recorded it
    (None: unknown), its stored analysis (``Features.to_json()`` or None) and its text."""

    pk: int
    organization_id: int | None
    analysis: Any
    text: str


@dataclass(frozen=True)
class BesideSource:
    name: str
    # rows(region) -> the region's rows to group (open ones only)
    rows: Callable[[Any], Iterable[BesideRow]]
    # fingerprint(region) -> a string that changes whenever rows(region) would
    fingerprint: Callable[[Any], str]


_BESIDE: dict[str, BesideSource] = {}


def register_beside(
    name: str,
    *,
    rows: Callable[[Any], Iterable[BesideRow]],
    fingerprint: Callable[[Any], str],
) -> None:
    """Register (or replace) the source called ``name``."""
    _BESIDE[name] = BesideSource(name=name, rows=rows, fingerprint=fingerprint)


def beside_sources() -> list[BesideSource]:
    return list(_BESIDE.values())


def beside_figures(members: Iterable[tuple[int, int | None]]) -> dict[str, int] | None:
    """{"count": rows, "organizations": distinct recording organizations} of (pk,
    organization id) pairs; None when there are none."""
    pks: set[int] = set()
    organizations: set[int] = set()
    for pk, organization_id in members:
        pks.add(pk)
        if organization_id is not None:
            organizations.add(organization_id)
    if not pks:
        return None
    return {"count": len(pks), "organizations": len(organizations)}
