"""地域支援 in the annual report: the figures of one region (or municipality) and 年度.

- ``community_activities_by_method``: activities per method (exclusive: sums to the total);
- ``community_activities_by_municipality``: activities per municipality (an activity in
  several municipalities counts in each: 重複カウントあり);
- ``provider_support_total`` and ``provider_support_by_organization_kind``: 事業所支援,
  counted apart from persons' consultations;
- ``case_meetings_total``: 個別支援会議 held;
- ``observations_by_source``: 地域の声 per source kind.

None of these counts persons, so the small-count suppression of persons' figures does not
apply. With ``municipality`` (its code, the Municipality or its id), activities of that municipality, support to providers counted
there, meetings about persons living there and observations noted there. A fixed number of
queries (seven)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from tsunagu.community.models import (
    CaseMeeting,
    CommunityActivity,
    Observation,
    ObservationSource,
    ProviderSupport,
)
from tsunagu.core.models import ListItem, ListKind, Municipality, OrganizationKind

KEYS = (
    "community_activities_by_method",
    "community_activities_by_municipality",
    "provider_support_total",
    "provider_support_by_organization_kind",
    "case_meetings_total",
    "observations_by_source",
)


def community_figures(*, region: Any, fiscal_year: int, municipality: Any = None) -> dict:
    region_id = region if isinstance(region, int) else region.pk
    activities = CommunityActivity.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    supports = ProviderSupport.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    meetings = CaseMeeting.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    observations = Observation.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    municipalities = Municipality.objects.filter(region_id=region_id).order_by("code")
    if isinstance(municipality, str) and municipality:  # the report's 5-digit code (issue 18)
        activities = activities.filter(municipalities__code=municipality)
        supports = supports.filter(municipality__code=municipality)
        meetings = meetings.filter(person__municipality__code=municipality)
        observations = observations.filter(municipality__code=municipality)
        municipalities = municipalities.filter(code=municipality)
    elif municipality:  # a Municipality or its id
        municipality_id = getattr(municipality, "pk", municipality)
        activities = activities.filter(municipalities=municipality_id)
        supports = supports.filter(municipality_id=municipality_id)
        meetings = meetings.filter(person__municipality_id=municipality_id)
        observations = observations.filter(municipality_id=municipality_id)
        municipalities = municipalities.filter(pk=municipality_id)

    methods = ListItem.objects.of(region_id, ListKind.COMMUNITY_METHOD).order_by("sort_order", "pk")
    by_method = dict(activities.order_by().values_list("method_id").annotate(n=Count("pk")))
    by_municipality = dict(
        CommunityActivity.municipalities.through.objects.filter(
            communityactivity__in=activities.values("pk")
        )
        .order_by()
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
    )
    by_kind = dict(supports.order_by().values_list("organization__kind").annotate(n=Count("pk")))
    by_source = dict(observations.order_by().values_list("source").annotate(n=Count("pk")))
    return {
        "community_activities_by_method": {m.label: by_method.get(m.pk, 0) for m in methods},
        "community_activities_by_municipality": {
            m.name: by_municipality.get(m.pk, 0) for m in municipalities
        },
        "provider_support_total": sum(by_kind.values()),
        "provider_support_by_organization_kind": {
            str(label): by_kind.get(value, 0)
            for value, label in OrganizationKind.choices
            if by_kind.get(value)
        },
        "case_meetings_total": meetings.count(),
        "observations_by_source": {
            str(label): by_source.get(value, 0) for value, label in ObservationSource.choices
        },
    }


def community_tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The 地域支援 section of the report as tables (the page, the XLSX, the PDF, the CSV)."""
    from django.utils.translation import gettext as _

    def table(key: str, caption: str, unit: str, rows: list, multi: bool = False) -> dict:
        return {
            "key": key,
            "title": caption,
            "caption": caption,
            "unit": unit,
            "multi_count": multi,
            "rows": rows,
        }

    return [
        table(
            "community_activities_by_method",
            _("地域支援 方法別 件数"),
            _("件"),
            list(figures["community_activities_by_method"].items()),
        ),
        table(
            "community_activities_by_municipality",
            _("地域支援 市町村別 件数"),
            _("件"),
            list(figures["community_activities_by_municipality"].items()),
            multi=True,
        ),
        table(
            "provider_support",
            _("事業所支援 機関種別 件数"),
            _("件"),
            [
                *figures["provider_support_by_organization_kind"].items(),
                (_("合計"), figures["provider_support_total"]),
            ],
        ),
        table(
            "case_meetings_total",
            _("個別支援会議 開催回数"),
            _("回"),
            [(_("個別支援会議"), figures["case_meetings_total"])],
        ),
        table(
            "observations_by_source",
            _("地域の声 出どころ別 件数"),
            _("件"),
            list(figures["observations_by_source"].items()),
        ),
    ]
