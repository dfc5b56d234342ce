"""The figures a user may see, and whose records they count.

Who sees what (issue 18):
- Center staff (PERSONAL_ALL) see every report exactly: the region, any 市町村, all of them
  side by side, and may choose whose records count (organizations).
- A municipal officer (role 市町村職員 with a 担当市町村) sees their own municipality's report
  exactly — it is their contract; aggregates only, never a name — and any other single
  municipality suppressed. Not the region total: region − own exact figures would give the
  other municipalities' small counts back, which per-table suppression cannot prevent.
- Every other AGGREGATES reader (council secretariat, an officer without a municipality)
  sees the region's report suppressed, as before.
Suppression itself is the one suppression module's; this module only decides which report
is exact for whom.

Whose records: by default the center's own — the region's 基幹相談支援センター organizations
(or the center worker's own organization) and records that name none (kept from before
organizations were recorded). A provider's records never enter unless chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.core.access import user_can
from tsunagu.core.figures import sees_full_figures
from tsunagu.core.models import Municipality, Organization, OrganizationKind
from tsunagu.core.roles import Capability, Role
from tsunagu.reports.sections import extra_figures, extra_figures_many
from tsunagu.reports.selectors import annual_report, annual_reports
from tsunagu.reports.suppression import suppress

REGION = ""  # the municipality choice for the region's report
ALL = "all"  # the municipality choice for every municipality side by side
EVERY_ORGANIZATION = "all"


def own_municipality(user: Any) -> Municipality | None:
    """The municipality whose report ``user`` sees exactly as its municipal officer."""
    if sees_full_figures(user) or getattr(user, "role", "") != Role.MUNICIPALITY:
        return None
    if not user_can(user, Capability.AGGREGATES) or user.municipality_id is None:
        return None
    municipality = user.municipality
    return municipality if municipality.region_id == user.region_id else None


def is_exact_for(user: Any, municipality: str) -> bool:
    """Whether ``user`` sees the report of ``municipality`` (a code, or REGION) exactly."""
    if sees_full_figures(user):
        return True
    own = own_municipality(user)
    return own is not None and municipality == own.code


def municipality_choices(user: Any) -> list[tuple[str, str]]:
    """(value, label) of the reports ``user`` may open, the default first."""
    municipalities = list(
        Municipality.objects.filter(region_id=user.region_id)
        .order_by("code")
        .values_list("code", "name")
    )
    if sees_full_figures(user):
        return [
            (REGION, _("圏域全体")),
            (ALL, _("市町村ごと（すべて並べて）")),
            *municipalities,
        ]
    own = own_municipality(user)
    if own is not None:
        return [(own.code, own.name), *[(c, n) for c, n in municipalities if c != own.code]]
    return [(REGION, _("圏域全体"))]


def organization_choices(user: Any) -> list[tuple[int, str]]:
    """The organizations a center worker may count (the region's, centers first)."""
    if not sees_full_figures(user):
        return []
    rows = Organization.objects.filter(region_id=user.region_id).order_by("kind", "kana", "name")
    return [(pk, name) for pk, name in rows.values_list("pk", "name")]


def default_organizations(user: Any) -> tuple[int, ...]:
    """The center's own records: the worker's organization when it is a center, else the
    region's 基幹相談支援センター organizations."""
    organization = getattr(user, "organization", None)
    if (
        sees_full_figures(user)
        and organization is not None
        and organization.kind == OrganizationKind.CORE_CENTER
    ):
        return (organization.pk,)
    return center_organizations(user.region_id)


def center_organizations(region_id: int) -> tuple[int, ...]:
    return tuple(
        Organization.objects.filter(
            region_id=region_id, kind=OrganizationKind.CORE_CENTER
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Selection:
    """What a report shows: 年度, municipality (a code, REGION or ALL) and organizations
    (None: every organization's records)."""

    fiscal_year: int
    municipality: str = REGION
    organizations: tuple[int, ...] | None = None


def figures_for(user: Any, fiscal_year: int, selection: Selection | None = None) -> dict[str, Any]:
    """One report (the region's or one municipality's), exact or suppressed for ``user``."""
    selection = selection or Selection(fiscal_year, organizations=default_organizations(user))
    report = annual_report(
        region=user.region_id,
        fiscal_year=selection.fiscal_year,
        municipality=selection.municipality or None,
        organizations=selection.organizations,
    )
    exact = is_exact_for(user, selection.municipality)
    figures = report.to_dict() if exact else suppress(report)
    # sections other apps add (地域支援, issue 19); their personal counts suppressed as these
    figures.update(
        extra_figures(
            region=user.region_id,
            fiscal_year=selection.fiscal_year,
            municipality=selection.municipality or None,
            exact=exact,
        )
    )
    return figures


def all_figures_for(user: Any, selection: Selection) -> list[tuple[str, str, dict[str, Any]]]:
    """(code, name, figures) of the region (code REGION) then each municipality, for the
    center only (exact); others get the one report they may see."""
    if not sees_full_figures(user):
        raise PermissionError
    reports = annual_reports(
        region=user.region_id,
        fiscal_year=selection.fiscal_year,
        organizations=selection.organizations,
    )
    region_name = user.region.name
    extra = extra_figures_many(
        region=user.region_id,
        fiscal_year=selection.fiscal_year,
        municipalities=[None, *(m.code for m in reports.municipalities)],
    )
    return [
        (REGION, region_name, {**reports.region.to_dict(), **extra[0]}),
        *[
            (m.code, m.name, {**m.report.to_dict(), **more})
            for m, more in zip(reports.municipalities, extra[1:], strict=True)
        ],
    ]
