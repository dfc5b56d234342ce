"""Reads of 発災時.

Safety checks and registrations are personal: center staff (PERSONAL_ALL) see the region,
provider staff (PERSONAL_ASSIGNED) the persons assigned to their organization, nobody else
any. Reading one writes a 閲覧 entry. Progress and summary counts are de-identified; readers
outside the center get them with small counts suppressed (tsunagu.core.suppression)."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from tsunagu.core.access import scope_personal, scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.figures import sees_full_figures
from tsunagu.core.models import AuditAction, Municipality, Organization, Region, User
from tsunagu.core.roles import ROLE_CAPABILITIES, Capability
from tsunagu.core.suppression import SUPPRESSED, protect
from tsunagu.disaster.models import (
    Acceptance,
    DisasterActivation,
    DisasterListRegistration,
    OpenStatus,
    OrganizationStatusReport,
    SafetyCheck,
    SafetyStatus,
)

STATUSES = [(s.value, str(s.label)) for s in SafetyStatus]


# --- disaster mode --------------------------------------------------------------------------


def active_activation(region_id: int | None) -> DisasterActivation | None:
    if region_id is None:
        return None
    return DisasterActivation.objects.filter(region_id=region_id, ended_at__isnull=True).first()


def active_flag_for_user(user: Any) -> dict | None:
    """``{"pk", "title"}`` of the active disaster mode of ``user``'s region, or None: the
    banner every page shows (portal.context_processors) and the dashboard's redirect.

    Read from the database, never from a cache, so that every worker of a multi-process
    server shows the same thing the moment the mode is switched. When the user's region is
    not loaded yet, it is loaded here together with the flag (one query: the one base.html
    makes anyway for ``user.region``) and kept on the user; when the view has loaded the
    region already, one small query reads the flag — what a shared cache would cost too."""
    field = User._meta.get_field("region")
    if field.is_cached(user):
        region = user.region
        if region is None:
            return None
        return (
            DisasterActivation.objects.filter(region=region, ended_at__isnull=True)
            .values("pk", "title")
            .first()
        )
    active = DisasterActivation.objects.filter(region=OuterRef("pk"), ended_at__isnull=True)
    region = (
        Region.objects.filter(pk=user.region_id)
        .annotate(
            disaster_pk=Subquery(active.values("pk")[:1]),
            disaster_title=Subquery(active.values("title")[:1]),
        )
        .first()
    )
    if region is None:
        return None
    field.set_cached_value(user, region)
    if not region.disaster_pk:
        return None
    return {"pk": region.disaster_pk, "title": region.disaster_title}


def activation_list(*, user: Any) -> QuerySet[DisasterActivation]:
    return scope_region(DisasterActivation.objects.all(), user).annotate(
        check_count=Count("checks", distinct=True), report_count=Count("reports", distinct=True)
    )


def activation_get(*, user: Any, pk: int) -> DisasterActivation:
    try:
        return scope_region(DisasterActivation.objects.all(), user).get(pk=pk)
    except DisasterActivation.DoesNotExist:
        raise Http404 from None


# --- the disaster list ----------------------------------------------------------------------


def registration_list(*, user: Any) -> QuerySet[DisasterListRegistration]:
    return (
        scope_personal(DisasterListRegistration.objects.all(), user,
                       organizations_field="person__assigned_organizations")
        .select_related("person", "person__municipality")
        .order_by("-priority", "person__municipality__code", "person__family_name_kana", "pk")
    )


def registration_of(*, user: Any, person: Any) -> DisasterListRegistration | None:
    """The person's registration if the user may see it (no audit: the caller audits)."""
    return registration_list(user=user).filter(person=person).first()


# --- safety checks --------------------------------------------------------------------------


def _scope_checks(queryset: QuerySet, user: Any) -> QuerySet:
    return scope_personal(queryset, user, organizations_field="person__assigned_organizations")


def check_list(
    *,
    user: Any,
    activation: DisasterActivation,
    municipality: int | None = None,
    status: str = "",
    assigned_to: Any = None,
    unassigned: bool = False,
) -> QuerySet[SafetyCheck]:
    """The checks of ``activation`` the user may see, by priority, then 市町村, then reading."""
    checks = (
        _scope_checks(SafetyCheck.objects.filter(activation=activation), user)
        .select_related("person", "person__municipality", "person__disaster_registration",
                        "assigned_to")
        .prefetch_related("person__caregivers")
    )
    if municipality:
        checks = checks.filter(person__municipality_id=municipality)
    if status:
        checks = checks.filter(status=status)
    if assigned_to is not None:
        checks = checks.filter(assigned_to=assigned_to)
    if unassigned:
        checks = checks.filter(assigned_to__isnull=True)
    return checks.order_by(
        "-priority", "person__municipality__code", "person__family_name_kana",
        "person__given_name_kana", "pk",
    )


def check_get(*, user: Any, pk: int, audit: bool = True) -> SafetyCheck:
    try:
        check = (
            _scope_checks(SafetyCheck.objects.all(), user)
            .select_related("person", "person__municipality", "activation", "assigned_to",
                            "checked_by", "region")
            .get(pk=pk)
        )
    except SafetyCheck.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=check,
                     summary=f"person={check.person_id}")
    return check


def assignable_staff(*, region_id: int, check: SafetyCheck | None = None) -> QuerySet[User]:
    """Workers of the region who may take checks: roles with PERSONAL_ALL, and provider staff
    (PERSONAL_ASSIGNED) — of an organization the person is assigned to, when ``check``."""
    all_roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.PERSONAL_ALL in caps]
    assigned_roles = [
        r for r, caps in ROLE_CAPABILITIES.items()
        if Capability.PERSONAL_ASSIGNED in caps and Capability.PERSONAL_ALL not in caps
    ]
    condition = Q(role__in=all_roles)
    if check is None:
        condition |= Q(role__in=assigned_roles, organization__isnull=False)
    else:
        condition |= Q(
            role__in=assigned_roles,
            organization__assigned_persons=check.person_id,
        )
    return (
        User.objects.filter(region_id=region_id, is_active=True)
        .filter(condition)
        .select_related("organization")
        .distinct()
        .order_by("organization__name", "username")
    )


# --- progress by 市町村 (de-identified counts) ---------------------------------------------------


@dataclass
class ProgressRow:
    name: str
    counts: dict[str, Any]  # status -> count or SUPPRESSED
    total: Any


def progress(*, activation: DisasterActivation) -> list[ProgressRow]:
    """Counts per 市町村 and status, every 市町村 of the region listed, plus a total row.
    One query for the counts, one for the 市町村."""
    names = list(
        Municipality.objects.filter(region_id=activation.region_id)
        .order_by("code")
        .values_list("name", flat=True)
    )
    table: dict[str, dict[str, int]] = {
        name: dict.fromkeys(SafetyStatus.values, 0) for name in names
    }
    unknown = "—"
    for name, status, n in (
        SafetyCheck.objects.filter(activation=activation)
        .values_list("person__municipality__name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        table.setdefault(name or unknown, dict.fromkeys(SafetyStatus.values, 0))[status] += n
    rows = []
    totals = dict.fromkeys(SafetyStatus.values, 0)
    for name, counts in table.items():
        for status, n in counts.items():
            totals[status] += n
        rows.append(_row(name, counts))
    rows.append(_row("", totals))
    return rows


def _row(name: str, counts: dict[str, int]) -> ProgressRow:
    return ProgressRow(
        name=name,
        counts=dict(counts),
        total=sum(counts.values()),
    )


def suppress_progress(rows: list[ProgressRow]) -> list[ProgressRow]:
    """The table as readers outside the center see it. Published: every cell, each row's
    計, and the 合計 row (column totals and the grand total); each is protected against all
    of them (tsunagu.core.suppression)."""
    grand = rows[-1]
    values: dict[tuple[int, str], int] = {}
    for i, row in enumerate(rows):
        values.update({(i, status): n for status, n in row.counts.items()})
        values[(i, "total")] = row.total
    statuses = list(grand.counts)
    last = len(rows) - 1
    sums = []
    for i in range(len(rows)):
        sums.append(((i, "total"), [(i, s) for s in statuses]))
    for column in [*statuses, "total"]:
        sums.append(((last, column), [(i, column) for i in range(last)]))
    hidden = protect(values, sums)

    def cell(i: int, column: str) -> Any:
        return SUPPRESSED if (i, column) in hidden else values[(i, column)]

    return [
        ProgressRow(
            name=row.name,
            counts={status: cell(i, status) for status in row.counts},
            total=cell(i, "total"),
        )
        for i, row in enumerate(rows)
    ]


def progress_for(*, user: Any, activation: DisasterActivation) -> list[ProgressRow] | None:
    """Progress as the user may see it: as is for center staff, suppressed for AGGREGATES
    readers, None for anyone else (members, provider staff see no region-wide counts)."""
    if sees_full_figures(user):
        return progress(activation=activation)
    if user_can(user, Capability.AGGREGATES):
        return suppress_progress(progress(activation=activation))
    return None


# --- organizations' status reports (not personal) ----------------------------------------------


def report_list(*, activation: DisasterActivation) -> QuerySet[OrganizationStatusReport]:
    return OrganizationStatusReport.objects.filter(activation=activation).select_related(
        "organization", "entered_by"
    ).order_by("organization__kind", "organization__name")


def report_of(*, activation: DisasterActivation, organization: Organization | None):
    if organization is None:
        return None
    return OrganizationStatusReport.objects.filter(
        activation=activation, organization=organization
    ).first()


def report_counts(*, activation: DisasterActivation) -> dict[str, Any]:
    """How many organizations reported, and how many are open / accept people."""
    reports = list(
        OrganizationStatusReport.objects.filter(activation=activation).values_list(
            "open_status", "acceptance"
        )
    )
    return {
        "reported": len(reports),
        "open": sum(1 for o, _a in reports if o != OpenStatus.CLOSED),
        "accepting": sum(1 for _o, a in reports if a != Acceptance.NO),
        "organizations": Organization.objects.filter(region_id=activation.region_id).count(),
    }


# --- the summary after the event --------------------------------------------------------------


def _hours(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def summary_for(*, user: Any, activation: DisasterActivation) -> dict[str, Any]:
    """What happened in one activation: progress by 市町村 and status (as progress_for), time
    from the start to the first contact (median and longest, in hours:minutes, for the
    center only), and the organizations' reports."""
    rows = progress_for(user=user, activation=activation)
    contact = None
    if sees_full_figures(user):
        firsts = [
            first - activation.started_at
            for first in SafetyCheck.objects.filter(
                activation=activation, first_contact_at__isnull=False
            ).values_list("first_contact_at", flat=True)
        ]
        contact = {
            "reached": len(firsts),
            "median": _hours(median(firsts)) if firsts else "",
            "longest": _hours(max(firsts)) if firsts else "",
            "within_24h": sum(1 for d in firsts if d <= timedelta(hours=24)),
        }
    return {
        "rows": rows,
        "contact": contact,
        "reports": list(report_list(activation=activation)),
        "report_counts": report_counts(activation=activation),
    }
