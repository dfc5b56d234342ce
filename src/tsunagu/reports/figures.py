"""The figures a user may see: full for the center, suppressed for readers outside it."""

from __future__ import annotations

from typing import Any

from tsunagu.core.access import user_can
from tsunagu.core.roles import Capability
from tsunagu.reports.sections import extra_figures
from tsunagu.reports.selectors import annual_report
from tsunagu.reports.suppression import suppress


def sees_full_figures(user: Any) -> bool:
    """Center staff (PERSONAL_ALL) see every count; AGGREGATES alone sees them suppressed."""
    return user_can(user, Capability.PERSONAL_ALL)


def figures_for(user: Any, fiscal_year: int) -> dict[str, Any]:
    """The report of the user's own region, as ``AnnualReport.to_dict()`` or suppressed."""
    report = annual_report(region=user.region_id, fiscal_year=fiscal_year)
    figures = report.to_dict() if sees_full_figures(user) else suppress(report)
    # sections other apps add (地域支援, issue 19): not counts of persons, never suppressed
    figures.update(extra_figures(region=user.region_id, fiscal_year=fiscal_year))
    return figures
