"""地域支援 in the annual report: the figures of one region (or municipality) and 年度.

- ``community_activities_by_method``: activities per method (exclusive: sums to the total);
- ``community_activities_by_municipality``: activities per municipality (an activity in
  several municipalities counts in each: 重複カウントあり);
- ``provider_support_total`` and ``provider_support_by_organization_kind``: 事業所支援,
  counted apart from persons' consultations;
- ``case_meetings_total`` and ``case_meetings_by_municipality``: 個別支援会議 held (by where
  the person lives; 市町村不明 when the person has none);
- ``observations_by_source``: 地域の声 per source kind.

What is personal (suppressed for readers outside the center, ``published``):

- 個別支援会議 are meetings about one person each: a count of 1 or 2 in a small town says
  that someone there is in a hard situation, and with the date of a council meeting who. Its
  total and its breakdown by municipality go through the one suppression module.
- 事業所支援 by organization kind: a kind has few providers in the region (often one), and a
  record may be a case consultation about a person of that provider: a count of 1 or 2 points
  at the provider and its user. Total and breakdown are suppressed the same way.
- Not personal: activities (a talk at a high school, recruiting a shop, a 自治会 meeting —
  public events the community saw) and 地域の声 (noted with no person, and checked for personal
  data on the way in). They are published as they are.

With ``municipality`` (its code, the Municipality or its id), activities of that municipality,
support to providers counted there, meetings about persons living there and observations noted
there. ``community_figures_many`` gives the region and every municipality at once: six
statements whatever the number of municipalities (the two lists of labels, then one
aggregate with conditional counts per table)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

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
    "case_meetings_by_municipality",
    "observations_by_source",
)
# personal counts: total -> the exclusive breakdown that sums to it (see the module doc)
PERSONAL = {
    "provider_support_total": ("provider_support_by_organization_kind",),
    "case_meetings_total": ("case_meetings_by_municipality",),
}
UNKNOWN_MUNICIPALITY = gettext_lazy("市町村不明")


def _scope_key(municipality: Any, municipalities: list[Municipality]) -> int | None:
    """None for the region, else the municipality's id (from its code, object or id)."""
    if not municipality:
        return None
    if isinstance(municipality, str):
        for m in municipalities:
            if m.code == municipality:
                return m.pk
        return -1  # not of this region: nothing counts
    return getattr(municipality, "pk", municipality)


def community_figures(*, region: Any, fiscal_year: int, municipality: Any = None) -> dict:
    """The section's figures of the region's report (``municipality`` None) or one
    municipality's. Six statements."""
    return community_figures_many(
        region=region, fiscal_year=fiscal_year, municipalities=[municipality]
    )[0]


def community_figures_many(
    *, region: Any, fiscal_year: int, municipalities: list[Any]
) -> list[dict]:
    """The section's figures for each of ``municipalities`` (None: the region), in order.
    Six statements, whatever their number."""
    region_id = region if isinstance(region, int) else region.pk
    places = list(Municipality.objects.filter(region_id=region_id).order_by("code"))
    methods = list(
        ListItem.objects.of(region_id, ListKind.COMMUNITY_METHOD).order_by("sort_order", "pk")
    )
    scopes = [_scope_key(m, places) for m in municipalities]
    wanted = {s for s in scopes if s is not None}

    def name(prefix: str, scope: int | None, value: Any) -> str:
        return f"{prefix}_{'r' if scope is None else scope}_{value}"

    # activities: per scope and method; per municipality (an activity counted once in each)
    activity_counts: dict[str, Any] = {}
    for scope in {None, *wanted}:
        where = Q() if scope is None else Q(municipalities=scope)
        for method in methods:
            activity_counts[name("m", scope, method.pk)] = Count(
                "pk", distinct=True, filter=where & Q(method_id=method.pk)
            )
    for place in places:
        activity_counts[name("u", None, place.pk)] = Count(
            "pk", distinct=True, filter=Q(municipalities=place.pk)
        )
    activities = CommunityActivity.objects.filter(
        region_id=region_id, fiscal_year=fiscal_year
    ).aggregate(**activity_counts)

    support_counts = {
        name("k", scope, kind): Count(
            "pk",
            filter=Q(organization__kind=kind)
            & (Q() if scope is None else Q(municipality_id=scope)),
        )
        for scope in {None, *wanted}
        for kind in OrganizationKind.values
    }
    supports = ProviderSupport.objects.filter(
        region_id=region_id, fiscal_year=fiscal_year
    ).aggregate(**support_counts)

    meeting_counts = {
        name("p", None, place.pk): Count("pk", filter=Q(person__municipality_id=place.pk))
        for place in places
    }
    meeting_counts["total"] = Count("pk")
    meetings = CaseMeeting.objects.filter(region_id=region_id, fiscal_year=fiscal_year).aggregate(
        **meeting_counts
    )

    observation_counts = {
        name("s", scope, source): Count(
            "pk",
            filter=Q(source=source) & (Q() if scope is None else Q(municipality_id=scope)),
        )
        for scope in {None, *wanted}
        for source in ObservationSource.values
    }
    observations = Observation.objects.filter(
        region_id=region_id, fiscal_year=fiscal_year
    ).aggregate(**observation_counts)

    out = []
    for scope in scopes:
        shown_places = [p for p in places if scope is None or p.pk == scope]
        by_kind = {
            str(label): supports[name("k", scope, value)]
            for value, label in OrganizationKind.choices
            if supports[name("k", scope, value)]
        }
        by_place = {p.name: meetings[name("p", None, p.pk)] for p in shown_places}
        unknown = meetings["total"] - sum(by_place.values())  # the person has no municipality
        if scope is None and unknown:
            by_place[str(UNKNOWN_MUNICIPALITY)] = unknown
        out.append(
            {
                "community_activities_by_method": {
                    m.label: activities.get(name("m", scope, m.pk), 0) for m in methods
                },
                "community_activities_by_municipality": {
                    p.name: activities[name("u", None, p.pk)] for p in shown_places
                },
                "provider_support_total": sum(by_kind.values()),
                "provider_support_by_organization_kind": by_kind,
                "case_meetings_total": sum(by_place.values()),
                "case_meetings_by_municipality": by_place,
                "observations_by_source": {
                    str(label): observations[name("s", scope, value)]
                    for value, label in ObservationSource.choices
                },
            }
        )
    return out


def community_published(figures: dict[str, Any]) -> dict[str, Any]:
    """The section as readers outside the center see it: the personal counts (PERSONAL)
    through the one suppression module; activities and 地域の声 as they are."""
    from tsunagu.reports.suppression import suppress_counts

    return suppress_counts(figures, exclusive=PERSONAL)


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
            "case_meetings_by_municipality",
            _("個別支援会議 市町村別 開催回数"),
            _("回"),
            list(figures.get("case_meetings_by_municipality", {}).items()),
        ),
        table(
            "observations_by_source",
            _("地域の声 出どころ別 件数"),
            _("件"),
            list(figures["observations_by_source"].items()),
        ),
    ]
