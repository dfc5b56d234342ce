"""Demo data for safeguarding and support plans (called by `tsunagu demo`). Everything is
fictional and belongs to the demo's fictional persons; nothing here names a real reporter."""

from datetime import datetime, timedelta

from tsunagu.core import dates
from tsunagu.core.models import Organization, OrganizationKind, Region, User
from tsunagu.core.roles import Role
from tsunagu.people.models import Person
from tsunagu.plans.models import GoalTerm, MonitoringInterval, SupportKind
from tsunagu.plans.services import GoalInput, ServiceInput, assessment_create, plan_create
from tsunagu.safeguarding.abuse.services import abuse_report_receive
from tsunagu.safeguarding.emergency.services import (
    emergency_event_record,
    emergency_registration_create,
)
from tsunagu.safeguarding.models import AbuseReport, EmergencyEventKind
from tsunagu.safeguarding.rights.services import (
    daily_life_referral_create,
    guardianship_case_create,
)

ACTOR = "command:demo"


def demo_safeguarding_load(*, region: Region) -> bool:
    """Two abuse reports (one past its safety deadline), guardianship and 日常生活自立支援事業
    cases, three emergency registrations with events, and support plans (one overdue for
    monitoring). Once only."""
    if AbuseReport.objects.filter(region=region).exists():
        return False
    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True)
        .select_related("municipality")
        .order_by("external_id")[10:40]
    )
    staff = User.objects.filter(region=region, role=Role.CENTER_STAFF).first()
    center = Organization.objects.filter(region=region, kind=OrganizationKind.CORE_CENTER).first()
    if len(persons) < 12 or staff is None:
        return False
    now = dates.now_local()
    today = now.date()

    abuse_report_receive(
        actor=staff,
        region=region,
        received_at=now - timedelta(hours=60),
        channel="phone",
        reporter_kind="neighbor",
        abuser_category="caregiver",
        types=["type_psychological", "type_neglect"],
        urgency="high",
        person=persons[0],
        observed="夜に大きな声で怒鳴る声が続き、本人が食事をとれていない様子（架空の通報）。",
        reporter_name="（架空）近隣の方",
        reporter_contact="（架空）",
    )
    abuse_report_receive(
        actor=staff,
        region=region,
        received_at=now - timedelta(hours=5),
        channel="agency",
        reporter_kind="provider",
        abuser_category="facility",
        types=["type_physical"],
        urgency="medium",
        person=persons[1],
        observed="腕にあざがあり、事業所での対応を確認したい（架空の通報）。",
    )

    guardianship_case_create(
        actor=staff,
        region=region,
        person=persons[2],
        organization=center,
        staff=staff,
        need="親が高齢になり、金銭管理と契約を支える人が必要（架空）。",
    )
    guardianship_case_create(
        actor=staff,
        region=region,
        person=persons[3],
        organization=center,
        staff=staff,
        need="施設入所の契約のため（架空）。",
        petitioner="mayor",
        status="filed",
        filed_on=today - timedelta(days=40),
    )
    daily_life_referral_create(
        actor=staff,
        region=region,
        person=persons[4],
        organization=center,
        staff=staff,
        referred_on=today - timedelta(days=20),
        services="金銭管理、書類の預かり",
    )

    for person, place in zip(
        persons[5:8],
        ["短期入所 さくら（架空）", "グループホーム あおば（架空）", "短期入所 うみかぜ（架空）"],
        strict=True,
    ):
        emergency_registration_create(
            actor=staff,
            region=region,
            person=person,
            organization=center,
            emergency_contacts="姉（架空）090-0000-0000",
            registered_on=today - timedelta(days=200),
            support_policy="介護者の急病時は、まず短期入所の空きを確認する。",
            candidate_places=place,
        )
    start = datetime.combine(today - timedelta(days=30), datetime.min.time(), tzinfo=dates.TOKYO)
    emergency_event_record(
        actor=staff,
        region=region,
        person=persons[5],
        organization=center,
        kind=EmergencyEventKind.EMERGENCY,
        started_at=start + timedelta(hours=21),
        ended_at=start + timedelta(days=3, hours=10),
        reason="介護者の急な入院（架空）",
        place="短期入所 さくら（架空）",
    )
    emergency_event_record(
        actor=staff,
        region=region,
        person=persons[6],
        organization=center,
        kind=EmergencyEventKind.TRIAL,
        started_at=start + timedelta(days=10, hours=10),
        ended_at=start + timedelta(days=11, hours=15),
        reason="将来の暮らしに向けた体験入居（架空）",
        place="グループホーム あおば（架空）",
    )

    goals = [
        GoalInput(GoalTerm.LONG, "地域で自分らしく暮らし続ける", today + timedelta(days=365)),
        GoalInput(GoalTerm.SHORT, "週3回、日中の活動に通う", today + timedelta(days=120)),
    ]
    services = [
        ServiceInput(SupportKind.FORMAL, "就労継続支援B型", "事業所（架空）", "週3回"),
        ServiceInput(SupportKind.INFORMAL, "ホッとステーションでお茶", "本人", "週1回"),
    ]
    for i, person in enumerate(persons[8:12]):
        assessment = assessment_create(
            actor=staff,
            person=person,
            organization=center,
            staff=staff,
            assessed_on=today - timedelta(days=120 + 30 * i),
            person_words="家で家族と暮らしたい（架空）",
            needs="日中に通う場がない",
            strengths="人と話すのが好き",
        )
        plan_create(
            actor=staff,
            person=person,
            organization=center,
            staff=staff,
            assessment=assessment,
            starts_on=today - timedelta(days=110 + 30 * i),
            wished_life="家族と暮らしながら、日中は仲間と過ごしたい（架空）",
            goals=goals,
            services=services,
            monitoring_interval=MonitoringInterval.QUARTERLY,
        )
    return True
