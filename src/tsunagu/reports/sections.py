"""Sections other apps add to the annual report (実績報告), filled in their AppConfig.ready().

reports does not import the apps above it. An app registers
``figures(region=, fiscal_year=, municipality=None)`` (municipality: None for the region's
report, else the 5-digit code of the municipality's, issue 18) → a dict of JSON keys merged
into that report's figures, and ``tables(figures)`` → tables of the same shape as
``layout.tables`` (key, title, caption, unit, multi_count, rows), which the page, the XLSX
(each sheet), the CSV and the PDF (each page) show after the report's own. The figures of a section are not
counts of persons, except the keys it names in ``person_keys`` (地域移行・地域定着: 移行者数):
for readers outside the center those are suppressed like the report's own totals — each a
total on its own, or a breakdown of independent counts, with no published sum — so a count of
1..THRESHOLD is shown as ＊ (:func:`suppress_person_counts`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    name: str
    figures: Callable[..., dict[str, Any]]
    tables: Callable[[dict[str, Any]], list[dict[str, Any]]]
    person_keys: tuple[str, ...] = ()


_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(
    name: str,
    *,
    figures: Callable[..., dict[str, Any]],
    tables: Callable[[dict[str, Any]], list[dict[str, Any]]],
    person_keys: tuple[str, ...] = (),
) -> None:
    """Register (or replace) the section ``name``."""
    _SECTIONS[name] = ReportSection(
        name=name, figures=figures, tables=tables, person_keys=tuple(person_keys)
    )


def suppress_person_counts(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` with the sections' counts of persons of 1..THRESHOLD replaced by ＊ (an
    int, or each value of a dict of independent counts)."""
    from tsunagu.core.suppression import SUPPRESSED, THRESHOLD

    def hide(value: Any) -> Any:
        return SUPPRESSED if isinstance(value, int) and 1 <= value <= THRESHOLD else value

    result = dict(figures)
    for section in _SECTIONS.values():
        for key in section.person_keys:
            if key not in result:
                continue
            value = result[key]
            result[key] = (
                {k: hide(v) for k, v in value.items()} if isinstance(value, dict) else hide(value)
            )
    return result


def extra_figures(
    *, region: Any, fiscal_year: int, municipality: str | None = None
) -> dict[str, Any]:
    """The sections' figures of the region's report, or of the municipality ``municipality``
    (its code)."""
    figures: dict[str, Any] = {}
    for section in _SECTIONS.values():
        figures.update(
            section.figures(region=region, fiscal_year=fiscal_year, municipality=municipality)
        )
    return figures


def extra_tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The registered sections' tables, for figures that carry their keys."""
    tables: list[dict[str, Any]] = []
    for section in _SECTIONS.values():
        try:
            tables += section.tables(figures)
        except KeyError:  # figures made without the section (an old JSON, a test dict)
            continue
    return tables
