"""フェイスシート, 情報提供書 and 相談受付票 as A4 sheets (tsunagu.core.sheet)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.models import Organization
from tsunagu.core.sheet import Sheet, letterhead_for, sheet_pdf
from tsunagu.people.models import Person


def _birth(person: Person) -> str:
    if person.birth_date is None:
        return ""
    age = person.age_on(dates.today_local())
    return _("%(date)s（%(age)s歳）") % {"date": dates.wareki(person.birth_date), "age": age}


def _person_rows(person: Person) -> list[tuple[str, str]]:
    address = " ".join(p for p in (person.postal_code and f"〒{person.postal_code}",
                                   person.municipality.name if person.municipality_id else "",
                                   person.address) if p)
    return [
        (_("氏名"), person.full_name),
        (_("ふりがな"), person.full_name_kana),
        (_("生年月日"), _birth(person)),
        (_("性別"), person.get_gender_display()),
        (_("住所"), address),
        (_("電話番号"), person.phone),
    ]


def _disability_rows(person: Person) -> list[tuple[str, str]]:
    kinds = "、".join(
        d.disability_type.label + (_("（主）") if d.is_primary else "")
        for d in person.disabilities.select_related("disability_type")
    )
    certificates = "\n".join(
        " ".join(p for p in (c.get_kind_display(), c.grade, c.body_parts,
                             c.expires_on and _("有効期限 %(d)s") % {"d": dates.wareki(c.expires_on)})
                 if p)
        for c in person.certificates.all()
    )
    return [
        (_("障害種別"), kinds),
        (_("障害者手帳"), certificates),
        (_("障害支援区分"), person.get_support_category_display()),
        (_("難病（疾病名）"), person.intractable_disease),
    ]


def _family_rows(person: Person) -> list[tuple[str, str]]:
    rows = []
    for c in person.caregivers.all():
        facts = [c.name, _("同居") if c.lives_together else _("別居")]
        if c.is_key:
            facts.append(_("主な介護者"))
        if c.note:
            facts.append(c.note)
        rows.append((c.relation, "　".join(f for f in facts if f)))
    return rows or [(_("家族・介護者"), "")]


def face_sheet(person: Person, *, user: Any) -> bytes:
    """フェイスシート: who the person is, their disability, family and who supports them."""
    supporters = "、".join(o.name for o in person.assigned_organizations.all())
    return sheet_pdf(Sheet(
        title=_("フェイスシート"),
        letterhead=letterhead_for(user),
        sections=[
            (_("本人"), _person_rows(person)),
            (_("障害の状況"), _disability_rows(person)),
            (_("家族・介護者"), _family_rows(person)),
            (_("支援の状況"), [(_("担当機関"), supporters),
                               (_("連絡先の備考"), person.contact_note)]),
        ],
        note=_("個人情報を含みます。送信前に宛先のFAX番号を確認してください。"),
        signature=True,
    ))


def referral_letter(person: Person, organization: Organization, *, user: Any,
                    purpose: str, body: str) -> bytes:
    """情報提供書 to one organization that the person's consent covers."""
    return sheet_pdf(Sheet(
        title=_("情報提供書"),
        letterhead=letterhead_for(user),
        addressee=_("%(org)s 御中") % {"org": organization.name},
        preamble=_("ご本人の同意に基づき、下記のとおり情報を提供します。"),
        sections=[
            (_("本人"), _person_rows(person)),
            (_("障害の状況"), _disability_rows(person)),
            (_("提供の目的と内容"), [(_("目的"), purpose), (_("内容"), body)]),
        ],
        note=_("提供した情報は、上記の目的以外に使用しないでください。"),
        signature=True,
    ))


def consultation_sheet(consultation: Consultation, *, user: Any) -> bytes:
    """相談受付票."""
    c = consultation
    local = c.occurred_at.astimezone(dates.TOKYO)
    return sheet_pdf(Sheet(
        title=_("相談受付票"),
        letterhead=letterhead_for(user),
        sections=[
            (_("受付"), [
                (_("受付番号"), str(c.pk)),
                (_("日時"), f"{dates.wareki(local.date())} {local:%H:%M}"),
                (_("相談の方法"), c.method.label if c.method_id else ""),
                (_("相談者"), " ".join(p for p in (
                    c.caller_type.label if c.caller_type_id else "", c.caller_name) if p)),
                (_("本人"), c.person.full_name if c.person_id else ""),
                (_("市町村"), c.municipality.name if c.municipality_id else ""),
                (_("相談の種類"), c.kind.label if c.kind_id else ""),
                (_("支援内容"), "、".join(t.label for t in c.topics.all())),
            ]),
            (_("内容"), [(_("記録"), c.record), (_("次の対応"), c.next_action)]),
            (_("対応"), [
                (_("対応者"), str(c.staff) if c.staff_id else ""),
                (_("対応時間（分）"), str(c.duration_minutes or "")),
            ]),
        ],
        signature=True,
    ))
