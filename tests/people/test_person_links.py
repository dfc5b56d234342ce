"""The person-link registry (tsunagu.people.links): every relation to a person is registered,
and a merge moves a record of every registered kind, as many as the confirmation counted."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from tests.plans.fixtures import make_assessment, make_monitoring, make_plan
from tests.safeguarding.fixtures_abuse import receive
from tests.safeguarding.fixtures_rights import (
    make_daily_life_referral,
    make_event,
    make_guardianship_case,
    make_registration,
)

from tsunagu.consultations.services import referral_create
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.disaster.models import SafetyCheck
from tsunagu.disaster.services import activation_start, registration_save
from tsunagu.foodbank.services import household_register
from tsunagu.needs.services import need_record
from tsunagu.people import links
from tsunagu.people.models import DuplicateReview, Person
from tsunagu.people.services import (
    caregiver_add,
    certificate_add,
    consent_record,
    person_create,
    person_merge,
)
from tsunagu.privacy.models import AnonymizationBasis, Requester, RequestKind
from tsunagu.privacy.services import data_request_create, person_anonymize

SRC = Path(__file__).resolve().parents[2] / "src" / "tsunagu"


def test_every_relation_to_a_person_is_registered():
    # A model with a ForeignKey, OneToOneField or ManyToManyField to people.Person must be
    # registered by its app (its person_links.py, called from AppConfig.ready()), saying how
    # its records move on a merge. Register it; do not change this test.
    assert links.unregistered_relations() == []
    assert links.check_person_links() == []  # the system check people.E001 says the same


@isolate_apps("tests")
def test_an_unregistered_relation_is_found_whatever_it_points_through():
    class PersonAlias(Person):
        class Meta:
            proxy = True
            app_label = "tests"

    class Visit(models.Model):
        person = models.ForeignKey(Person, on_delete=models.PROTECT)
        companion = models.OneToOneField(PersonAlias, on_delete=models.PROTECT, related_name="+")
        attendees = models.ManyToManyField(Person, related_name="+")

        class Meta:
            app_label = "tests"

        def __str__(self) -> str:
            return f"visit {self.pk}"

    found = links.unregistered_relations(among=[Visit])
    assert found == ["tests.Visit.attendees", "tests.Visit.companion", "tests.Visit.person"]


def _one_of_each(*, keep, merge, staff, org, region, disability, record_consultation):
    """One record of every registered kind about ``merge`` (and nothing about ``keep``),
    through the apps' own services; returns the labels built."""
    built = {}

    def made(label):
        built[label] = True

    third = person_create(actor="test", region=region, family_name="山崎",
                          family_name_kana="ヤマザキ", is_fictional=True)  # fmt: skip
    person_merge(actor="test", keep=merge, merge=third)  # merged into the duplicate before
    made("people.Person")
    merge.disabilities.create(disability_type=disability("mental"), is_primary=True)
    made("people.PersonDisability")
    certificate_add(actor=staff, person=merge, kind="physical", grade="2", body_parts=["limb"])
    made("people.Certificate")
    caregiver_add(actor=staff, person=merge, relation="母", name="山崎 花子", birth_year=1960,
                  is_key=True)  # fmt: skip
    made("people.Caregiver")
    consent_record(actor=staff, person=merge, scope="disaster_roster", given_on=date(2025, 4, 1))
    made("people.Consent")
    consultation = record_consultation(merge)
    made("consultations.Consultation")
    referral_create(actor="test", consultation=consultation, service="就労移行支援")
    made("consultations.Referral")
    from tests.council.fixtures import need_category

    need_record(actor=staff, region=region, person=merge, text="通う場所がない。",
                category=need_category(region, "daytime"))  # fmt: skip
    made("needs.Need")
    receive(region, staff, person=merge)
    made("safeguarding.AbuseReport")
    make_guardianship_case(merge, staff)
    made("safeguarding.GuardianshipCase")
    make_daily_life_referral(merge, staff)
    made("safeguarding.DailyLifeSupportReferral")
    make_registration(merge, staff)
    made("safeguarding.EmergencyRegistration")
    make_event(merge, staff)
    made("safeguarding.EmergencyEvent")
    make_assessment(merge, staff, org)
    made("plans.Assessment")
    plan = make_plan(merge, staff, org)
    made("plans.SupportPlan")
    make_monitoring(plan, staff, org)
    made("plans.MonitoringRecord")
    registration_save(actor="test", region=region, person=merge, consent_on=date(2025, 4, 1))
    made("disaster.DisasterListRegistration")
    activation_start(actor="test", region=region, title="テスト地震")  # a check per registration
    made("disaster.SafetyCheck")
    household = household_register(actor="test", region=region, size=2, consent_consultation=True)
    household.person = merge  # as distribution_open_consultation links it
    household.save(update_fields=["person"])
    made("foodbank.Household")
    data_request_create(actor=staff, person=merge, kind=RequestKind.DISCLOSURE,
                        requested_on=date(2026, 11, 2), requester=Requester.SELF,
                        reason="本人が窓口で請求。")  # fmt: skip
    made("privacy.DataRequest")
    other = person_create(actor="test", region=region, family_name="山崎",
                          family_name_kana="ヤマザキ", is_fictional=True)  # fmt: skip
    DuplicateReview.objects.create(region=region, person=merge, existing=other)
    made("people.DuplicateReview")
    from tsunagu.community.services import case_meeting_record, provider_support_record

    case_meeting = case_meeting_record(actor="test", region=region, person=merge,
                                       held_on=date(2025, 5, 1), decisions="体験利用を進める。",
                                       attendees=[(org, "基幹")], actions=[("基幹", "調整", None)])
    made("community.CaseMeeting")
    assert case_meeting.attendees.count() == case_meeting.actions.count() == 1
    consent_record(actor=staff, person=merge, scope="info_sharing", given_on=date(2025, 4, 1),
                   organizations=[org])
    provider_support_record(actor="test", region=region, organization=org, kind="advice",
                            held_on=date(2025, 5, 2), minutes=30, staff=[staff], notes="助言",
                            person=merge)
    made("community.ProviderSupport")
    from tests.community.fixtures import make_conference_event

    from tsunagu.community.services import case_conference_record

    consent_record(actor=staff, person=merge, scope="council_anonymous", given_on=date(2025, 4, 1))
    case_conference_record(actor="test", event=make_conference_event(region, day=date(2025, 5, 3)),
                           person=merge, case_summary="30代の事例。",
                           attendance=[(org, 1)])  # fmt: skip
    made("community.CaseConference")
    from tests.plans.fixtures_usage import make_certificate, make_usage_final
    from tests.transition.fixtures import make_settlement, make_stay

    certificate = make_certificate(merge)
    made("plans.BenefitCertificate")
    usage = make_usage_final(merge, staff, org, certificate)
    made("plans.UsagePlan")
    from tsunagu.plans.usage.models import Achievement
    from tsunagu.plans.usage.services import MonitoringItemInput, usage_monitoring_record

    usage_monitoring_record(actor="test", plan=usage, staff=staff, monitored_on=date(2024, 7, 1),
                            overall="順調", items=[MonitoringItemInput(i, Achievement.ACHIEVED)
                                                   for i in usage.items.all()])  # fmt: skip
    made("plans.UsageMonitoring")
    make_stay(merge, staff, org)
    made("transition.InstitutionStay")
    make_settlement(merge, staff, org)
    made("transition.SettlementSupport")
    return built


# Kinds a merge never moves: an anonymized record is refused (test below).
NOT_MOVED = {"privacy.Anonymization"}


def test_merge_moves_a_record_of_every_kind_as_the_confirmation_counted(
    client, login, region, center_staff, center_org, person, unassigned_person, disability,
    record_consultation,
):  # fmt: skip
    keep, merge = person, unassigned_person
    built = _one_of_each(keep=keep, merge=merge, staff=center_staff, org=center_org,
                         region=region, disability=disability,
                         record_consultation=record_consultation)  # fmt: skip
    registered = {link.label_key for link in links.person_links()}
    # A new kind of record needs a line in _one_of_each, so that its move is tested.
    assert set(built) | NOT_MOVED == registered
    before = {link.label_key: link.count(merge) for link in links.person_links()}
    assert all(before[label] >= 1 for label in built), before

    login(client, center_staff)
    page = client.get(f"/people/{keep.pk}/merge/", {"other": merge.pk}).content.decode()
    shown = {}
    for label, kept, merged in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>',
        page,
    ):
        shown[label] = (int(kept), int(merged))
    for link in links.person_links():
        if link.label_key in built:
            assert shown[str(link.label)] == (0, before[link.label_key]), link.label_key

    response = client.post(f"/people/{keep.pk}/merge/", {"other": merge.pk})
    assert response.status_code == 302
    for link in links.person_links():
        label = link.label_key
        if label in NOT_MOVED:
            continue
        assert link.count(merge) == 0, f"{label} left behind on the merged record"
        assert before[label] == shown[str(link.label)][1], label
        # the merged record itself now points at the kept one too
        itself = 1 if label == "people.Person" else 0
        assert link.count(keep) == before[label] + itself, label
    summary = " ".join(AuditEntry.objects.filter(
        action=AuditAction.UPDATE, target_type="people.person", target_id=str(keep.pk),
        summary__startswith=f"merged person {merge.pk} into this; moved",
    ).values_list("summary", flat=True))  # fmt: skip
    assert "plans.MonitoringRecord=1" in summary
    assert "disaster.SafetyCheck=1" in summary


def test_merge_keeps_one_of_a_kind_records_on_the_merged_record(
    region, center_staff, person, unassigned_person
):
    """A one-to-one (disaster list) or a record unique per activation (safety check) that
    the kept person has already stays on the merged record, for history."""
    for p in (person, unassigned_person):
        registration_save(actor="test", region=region, person=p, consent_on=date(2025, 4, 1))
    activation_start(actor="test", region=region, title="テスト地震")
    checks = links.link_for(SafetyCheck)
    person_merge(actor=center_staff, keep=person, merge=unassigned_person)
    assert checks.count(person) == 1
    assert checks.count(unassigned_person) == 1
    assert person.disaster_registration.person_id == person.pk
    assert unassigned_person.disaster_registration.person_id == unassigned_person.pk


def test_an_anonymized_record_is_not_merged(region, center_staff, person, unassigned_person):
    person_anonymize(actor=center_staff, person=unassigned_person,
                     basis=AnonymizationBasis.RETENTION)  # fmt: skip
    with pytest.raises(ValidationError):
        person_merge(actor=center_staff, keep=person, merge=unassigned_person)
    unassigned_person.refresh_from_db()
    assert unassigned_person.merged_into is None


HIGHER_APPS = ("consultations", "needs", "plans", "safeguarding", "council", "reports",
               "directory", "network", "disaster", "foodbank", "assessment", "privacy",
               "accounts", "community", "transition")  # fmt: skip


def test_people_imports_no_higher_app():
    # people is below every app that records about a person: they register with it
    # (tsunagu.people.links), it never imports them, at the top of a module or inside a function.
    arrows = []
    for path in sorted((SRC / "people").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "tsunagu" and len(parts) > 1 and parts[1] in HIGHER_APPS:
                    arrows.append(f"{path.relative_to(SRC)}:{node.lineno} {name}")
    assert arrows == []
