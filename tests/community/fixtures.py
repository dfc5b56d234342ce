"""Fixtures for the community tests (registered in tests/conftest.py)."""

from datetime import date

import pytest

from tsunagu.community import services
from tsunagu.community.models import ObservationSource, PartnerKind, ProviderSupportKind
from tsunagu.core.models import ListItem, ListKind
from tsunagu.people.models import ConsentScope


def list_item(region, kind, code):
    return ListItem.objects.get(region=region, kind=kind, code=code)


def make_activity(
    region,
    staff,
    *,
    held_on=date(2022, 10, 14),
    method="welfare_education",
    functions=("needs_sharing",),
    title="高校での講話",
    municipalities=None,
    **extra,
):
    return services.community_activity_record(
        actor="test",
        region=region,
        held_on=held_on,
        title=title,
        minutes=90,
        staff=[staff],
        municipalities=municipalities or [region.municipalities.order_by("code").first()],
        method=list_item(region, ListKind.COMMUNITY_METHOD, method),
        functions=[list_item(region, ListKind.COMMUNITY_FUNCTION, f) for f in functions],
        partners=[(PartnerKind.SCHOOL, "県立成東高校")],
        participants=40,
        what_happened="福祉の授業で障がいのある人の暮らしを話した。",
        **extra,
    )


def make_observation(
    region,
    *,
    category="mobility",
    source=ObservationSource.LEARNING_CARD,
    organization=None,
    noted_on=date(2022, 10, 14),
    text="バスが少なくて通えない",
):
    return services.observation_record(
        actor="test",
        region=region,
        noted_on=noted_on,
        source=source,
        category=list_item(region, ListKind.NEED_CATEGORY, category),
        text=text,
        organization=organization,
    )


@pytest.fixture
def community_activity(region, center_staff):
    return make_activity(region, center_staff)


@pytest.fixture
def community_activity_other(other_region, outsider):
    return make_activity(other_region, outsider)


@pytest.fixture
def community_observation(region, center_org):
    return make_observation(region, organization=center_org)


@pytest.fixture
def provider_support(region, center_staff, provider_org):
    return services.provider_support_record(
        actor="test",
        region=region,
        organization=provider_org,
        kind=ProviderSupportKind.VISIT,
        held_on=date(2022, 11, 1),
        minutes=60,
        staff=[center_staff],
        notes="行動障害のある方の支援について助言した。",
    )


@pytest.fixture
def case_meeting(region, center_staff, center_org, provider_org, person):
    return services.case_meeting_record(
        actor="test",
        region=region,
        person=person,
        held_on=date(2022, 12, 5),
        decisions="短期入所の体験利用を進める。",
        organization=center_org,
        attendees=[(center_org, "基幹相談支援センター"), (provider_org, "計画相談")],
        actions=[("計画相談", "短期入所先に空きを問い合わせる", date(2022, 12, 20))],
        new_needs=[
            ("緊急時に泊まれる場所がない", list_item(region, ListKind.NEED_CATEGORY, "emergency"))
        ],
    )


@pytest.fixture
def case_meeting_other(other_region, outsider):
    from tsunagu.people.services import person_create

    other_person = person_create(
        actor="test",
        region=other_region,
        family_name="他",
        given_name="圏域",
        family_name_kana="ホカ",
        given_name_kana="ケンイキ",
        birth_date=date(1990, 1, 1),
        is_fictional=True,
    )
    return services.case_meeting_record(
        actor="test",
        region=other_region,
        person=other_person,
        held_on=date(2022, 12, 5),
        decisions="次回も集まる。",
    )


@pytest.fixture
def shared_consent(person, provider_org):
    from tsunagu.people.models import Consent

    consent = Consent.objects.create(
        person=person, scope=ConsentScope.INFO_SHARING, given_on=date(2022, 4, 1)
    )
    consent.organizations.add(provider_org)
    return consent


def make_conference_event(region, *, day=date(2022, 11, 18), title="合同事例検討会（11月）"):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from tsunagu.network.models import EventKind
    from tsunagu.network.services import EventFields, event_create

    tz = ZoneInfo("Asia/Tokyo")
    return event_create(
        actor="test",
        region=region,
        title=title,
        fields=EventFields(
            kind=EventKind.CASE_CONFERENCE,
            starts_at=datetime.combine(day, time(14, 0), tzinfo=tz),
            ends_at=datetime.combine(day, time(16, 0), tzinfo=tz),
            place="山武郡市障がい者基幹相談支援センター",
        ),
    )


@pytest.fixture
def anonymous_consent(person):
    from tsunagu.people.models import Consent

    return Consent.objects.create(
        person=person, scope=ConsentScope.COUNCIL_ANONYMOUS, given_on=date(2022, 4, 1)
    )


CASE_SUMMARY = (
    "40代の男性。知的障害があり、母親と二人暮らし。母親の入院をきっかけに"
    "生活が立ち行かなくなり、緊急の短期入所を探した事例。"
)


@pytest.fixture
def case_conference(region, center_org, provider_org, person, anonymous_consent):
    """A 合同事例検討会 attended by the center (2) and the provider (3); the member's
    organization (none) and the secretariat did not attend."""
    return services.case_conference_record(
        actor="test",
        event=make_conference_event(region),
        person=person,
        case_summary=CASE_SUMMARY,
        discussion="緊急時の受け入れ先を圏域で一覧にする。",
        attendance=[(center_org, 2), (provider_org, 3)],
    )


@pytest.fixture
def case_conference_other(other_region):
    from tsunagu.people.models import Consent
    from tsunagu.people.services import person_create

    other_person = person_create(
        actor="test",
        region=other_region,
        family_name="他",
        given_name="事例",
        family_name_kana="ホカ",
        given_name_kana="ジレイ",
        birth_date=date(1980, 1, 1),
        is_fictional=True,
    )
    Consent.objects.create(
        person=other_person, scope=ConsentScope.COUNCIL_ANONYMOUS, given_on=date(2022, 4, 1)
    )
    return services.case_conference_record(
        actor="test",
        event=make_conference_event(other_region),
        person=other_person,
        case_summary="50代の女性の事例。",
    )
