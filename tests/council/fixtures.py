"""Fixtures for needs, community issues and the council: three fictional persons in three
municipalities with the same need in different words, raised as one issue."""

from datetime import date, datetime

import pytest

from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind
from tsunagu.council.models import BodyKind
from tsunagu.council.services import body_save, issue_raise, meeting_schedule, member_add
from tsunagu.needs.services import need_record
from tsunagu.people.services import person_create


def need_category(region, code):
    return ListItem.objects.get(region=region, kind=ListKind.NEED_CATEGORY, code=code)


MOBILITY_NEEDS = [
    ("12237", "ササキ", "佐々木", "路線バスが一日二本しかなく、一人では出かけられない。"),
    ("12403", "イノウエ", "井上", "送迎してくれる人がいないので、外出する手段がない。"),
    ("12409", "ハヤシ", "林", "運転免許を返納してから、買い物に行く足がない。"),
]


@pytest.fixture
def mobility_persons(region, center_org):
    return [
        person_create(
            actor="test",
            region=region,
            family_name=family,
            given_name="花子",
            family_name_kana=kana,
            given_name_kana="ハナコ",
            municipality=region.municipalities.get(code=code),
            organizations=[center_org],
            is_fictional=True,
        )
        for code, kana, family, _text in MOBILITY_NEEDS
    ]


@pytest.fixture
def mobility_needs(region, center_staff, mobility_persons):
    category = need_category(region, "mobility")
    return [
        need_record(
            actor=center_staff,
            region=region,
            person=person,
            text=text,
            category=category,
            resource_gap=True,
            noted_on=date(2026, 5, 10 + i),
        )
        for i, (person, (_c, _k, _f, text)) in enumerate(
            zip(mobility_persons, MOBILITY_NEEDS, strict=True)
        )
    ]


@pytest.fixture
def need(region, person, center_staff):
    """A need of the `person` fixture (assigned to the center and the provider)."""
    return need_record(
        actor=center_staff,
        region=region,
        person=person,
        text="グループホームの空きがなく、将来の住まいが決まらない。",
        category=need_category(region, "housing"),
        noted_on=date(2026, 6, 1),
    )


@pytest.fixture
def working_group(region):
    return body_save(actor="test", region=region, kind=BodyKind.WORKING_GROUP, name="地域移行部会")


@pytest.fixture
def secretariat_body(region):
    return body_save(actor="test", region=region, kind=BodyKind.SECRETARIAT, name="事務局会議")


@pytest.fixture
def body_member(secretariat_body, secretariat):
    return member_add(actor="test", body=secretariat_body, name="事務局 山田", role="事務局",
                      user=secretariat)


@pytest.fixture
def issue(region, secretariat, mobility_needs, working_group):
    return issue_raise(
        actor=secretariat,
        region=region,
        title="通院・通所の移動手段が足りない",
        category=need_category(region, "mobility"),
        description="公共交通が少なく、送迎のある事業所も限られる。",
        needs=mobility_needs,
        working_group=working_group,
    )


@pytest.fixture
def other_issue(other_region):
    return issue_raise(
        actor="test",
        region=other_region,
        title="よその圏域の課題",
        category=need_category(other_region, "housing"),
    )


@pytest.fixture
def meeting(secretariat_body, secretariat, issue, body_member):
    meeting = meeting_schedule(
        actor=secretariat,
        body=secretariat_body,
        title="第1回 事務局会議",
        starts_at=datetime(2026, 7, 1, 14, 0, tzinfo=dates.TOKYO),
        venue="山武健康福祉センター",
        issues=[issue],
    )
    meeting.attendees.add(body_member)
    return meeting
