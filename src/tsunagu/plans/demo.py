"""Demo サービス等利用計画 (called by `tsunagu demo`; idempotent): for three fictional persons of
the demo region, a 受給者証 and a plan — one 本計画 with a モニタリング報告書, one 計画案 waiting
for the 支給決定, one 障害児支援利用計画 — written by the center's first 相談支援専門員. Dates are
relative to today so that the due list has something to show. The Japanese strings are data,
marked with ``gettext_noop``."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils.translation import gettext_noop as _

from tsunagu.core.dates import today_local
from tsunagu.core.models import Organization, OrganizationKind, Region, User
from tsunagu.core.roles import Role
from tsunagu.people.models import Person
from tsunagu.plans.usage import services
from tsunagu.plans.usage.models import Achievement, UsagePlan

ACTOR = "command:demo"

ITEMS = [
    services.ItemInput(
        issue=_("日中、家の外で安心して過ごせる場がほしい"),
        goal=_("週3回、生活介護に通う"),
        achieve_by=_("6か月後"),
        services=_("生活介護 週3回 9:30〜15:30"),
        role=_("前の晩に持ち物をそろえる"),
        evaluate_at=_("3か月後"),
    ),
    services.ItemInput(
        issue=_("お金の使い方が不安"),
        goal=_("1週間ごとに予算を決めて買い物をする"),
        achieve_by=_("1年後"),
        services=_("居宅介護（家事援助） 週1回 1時間"),
        role=_("レシートを取っておく"),
        evaluate_at=_("3か月後"),
        notes=_("姉が月に1回確認する"),
    ),
]
WEEKLY = [
    services.WeeklyInput(0, time(9, 30), time(15, 30), _("生活介護")),
    services.WeeklyInput(2, time(9, 30), time(15, 30), _("生活介護")),
    services.WeeklyInput(4, time(9, 30), time(15, 30), _("生活介護")),
    services.WeeklyInput(3, time(10, 0), time(11, 0), _("家事援助")),
]
FIELDS = {
    "wishes": _("本人：今のアパートで猫と暮らしたい。家族：無理なく続けてほしい。"),
    "policy": _("本人のペースを大切に、日中の居場所と金銭管理を支える。"),
    "long_goal": _("地域で一人暮らしを続ける"),
    "short_goal": _("生活介護に通う習慣をつくる"),
    "life_overview": _("平日は生活介護に通い、週末は家族と過ごす"),
    "daily_activities": _("朝7時起床、夕方は猫の世話、夜は21時に就寝"),
    "non_weekly_services": _("月1回 通院（精神科）、月1回 姉の訪問"),
}


def demo_plans_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo plans; True when something was created."""
    if not with_records or UsagePlan.objects.filter(region=region).exists():
        return False
    staff = User.objects.filter(region=region, role=Role.CENTER_STAFF).order_by("pk").first()
    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True)
        .exclude(birth_date__isnull=True)
        .order_by("pk")[:40]
    )
    if staff is None or len(persons) < 3:
        return False
    today = today_local()
    adults = [p for p in persons if (p.age_on(today) or 0) >= 18]
    children = [p for p in persons if (p.age_on(today) or 99) < 18]
    center = Organization.objects.filter(region=region, kind=OrganizationKind.CORE_CENTER).first()
    with transaction.atomic():
        _final(adults[0], staff, center, today)
        if len(adults) > 1:
            services.usage_plan_create(
                actor=ACTOR,
                person=adults[1],
                staff=staff,
                organization=center,
                items=ITEMS[:1],
                weekly=WEEKLY[:2],
                written_on=today - timedelta(days=10),
                **FIELDS,
            )
        if children:
            services.usage_plan_create(
                actor=ACTOR,
                person=children[0],
                staff=staff,
                organization=center,
                items=[
                    services.ItemInput(
                        issue=_("放課後に友だちと過ごす場がほしい"),
                        goal=_("放課後等デイサービスに週2回通う"),
                        achieve_by=_("6か月後"),
                        services=_("放課後等デイサービス 週2回"),
                        role=_("連絡帳を自分で出す"),
                        evaluate_at=_("6か月後"),
                    )
                ],
                for_child=True,
                written_on=today - timedelta(days=5),
                **FIELDS,
            )
    return True


def _final(person: Person, staff: User, center, today) -> None:
    start = today - timedelta(days=100)
    certificate = services.certificate_create(
        actor=ACTOR,
        person=person,
        number="1234500001",
        decided_from=start,
        decided_until=start + timedelta(days=364),
        support_category="3",
        services=_("生活介護 22日/月\n居宅介護（家事援助） 5時間/月"),
        copay_limit=9300,
        monitoring_interval=3,
    )
    draft = services.usage_plan_create(
        actor=ACTOR,
        person=person,
        staff=staff,
        organization=center,
        items=ITEMS,
        weekly=WEEKLY,
        written_on=start - timedelta(days=20),
        **FIELDS,
    )
    services.usage_plan_decide(
        actor=ACTOR, plan=draft, decided_on=start - timedelta(days=5), certificate=certificate
    )
    final = services.usage_plan_finalize(
        actor=ACTOR,
        plan=draft,
        written_on=start - timedelta(days=2),
        consented_on=start - timedelta(days=2),
        starts_on=start,
    )
    services.usage_monitoring_record(
        actor=ACTOR,
        plan=final,
        staff=staff,
        monitored_on=start + timedelta(days=80),
        overall=_("生活介護に休まず通えている。買い物の予算づくりは姉と練習中。"),
        consented_on=start + timedelta(days=80),
        items=[
            services.MonitoringItemInput(
                plan_item=item,
                achievement=Achievement.ACHIEVED if item.priority == 1 else Achievement.PARTLY,
                service_status=_("事業所から：休まず通所している"),
                satisfaction=_("楽しい。友だちができた"),
                next_steps=_("通所日を増やすか本人と相談する"),
                change_amount=item.priority == 1,
            )
            for item in final.items.all()
        ],
    )
