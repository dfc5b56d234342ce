"""Sections other apps add to the annual report (実績報告), filled in their AppConfig.ready().

reports does not import the apps above it. An app registers

- ``figures(region=, fiscal_year=, municipality=None)`` (municipality: None for the region's
  report, else the 5-digit code of the municipality's, issue 18) → a dict of JSON keys merged
  into that report's figures;
- ``tables(figures)`` → tables of the same shape as ``layout.tables`` (key, title, caption,
  unit, multi_count, rows), which the page, the XLSX (each sheet), the CSV and the PDF (each
  page) show after the report's own;
- ``published(figures)`` → the figures as readers outside the center see them (the council,
  a municipality's other reports, ``report --suppressed``): the counts that could identify a
  person go through the one suppression module (reports.suppression.suppress_counts →
  core.suppression). The section decides, and documents, which of its counts are personal;
  without ``published`` none is;
- optionally ``figures_many(region=, fiscal_year=, municipalities=[None, code, …])`` → the
  figures of each, in order, so that the region and every municipality side by side cost no
  more statements than one report;
- or, instead of ``published``, ``person_keys``: the keys that are counts of persons, each a
  total on its own or a breakdown of independent counts with no published sum (地域移行・地域定着:
  移行者数), shown as ＊ when 1..THRESHOLD (:func:`suppress_person_counts`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    name: str
    figures: Callable[..., dict[str, Any]]
    tables: Callable[[dict[str, Any]], list[dict[str, Any]]]
    published: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    figures_many: Callable[..., list[dict[str, Any]]] | None = None
    person_keys: tuple[str, ...] = ()


_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(
    name: str,
    *,
    figures: Callable[..., dict[str, Any]],
    tables: Callable[[dict[str, Any]], list[dict[str, Any]]],
    published: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    figures_many: Callable[..., list[dict[str, Any]]] | None = None,
    person_keys: tuple[str, ...] = (),
) -> None:
    """Register (or replace) the section ``name``."""
    keys = tuple(person_keys)
    if published is None and keys:
        published = partial(_hide_counts, keys=keys)
    _SECTIONS[name] = ReportSection(
        name=name,
        figures=figures,
        tables=tables,
        published=published,
        figures_many=figures_many,
        person_keys=keys,
    )


def _hide_counts(figures: dict[str, Any], *, keys: tuple[str, ...]) -> dict[str, Any]:
    from tsunagu.core.suppression import SUPPRESSED, THRESHOLD

    def hide(value: Any) -> Any:
        return SUPPRESSED if isinstance(value, int) and 1 <= value <= THRESHOLD else value

    result = dict(figures)
    for key in keys:
        if key in result:
            value = result[key]
            result[key] = (
                {k: hide(v) for k, v in value.items()} if isinstance(value, dict) else hide(value)
            )
    return result


def suppress_person_counts(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` with every section's ``person_keys`` of 1..THRESHOLD replaced by ＊."""
    for section in _SECTIONS.values():
        figures = _hide_counts(figures, keys=section.person_keys)
    return figures


def _shown(section: ReportSection, figures: dict[str, Any], exact: bool) -> dict[str, Any]:
    if exact or section.published is None:
        return figures
    return section.published(figures)


def extra_figures(
    *, region: Any, fiscal_year: int, municipality: str | None = None, exact: bool = True
) -> dict[str, Any]:
    """The sections' figures of the region's report, or of the municipality ``municipality``
    (its code); ``exact`` False: as published outside the center (suppressed)."""
    figures: dict[str, Any] = {}
    for section in _SECTIONS.values():
        figures.update(
            _shown(
                section,
                section.figures(
                    region=region, fiscal_year=fiscal_year, municipality=municipality
                ),
                exact,
            )
        )
    return figures


def extra_figures_many(
    *, region: Any, fiscal_year: int, municipalities: list[str | None], exact: bool = True
) -> list[dict[str, Any]]:
    """``extra_figures`` of each of ``municipalities`` (None: the region), in order."""
    out: list[dict[str, Any]] = [{} for _m in municipalities]
    for section in _SECTIONS.values():
        if section.figures_many is not None:
            many = section.figures_many(
                region=region, fiscal_year=fiscal_year, municipalities=municipalities
            )
        else:
            many = [
                section.figures(region=region, fiscal_year=fiscal_year, municipality=m)
                for m in municipalities
            ]
        for target, figures in zip(out, many, strict=True):
            target.update(_shown(section, figures, exact))
    return out


def extra_tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The registered sections' tables, for figures that carry their keys."""
    tables: list[dict[str, Any]] = []
    for section in _SECTIONS.values():
        try:
            tables += section.tables(figures)
        except KeyError:  # figures made without the section (an old JSON, a test dict)
            continue
    return tables
