"""Demo 地域移行・地域定着 (called by `tsunagu demo`; idempotent): for fictional persons of the
demo region, one still in a 精神科病院 (医療保護入院) with 面接 and 体験外出 done, one who left a
障害者支援施設 after the whole 地域移行支援 and now has 地域定着支援 with its 24-hour contacts
and two 緊急時の対応. Places, dates and phone numbers are fictional (0475-00-xxxx). Dates
are relative to today. The Japanese strings are data, marked with ``gettext_noop``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext_noop as _

from tsunagu.core.dates import TOKYO, today_local
from tsunagu.core.models import Region, User
from tsunagu.core.roles import Role
from tsunagu.people.models import Person
from tsunagu.transition import services
from tsunagu.transition.models import InstitutionStay

ACTOR = "command:demo"


def demo_transition_load(*, region: Region, with_records: bool = True) -> bool:
    if not with_records or InstitutionStay.objects.filter(region=region).exists():
        return False
    staff = User.objects.filter(region=region, role=Role.CENTER_STAFF).order_by("pk").first()
    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True).order_by(
            "-pk"
        )[:2]
    )
    if staff is None or len(persons) < 2:
        return False
    today = today_local()
    organization = staff.organization
    with transaction.atomic():
        stay = services.stay_create(
            actor=ACTOR,
            person=persons[0],
            kind="hospital",
            place=_("（架空）さんぶ中央病院 精神科"),
            since=today - timedelta(days=900),
            admission_type="medical_protection",
            staff=staff,
            organization=organization,
            notes=_("退院後はグループホームを希望。"),
        )
        for days, kind, note in (
            (60, "interview", _("病棟で本人・主治医・PSWと面接。退院の希望を確認。")),
            (30, "outing", _("グループホームの見学に同行。")),
        ):
            services.step_record(
                actor=ACTOR, stay=stay, kind=kind, on=today - timedelta(days=days), note=note,
                staff=staff,
            )  # fmt: skip
        left = services.stay_create(
            actor=ACTOR,
            person=persons[1],
            kind="facility",
            place=_("（架空）九十九里学園（障害者支援施設）"),
            since=today - timedelta(days=3000),
            admission_type="facility",
            staff=staff,
            organization=organization,
        )
        for days, kind, note in (
            (200, "interview", _("施設で本人と面接。")),
            (170, "outing", _("地域の店と役場へ体験外出。")),
            (140, "stay", _("グループホームで2泊の体験宿泊。")),
            (120, "housing", _("アパートの内見に同行。")),
            (100, "leave", _("退所。アパートで一人暮らしを開始。")),
        ):
            services.step_record(
                actor=ACTOR, stay=left, kind=kind, on=today - timedelta(days=days), note=note,
                staff=staff,
            )  # fmt: skip
        support = services.settlement_create(
            actor=ACTOR,
            person=persons[1],
            starts_on=today - timedelta(days=100),
            staff=staff,
            organization=organization,
            notes=_("不安が強くなると夜に電話がある。話を聞くと落ち着く。"),
        )
        for order, (name, relation, phone) in enumerate(
            (
                (_("基幹相談支援センター 夜間携帯"), _("相談支援専門員"), "0475-00-0001"),
                (_("兄"), _("家族"), "0475-00-0002"),
            ),
            start=1,
        ):
            services.contact_add(
                actor=ACTOR, support=support, name=name, relation=relation, phone=phone,
                sort_order=order,
            )  # fmt: skip
        for days, method, content in (
            (40, "phone", _("夜間に不安の電話。30分話を聞き、翌日訪問を約束。")),
            (10, "visit", _("ガス漏れ警報が鳴ったと連絡。訪問して止め、業者に連絡。")),
        ):
            services.response_record(
                actor=ACTOR,
                support=support,
                occurred_at=datetime.combine(today - timedelta(days=days), time(22, 0), TOKYO),
                method=method,
                content=content,
                staff=staff,
            )
    return True
