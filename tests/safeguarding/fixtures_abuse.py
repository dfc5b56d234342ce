"""Fixtures for abuse reports: one report of 山武 (about the `person` fixture, with a
reporter's identity), one of another region, and a day on duty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tsunagu.core import dates
from tsunagu.safeguarding.abuse.services import (
    abuse_report_receive,
    abuse_report_route,
    on_duty_assign,
)
from tsunagu.safeguarding.models import (
    AbuserCategory,
    IntakeChannel,
    ReporterKind,
    RoutingDestination,
    Urgency,
)

REPORTER_NAME = "通報　花子"
REPORTER_CONTACT = "090-1234-5678"


def receive(region, actor, **overrides):
    """A report as a worker records it; any field may be overridden."""
    values = {
        "received_at": timezone.now() - timedelta(hours=1),
        "channel": IntakeChannel.PHONE,
        "reporter_kind": ReporterKind.NEIGHBOR,
        "reporter_name": REPORTER_NAME,
        "reporter_contact": REPORTER_CONTACT,
        "abuser_category": AbuserCategory.CAREGIVER,
        "types": ["type_physical", "type_neglect"],
        "urgency": Urgency.HIGH,
        "observed": "夜中に大きな物音と叫び声が聞こえた。",
    }
    values.update(overrides)
    return abuse_report_receive(actor=actor, region=region, **values)


@pytest.fixture
def abuse_report(region, center_staff, person):
    return receive(region, center_staff, person=person)


@pytest.fixture
def togane_abuse_report(region, center_staff):
    """A report about someone in 東金市 (the municipal_staff persona's municipality)."""
    return receive(
        region,
        center_staff,
        municipality=region.municipalities.get(code="12213"),
        person_description="東金市 在住の男性",
    )


@pytest.fixture
def togane_employer_routing(region, center_staff):
    """A case by a 使用者 in 東金市, reported to the 都道府県 (法第24条)."""
    report = receive(
        region,
        center_staff,
        municipality=region.municipalities.get(code="12213"),
        abuser_category=AbuserCategory.EMPLOYER,
        types=["type_economic"],
    )
    return abuse_report_route(
        actor=center_staff,
        report=report,
        destination=RoutingDestination.PREFECTURE,
        sent_on=dates.today_local(),
        addressee="千葉県 障害者福祉推進課",
    )


@pytest.fixture
def other_abuse_report(other_region, outsider):
    return receive(other_region, outsider, reporter_name="よその通報者")


@pytest.fixture
def abuse_on_duty(region, center_staff):
    return on_duty_assign(
        actor="test", region=region, day=dates.today_local(), user=center_staff
    )
