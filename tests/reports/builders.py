"""Building report data through the same services the pages use."""

from datetime import datetime

from tsunagu.consultations.services import consultation_record
from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind
from tsunagu.people.services import person_create


def item(region, kind, code):
    return ListItem.objects.get(region=region, kind=kind, code=code)


def at(year, month, day, hour=10, minute=0):
    """A moment in Asia/Tokyo."""
    return datetime(year, month, day, hour, minute, tzinfo=dates.TOKYO)


def make_person(region, n, *, municipality=None, disabilities=(), kana="テスト"):
    """A fictional person; ``municipality`` a 5-digit code, ``disabilities`` list codes."""
    return person_create(
        actor="test",
        region=region,
        family_name=f"試験{n}",
        given_name="太郎",
        family_name_kana=f"{kana}{n}",
        municipality=region.municipalities.get(code=municipality) if municipality else None,
        disabilities=[item(region, ListKind.DISABILITY_TYPE, c) for c in disabilities],
        is_fictional=True,
        audit=False,
    )


def consult(region, when, *, person=None, method="phone", topics=("health",), caller="self"):
    return consultation_record(
        actor="test",
        region=region,
        occurred_at=when,
        method=item(region, ListKind.CONTACT_METHOD, method),
        caller_type=item(region, ListKind.CALLER_TYPE, caller),
        topics=[item(region, ListKind.SUPPORT_TOPIC, t) for t in topics],
        person=person,
        audit=False,
    )


METHODS = ["phone", "visit_in", "home_visit", "email", "accompany", "case_meeting"]
TOPICS = ["welfare_services", "health", "anxiety", "employment", "family_relations", "other"]
DISABILITIES = ["physical", "intellectual", "mental", "developmental", "intractable", "child"]
MUNICIPALITIES = ["12213", "12237", "12239", "12403", "12409", "12410"]


def sample_year(region, *, persons=24, fiscal_year=2022, seed=0):
    """A year of varied data: persons spread over municipalities and types (some with two,
    some with none, one without municipality), 2–4 consultations each, and anonymous calls.
    Deterministic for a given ``seed``; returns the list of persons."""
    people = []
    for n in range(persons):
        k = n + seed
        types = [DISABILITIES[k % len(DISABILITIES)]]
        if k % 4 == 0:
            types.append(DISABILITIES[(k + 2) % len(DISABILITIES)])
        if k % 11 == 5:
            types = []
        municipality = None if k % 13 == 7 else MUNICIPALITIES[(k * 7) % 5 if k % 3 else 0]
        person = make_person(region, n + 1000 * seed, municipality=municipality, disabilities=types)
        people.append(person)
        for j in range(2 + k % 3):
            month = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3][(k + 3 * j) % 12]
            year = fiscal_year if month >= 4 else fiscal_year + 1
            consult(
                region,
                at(year, month, 1 + (k + j) % 27, 9 + j),
                person=person,
                method=METHODS[(k + j) % len(METHODS)],
                topics=TOPICS[(k + j) % len(TOPICS) : (k + j) % len(TOPICS) + 1 + j % 2],
            )
    for j in range(5):
        month = [4, 7, 7, 11, 2][j]
        consult(
            region,
            at(fiscal_year + (month < 4), month, 10),
            method="phone",
            topics=("anxiety",),
            caller="family",
        )
    return people
