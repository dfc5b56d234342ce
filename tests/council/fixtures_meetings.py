"""Fixtures for council meetings and proposals (bodies, members, issues and the draft
`meeting` are in tests/council/fixtures.py)."""

from datetime import date, datetime

import pytest

from tsunagu.core import dates
from tsunagu.council.services import (
    action_item_add,
    meeting_schedule,
    minutes_publish,
    minutes_request_review,
    minutes_review,
    minutes_save,
    proposal_create,
)


@pytest.fixture
def published_meeting(secretariat_body, secretariat, issue, body_member):
    """A meeting whose minutes are final: what municipal staff may read."""
    meeting = meeting_schedule(
        actor=secretariat,
        body=secretariat_body,
        title="第0回 事務局会議",
        starts_at=datetime(2026, 6, 3, 10, 0, tzinfo=dates.TOKYO),
        venue="山武市役所 会議室",
        issues=[issue],
    )
    minutes_save(
        actor=secretariat,
        meeting=meeting,
        minutes="移動手段の課題を部会で検討することを確認した。",
        attendees=[body_member],
    )
    minutes_request_review(actor=secretariat, meeting=meeting)
    minutes_review(actor=secretariat, meeting=meeting)
    minutes_publish(actor=secretariat, meeting=meeting)
    return meeting


@pytest.fixture
def action_item(meeting, secretariat, issue):
    return action_item_add(
        actor=secretariat,
        meeting=meeting,
        description="送迎の実態を事業所に聞く",
        owner="地域移行部会",
        due_on=date(2026, 8, 31),
        issue=issue,
    )


@pytest.fixture
def proposal(region, secretariat, issue):
    return proposal_create(
        actor=secretariat,
        region=region,
        title="令和8年度 障害福祉計画への提言",
        issues=[issue],
        proposed_on=date(2026, 9, 1),
        addressee="山武郡市6市町 障害福祉担当課長 様",
        preface="当協議会で検討した地域課題について、次のとおり提言します。",
    )
