"""Reads of personal records, scoped by role and region (tsunagu.core.access)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import StrIndex
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from tsunagu.core.access import scope_personal, scope_region, user_can
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, Organization, User
from tsunagu.core.roles import ROLE_CAPABILITIES, Capability
from tsunagu.core.text import search_key
from tsunagu.people import links
from tsunagu.people.models import (
    Consent,
    ConsentScope,
    DuplicateReview,
    Person,
    PersonDisability,
)

# The person page shows the newest records first and older ones on demand ("さらに表示"):
# rendering a long history on every visit was most of the page's time (issue 25).
TIMELINE_FIRST = 20  # records shown when the page opens
TIMELINE_STEP = 50  # records added by each "さらに表示"
TIMELINE_LIMIT = 2_000  # at most, however far the user asks
MAX_PAGE = 100_000
MERGE_CANDIDATE_LIMIT = 50


def person_list(*, user: Any, query: str = "") -> QuerySet[Person]:
    """Persons the user may see, without records merged into another (history only)."""
    persons = scope_personal(Person.objects.filter(merged_into__isnull=True), user).select_related(
        "municipality"
    )
    key = search_key(query) if query else ""
    if key:
        # A plain substring test (instr / strpos) rather than LIKE '%…%': the same matches
        # (both sides are search keys, already case-folded; nothing to escape), and cheaper
        # on every index entry the search reads (issue 25).
        persons = persons.alias(_key_at=StrIndex("search_key", Value(key))).filter(_key_at__gt=0)
    return persons


class _SearchPaginator(Paginator):
    """A Paginator whose total was counted by the same query that fetched the page."""

    def __init__(self, rows: list, total: int, per_page: int):
        super().__init__(rows, per_page)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total

    def page(self, number):  # type: ignore[override]
        number = self.validate_number(number)
        return self._get_page(self.object_list, number, self)


def _page_ids(ids: QuerySet, offset: int, per_page: int) -> tuple[list[int], int]:
    """The ids of one page and the number of matches.

    PostgreSQL: one pass (``COUNT(*) OVER ()``) that the covering index ``person_search``
    answers without reading the table. SQLite: two index-only reads (the page stops early,
    the count reads every match); its window functions materialize the whole result and were
    several times slower; when the page is not full it is the last one and gives the number
    without the count. Figures in docs/benchmarks.md."""
    if connection.vendor == "postgresql":
        rows = list(
            ids.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                offset : offset + per_page
            ]
        )
        if rows or offset == 0:
            return [pk for pk, _total in rows], (rows[0][1] if rows else 0)
        return [], ids.count()
    page_ids = list(ids.values_list("pk", flat=True)[offset : offset + per_page])
    if len(page_ids) < per_page and (page_ids or offset == 0):
        # the last page: the matches are those before it and these (no second read)
        return page_ids, offset + len(page_ids)
    return page_ids, ids.count()


def person_search_page(*, user: Any, query: str = "", page: Any = 1, per_page: int = 50) -> Page:
    """One page of person_list() with the number of matches, reading ids from the covering
    index ``person_search`` and then only the page's persons by id. Counting and paging the
    full rows separately read every match twice (PostgreSQL, 100k persons: p95 110 ms)."""
    ids = person_list(user=user, query=query).order_by(*Person._meta.ordering)
    try:
        # Capped: a 40-digit page number would overflow the database's OFFSET.
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    page_ids, total = _page_ids(ids, (number - 1) * per_page, per_page)
    last = max(1, -(-total // per_page))
    if number > last:  # past the end: show the last page, as Paginator.get_page() does
        number = last
        page_ids, total = _page_ids(ids, (number - 1) * per_page, per_page)
    # Only what the list shows (building 50 full persons and a prefetch manager per person
    # was most of the Python time of a search, issue 25).
    by_id = Person.objects.select_related("municipality").only(*LIST_FIELDS).in_bulk(page_ids)
    persons = [by_id[pk] for pk in page_ids]
    _attach_staff(persons)
    return _SearchPaginator(_Window(persons, total), total, per_page).page(number)


# The fields of the person list (people/person_list.html).
LIST_FIELDS = (
    "family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date",
    "external_id", "is_fictional", "municipality__name",
)  # fmt: skip


def _attach_staff(persons: list[Person]) -> None:
    """``staff_shown``: each person's 担当職員, which tell same-name persons apart (issue 21),
    in one query for the page (in the order they were assigned)."""
    staff: dict[int, list[User]] = {p.pk: [] for p in persons}
    through = Person.assigned_staff.through.objects.filter(person_id__in=list(staff))
    for link in through.select_related("user").order_by("pk"):
        staff[link.person_id].append(link.user)
    for person in persons:
        person.staff_shown = staff[person.pk]


class _Window(list):
    """The rows of one page standing in for the whole result: slicing the page's range
    returns them (what Paginator.page() asks for)."""

    def __init__(self, rows: list, total: int):
        super().__init__(rows)
        self.total = total

    def __getitem__(self, key):
        if isinstance(key, slice):
            return list(self)
        return super().__getitem__(key)

    def __len__(self) -> int:
        return self.total


def person_names_visible(user: Any, ids: set[int]) -> dict[str, str]:
    """{id as text: name} of those of ``ids`` the user may see (the audit log's names; the
    caller audits)."""
    persons = scope_personal(Person.objects.filter(pk__in=ids), user)
    return {str(pk): f"{family} {given}".strip()
            for pk, family, given in persons.values_list("pk", "family_name", "given_name")}


def person_get(*, user: Any, pk: int, audit: bool = True) -> Person:
    """One person the user may see (merged records too); 404 otherwise.

    Every call is a 閲覧 in the audit log, unless ``audit`` is False because the caller
    writes (and audits) the change it was fetched for."""
    try:
        person = (
            scope_personal(Person.objects.all(), user)
            .select_related("municipality", "region", "merged_into")
            .get(pk=pk)
        )
    except Person.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, target=person)
    return person


class PersonMerged(PermissionDenied):
    """The person was merged into another: nothing new is written on the merged record.

    A 403 where no view catches it; views that send the user on catch it and use
    ``person`` (the merged record, ``merged_into_id`` the live one)."""

    def __init__(self, person: Person) -> None:
        super().__init__("merged person")
        self.person = person


def person_get_live(*, user: Any, pk: int, audit: bool = False) -> Person:
    """One person the user may see (404 otherwise) that was not merged into another
    (PersonMerged otherwise): the person a new or changed record is for.

    Not a 閲覧 by default: the record written with it is audited instead."""
    person = person_get(user=user, pk=pk, audit=audit)
    if person.merged_into_id is not None:
        raise PersonMerged(person)
    return person


def person_check_live(person: Person) -> None:
    """ValidationError if ``person`` was merged into another: a service writing a new record
    about a person refuses a merged one (the views fetch with person_get_live)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("統合済みの記録には登録できません。統合先の記録を開いてください。"))


def person_page(*, user: Any, pk: int) -> Person:
    """A person with everything the person page shows, in a fixed number of queries."""
    person = person_get(user=user, pk=pk)
    prefetch_related_objects(
        [person],
        Prefetch(
            "disabilities",
            queryset=PersonDisability.objects.select_related("disability_type").order_by(
                "-is_primary", "disability_type__sort_order"
            ),
        ),
        "certificates",
        "caregivers",
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("recorded_by").prefetch_related(
                "organizations"
            ),
        ),
        "assigned_organizations",
        Prefetch("assigned_staff", queryset=User.objects.select_related("organization")),
    )
    return person


def person_duplicates(
    *,
    user: Any,
    family_name_kana: str,
    given_name_kana: str,
    birth_date: date | None,
    exclude_pk: int | None = None,
) -> tuple[list[Person], list[Person]]:
    """Likely duplicates in the user's region: same reading (search_key) and birth date.

    Returns the ones the user may see, and those they may not. Only the first may be shown:
    even a count of the others would tell provider staff that a neighbour is a client of the
    center. The others go to center staff's review list (review_services)."""
    if birth_date is None:
        return [], []
    key = search_key(family_name_kana + given_name_kana)
    same_day = scope_region(
        Person.objects.filter(birth_date=birth_date, merged_into__isnull=True), user
    )
    if exclude_pk is not None:
        same_day = same_day.exclude(pk=exclude_pk)
    matches = [
        p
        for p in same_day.select_related("municipality")
        if search_key(p.family_name_kana + p.given_name_kana) == key
    ]
    visible = set(
        scope_personal(Person.objects.filter(pk__in=[p.pk for p in matches]), user).values_list(
            "pk", flat=True
        )
    )
    shown = [p for p in matches if p.pk in visible]
    prefetch_related_objects(shown, "assigned_staff")  # 担当職員 tell same-name persons apart
    return shown, [p for p in matches if p.pk not in visible]


def duplicate_review_list(*, user: Any) -> QuerySet[DuplicateReview]:
    """Open possible duplicates of the user's region, for center staff (PERSONAL_ALL): pairs
    neither closed nor settled by a merge of either record."""
    if not user_can(user, Capability.PERSONAL_ALL):
        return DuplicateReview.objects.none()
    return (
        scope_region(DuplicateReview.objects.all(), user)
        .filter(closed_at__isnull=True, person__merged_into__isnull=True,
                existing__merged_into__isnull=True)
        .select_related("person__municipality", "existing__municipality", "registered_by",
                        "organization")
    )  # fmt: skip


def duplicate_review_get(*, user: Any, pk: int) -> DuplicateReview:
    """One open review item of the user's region (404 otherwise)."""
    try:
        return duplicate_review_list(user=user).get(pk=pk)
    except DuplicateReview.DoesNotExist:
        raise Http404 from None


def duplicate_review_list_viewed(*, user: Any, reviews: list[DuplicateReview]) -> None:
    """One VIEW entry for a page of the review list, naming the items on it (each names its
    two persons)."""
    ids = ",".join(str(r.pk) for r in reviews)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target_type=DuplicateReview._meta.label_lower,
        summary=f"list ids={ids or '-'}"[:300],
        region=user.region,
    )


def merge_candidates(*, user: Any, person: Person, query: str = "") -> list[Person]:
    """Records that may be ``person`` again: a search by name or reading, or (without a
    query) those with the same reading or the same birth date."""
    others = (
        scope_personal(Person.objects.filter(merged_into__isnull=True), user)
        .exclude(pk=person.pk)
        .select_related("municipality").prefetch_related("assigned_staff")
    )
    key = search_key(query) if query else ""
    if key:
        return list(others.filter(search_key__contains=key)[:MERGE_CANDIDATE_LIMIT])
    kana = search_key(person.family_name_kana + person.given_name_kana)
    condition = Q(search_key__endswith=" " + kana) if kana else Q(pk__in=[])
    if person.birth_date:
        condition |= Q(birth_date=person.birth_date)
    return list(others.filter(condition)[:MERGE_CANDIDATE_LIMIT])


@dataclass
class TimelineEntry:
    kind: str  # a TimelineSource's kind, e.g. "consultation" or "referral"
    at: datetime
    item: Any
    template: str


@dataclass
class Timeline:
    entries: list[TimelineEntry] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # kind -> records the user may see
    labels: dict[str, str] = field(default_factory=dict)  # kind -> what the records are
    limit: int = TIMELINE_FIRST

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def truncated(self) -> bool:
        return self.total > len(self.entries)

    @property
    def more(self) -> int:
        """How many older records "さらに表示" adds (0: none left, or the limit reached)."""
        if len(self.entries) >= TIMELINE_LIMIT:
            return 0
        return max(0, min(TIMELINE_STEP, self.total - len(self.entries)))

    @property
    def next_limit(self) -> int:
        return len(self.entries) + self.more

    @property
    def shown_before(self) -> list[TimelineEntry]:
        """The records shown before the last "さらに表示" (all of them on the first page)."""
        return self.entries[: self._older_from]

    @property
    def shown_older(self) -> list[TimelineEntry]:
        """The records the last "さらに表示" added: the page opens at the first of them."""
        return self.entries[self._older_from :]

    @property
    def _older_from(self) -> int:
        return max(TIMELINE_FIRST, self.limit - TIMELINE_STEP)

    def summary(self) -> list[tuple[str, int]]:
        return [(self.labels[kind], n) for kind, n in self.counts.items()]


def timeline_size(value: str | None) -> int:
    """How many records to show, from the page's ``history`` parameter: the first page's
    size unless a valid larger number is asked for, never more than TIMELINE_LIMIT."""
    try:
        asked = int(value or 0)
    except ValueError:
        return TIMELINE_FIRST
    return min(max(asked, TIMELINE_FIRST), TIMELINE_LIMIT)


def person_timeline(*, user: Any, person: Person, limit: int = TIMELINE_FIRST) -> Timeline:
    """The records about ``person`` that their apps put on the timeline (person-link
    registry: consultations and referrals), newest first, at most ``limit``.

    Two queries per kind of record (a count and a page) and its prefetches, whatever the
    number of records."""
    entries: list[TimelineEntry] = []
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for link in links.person_links():
        source = link.timeline
        if source is None:
            continue
        rows = source.rows(user=user, person=person)
        entries += [
            TimelineEntry(source.kind, getattr(row, source.at), row, source.template)
            for row in rows[:limit]
        ]
        counts[source.kind] = rows.count()
        labels[source.kind] = str(link.label)
    entries.sort(key=lambda e: e.at, reverse=True)
    return Timeline(entries=entries[:limit], counts=counts, labels=labels, limit=limit)


@dataclass
class SectionData:
    template: str
    data: Any


def person_sections(*, user: Any, person: Person) -> list[SectionData]:
    """The sections higher apps add to the person page (person-link registry), with what
    each shows; a section whose data is None is left out."""
    found = []
    for section in links.person_sections():
        data = section.data(user=user, person=person)
        if data is not None:
            found.append(SectionData(section.template, data))
    return found


def organization_choices(*, user: Any) -> QuerySet[Organization]:
    return scope_region(Organization.objects.all(), user)


PERSONAL_ROLES = [
    role
    for role, caps in ROLE_CAPABILITIES.items()
    if {Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED} & caps
]


def staff_choices(*, user: Any) -> QuerySet[User]:
    """Accounts that may be a person's 担当職員: active users of the region with a role that
    sees personal data; provider staff choose among their own organization's staff."""
    users = scope_region(User.objects.filter(is_active=True, role__in=PERSONAL_ROLES), user)
    if not user_can(user, Capability.PERSONAL_ALL):
        users = users.filter(organization_id=user.organization_id)
    return users.select_related("organization").order_by("organization__kana", "display_name")


def consent_organization_flags(person: Person, day: date) -> dict[int, str]:
    """Assigned organizations whose info-sharing consent has ended: org pk -> status.

    Uses the prefetched consents of person_page (no query)."""
    named: dict[int, bool] = {}
    for consent in person.consents.all():
        if consent.scope != ConsentScope.INFO_SHARING:
            continue
        for org in consent.organizations.all():
            named[org.pk] = named.get(org.pk, False) or consent.is_valid_on(day)
    return {pk: "ended" for pk, valid in named.items() if not valid}


def person_record_counts(persons: list[Person]) -> list[tuple[str, list[int]]]:
    """For the merge confirmation: (kind of record, count for each of ``persons``) for every
    kind registered in the person-link registry that any of them has."""
    counts = [links.record_counts(p) for p in persons]
    return [
        (str(link.label), [c[link.label_key] for c in counts])
        for link in links.person_links()
        if any(c[link.label_key] for c in counts)
    ]


def sharing_consent_exists(person: Person, organization: Organization, day: date) -> bool:
    """Whether a consent to share with ``organization`` is valid on ``day``."""
    consents = person.consents.filter(scope=ConsentScope.INFO_SHARING, organizations=organization)
    return any(consent.is_valid_on(day) for consent in consents)
