"""Reads of 地域生活支援拠点 records: the emergency register, the emergency sheet, events and
trial stays, and the quarterly figures for the council.

Personal records are scoped by core.access.scope_person_records (center staff: the region;
provider staff: persons assigned to their organization or records it made). Every ``_get``
and every sheet is a 閲覧 in the audit log. The figures are de-identified counts; readers
outside the center (no PERSONAL_ALL) get them with small counts suppressed
(tsunagu.core.suppression)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import ceil
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.core import dates
from tsunagu.core.access import scope_person_records, scope_region
from tsunagu.core.audit import audit_record
from tsunagu.core.figures import sees_full_figures
from tsunagu.core.models import AuditAction, Municipality
from tsunagu.core.suppression import SUPPRESSED, THRESHOLD, protect
from tsunagu.core.text import search_key
from tsunagu.people.models import Consent, ConsentScope, Person, PersonDisability
from tsunagu.safeguarding.models import (
    EmergencyEvent,
    EmergencyEventKind,
    EmergencyRegistration,
    GuardianshipCase,
    GuardianshipStatus,
)

REVIEW_INTERVAL = timedelta(days=365)  # a registration not reviewed for a year is due

Cell = int | str  # a count, or SUPPRESSED

QUARTERS: tuple[tuple[int, Any], ...] = (
    (1, gettext_lazy("第1四半期（4〜6月）")),
    (2, gettext_lazy("第2四半期（7〜9月）")),
    (3, gettext_lazy("第3四半期（10〜12月）")),
    (4, gettext_lazy("第4四半期（1〜3月）")),
)


# --- the register ---------------------------------------------------------------------------


def review_cutoff(today: date) -> date:
    """Registrations last reviewed (or registered) before this day are due for review."""
    return today - REVIEW_INTERVAL


def emergency_registration_list(
    *, user: Any, query: str = "", due_only: bool = False, today: date | None = None
) -> QuerySet[EmergencyRegistration]:
    """The register, oldest review first, with ``last_reviewed`` annotated."""
    registrations = (
        scope_person_records(EmergencyRegistration.objects.all(), user)
        .select_related("person", "person__municipality", "organization")
        .annotate(last_reviewed=Coalesce("reviewed_on", "registered_on"))
        .order_by("last_reviewed", "pk")
    )
    key = search_key(query) if query else ""
    if key:
        registrations = registrations.filter(person__search_key__contains=key)
    if due_only:
        registrations = registrations.filter(
            last_reviewed__lt=review_cutoff(today or dates.today_local())
        )
    return registrations


def emergency_registration_get(
    *, user: Any, pk: int, audit: bool = True, summary: str = ""
) -> EmergencyRegistration:
    """One registration the user may see; 404 otherwise. Audited as 閲覧 unless the caller
    writes (and audits) the change it was fetched for."""
    try:
        registration = (
            scope_person_records(EmergencyRegistration.objects.all(), user)
            .select_related("person", "person__municipality", "organization", "region")
            .get(pk=pk)
        )
    except EmergencyRegistration.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=registration,
            summary=(f"person={registration.person_id} {summary}").strip(),
        )
    return registration


def emergency_registration_of(*, user: Any, person: Person) -> EmergencyRegistration | None:
    """The person's registration if the user may see it (no audit: the caller shows or
    audits the person)."""
    return (
        scope_person_records(EmergencyRegistration.objects.filter(person=person), user)
        .select_related("organization")
        .first()
    )


def is_review_due(registration: EmergencyRegistration, today: date) -> bool:
    last = registration.reviewed_on or registration.registered_on
    return last < review_cutoff(today)


@dataclass
class EmergencySheet:
    """Everything the printed sheet shows about one registered person."""

    registration: EmergencyRegistration
    person: Person
    disabilities: list[PersonDisability]
    certificates: list[Any]
    caregivers: list[Any]
    guardianship: GuardianshipCase | None
    roster_consent: Consent | None
    recent_events: list[EmergencyEvent] = field(default_factory=list)
    printed_at: datetime | None = None


def emergency_sheet(*, user: Any, pk: int) -> EmergencySheet:
    """The emergency sheet of registration ``pk`` (audited as a 閲覧 of the sheet), in a
    fixed number of queries."""
    registration = emergency_registration_get(user=user, pk=pk, summary="sheet")
    person = registration.person
    disabilities = list(
        PersonDisability.objects.filter(person=person)
        .select_related("disability_type")
        .order_by("-is_primary", "disability_type__sort_order")
    )
    guardianship = (
        scope_person_records(
            GuardianshipCase.objects.filter(person=person, status=GuardianshipStatus.DECIDED),
            user,
        )
        .order_by("-decided_on", "-pk")
        .first()
    )
    today = dates.today_local()
    consents = [
        c
        for c in Consent.objects.filter(person=person, scope=ConsentScope.DISASTER_ROSTER)
        if c.is_valid_on(today)
    ]
    return EmergencySheet(
        registration=registration,
        person=person,
        disabilities=disabilities,
        certificates=list(person.certificates.all()),
        caregivers=list(person.caregivers.all()),
        guardianship=guardianship,
        roster_consent=consents[0] if consents else None,
        recent_events=list(
            emergency_event_list(user=user, person=person).order_by("-started_at", "-pk")[:5]
        ),
        printed_at=dates.now_local(),
    )


# --- events and trial stays -------------------------------------------------------------------


def stay_label(started_at: datetime, ended_at: datetime | None) -> str:
    """How long: 「2泊3日」, 「日帰り（5時間）」, or 「継続中」 while it has no end."""
    if ended_at is None:
        return _("継続中")
    start = timezone.localtime(started_at, dates.TOKYO)
    end = timezone.localtime(ended_at, dates.TOKYO)
    nights = (end.date() - start.date()).days
    if nights <= 0:
        hours = max(1, ceil((end - start).total_seconds() / 3600))
        return _("日帰り（%(hours)d時間）") % {"hours": hours}
    return _("%(nights)d泊%(days)d日") % {"nights": nights, "days": nights + 1}


def emergency_event_list(
    *,
    user: Any,
    person: Person | None = None,
    fiscal_year: int | None = None,
    kind: str = "",
) -> QuerySet[EmergencyEvent]:
    events = scope_person_records(EmergencyEvent.objects.all(), user).select_related(
        "person", "person__municipality", "organization"
    )
    if person is not None:
        events = events.filter(person=person)
    if fiscal_year is not None:
        events = events.filter(fiscal_year=fiscal_year)
    if kind:
        events = events.filter(kind=kind)
    return events


def emergency_event_get(*, user: Any, pk: int, audit: bool = True) -> EmergencyEvent:
    try:
        event = (
            scope_person_records(EmergencyEvent.objects.all(), user)
            .select_related("person", "organization", "region")
            .get(pk=pk)
        )
    except EmergencyEvent.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=event,
            summary=f"person={event.person_id} kind={event.kind}",
        )
    return event


def event_years(*, user: Any) -> list[int]:
    """年度 with events in the user's region, and the current one, newest first."""
    years = set(
        scope_region(EmergencyEvent.objects.all(), user)
        .order_by()
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    years.add(dates.fiscal_year(dates.today_local()))
    return sorted(years, reverse=True)


# --- quarterly figures (de-identified) ----------------------------------------------------


def quarter_of(moment: datetime) -> int:
    """Quarter of the 年度 (1 = April–June … 4 = January–March), in Asia/Tokyo."""
    month = timezone.localtime(moment, dates.TOKYO).month
    return (month - 4) % 12 // 3 + 1


def emergency_figures(*, region_id: int, fiscal_year: int) -> dict[str, Any]:
    """Counts of emergency events and trial stays in a 年度, per kind: events (延べ件数) and
    distinct persons (実人数), events by quarter and by the person's 市町村, and the
    市町村 × quarter table. Two queries, whatever the number of events."""
    municipalities = [
        str(name)
        for name in Municipality.objects.filter(region_id=region_id)
        .order_by("code")
        .values_list("name", flat=True)
    ]
    unknown = _("市町村不明")
    rows = EmergencyEvent.objects.filter(region_id=region_id, fiscal_year=fiscal_year).values_list(
        "kind", "started_at", "person_id", "person__municipality__name"
    )
    kinds: dict[str, dict[str, Any]] = {}
    for kind in EmergencyEventKind:
        kinds[kind.value] = {
            "kind": kind.value,
            "label": str(kind.label),
            "events_total": 0,
            "persons": set(),
            "by_quarter": {str(label): 0 for _q, label in QUARTERS},
            "by_municipality": dict.fromkeys(municipalities, 0),
            "cross": {name: [0, 0, 0, 0] for name in municipalities},
        }
    quarter_labels = {q: str(label) for q, label in QUARTERS}
    for kind, started_at, person_id, municipality in rows.order_by():
        figures = kinds[kind]
        quarter = quarter_of(started_at)
        name = municipality or unknown
        figures["events_total"] += 1
        figures["persons"].add(person_id)
        figures["by_quarter"][quarter_labels[quarter]] += 1
        figures["by_municipality"][name] = figures["by_municipality"].get(name, 0) + 1
        figures["cross"].setdefault(name, [0, 0, 0, 0])[quarter - 1] += 1
    for figures in kinds.values():
        figures["persons_total"] = len(figures.pop("persons"))
        if not figures["by_municipality"].get(unknown):
            figures["by_municipality"].pop(unknown, None)
            figures["cross"].pop(unknown, None)
    return {
        "fiscal_year": fiscal_year,
        "quarters": [str(label) for _q, label in QUARTERS],
        "kinds": list(kinds.values()),
        "suppressed": False,
    }


def suppress_kind(figures: dict[str, Any]) -> dict[str, Any]:
    """One kind's figures as readers outside the center see them: the 市町村 × quarter
    table left out; quarters and 市町村 are two exclusive breakdowns of the same total, all
    protected together (tsunagu.core.suppression)."""
    breakdowns = ("by_quarter", "by_municipality")
    values: dict[Any, int] = {
        "events_total": figures["events_total"],
        "persons_total": figures["persons_total"],
    }
    for name in breakdowns:
        values.update({(name, key): n for key, n in figures[name].items()})
    sums = [("events_total", [(name, key) for key in figures[name]]) for name in breakdowns]
    hidden = protect(values, sums, threshold=THRESHOLD)
    # Persons are never more than events: with the events hidden, so are the persons.
    if "events_total" in hidden and values["persons_total"]:
        hidden.add("persons_total")

    def cell(key: Any) -> Cell:
        return SUPPRESSED if key in hidden else values[key]

    return {
        "kind": figures["kind"],
        "label": figures["label"],
        "events_total": cell("events_total"),
        "persons_total": cell("persons_total"),
        **{name: {key: cell((name, key)) for key in figures[name]} for name in breakdowns},
        "cross": None,
    }


def emergency_figures_for(*, user: Any, fiscal_year: int) -> dict[str, Any]:
    """The figures of the user's own region: as they are for the center (PERSONAL_ALL),
    suppressed for readers outside it (AGGREGATES only)."""
    figures = emergency_figures(region_id=user.region_id, fiscal_year=fiscal_year)
    if sees_full_figures(user):
        return figures
    return {
        **figures,
        "kinds": [suppress_kind(kind) for kind in figures["kinds"]],
        "suppressed": True,
    }


def has_suppressed(figures: dict[str, Any]) -> bool:
    for kind in figures["kinds"]:
        cells = [kind["events_total"], kind["persons_total"]]
        cells += [*kind["by_quarter"].values(), *kind["by_municipality"].values()]
        if SUPPRESSED in cells:
            return True
    return False


def registered_count(*, user: Any) -> Cell:
    """How many persons of the user's region are on the register today: a count, suppressed
    when small for readers outside the center."""
    count = scope_region(EmergencyRegistration.objects.all(), user).count()
    return count if sees_full_figures(user) or not protect({"n": count}) else SUPPRESSED

