"""Writes of a person's certificates, caregivers and consents, audited inside.

Import them from tsunagu.people.services (re-exported there)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.dates import today_local
from tsunagu.core.models import AuditAction, Organization
from tsunagu.people.models import (
    Caregiver,
    Certificate,
    CertificateKind,
    Consent,
    ConsentScope,
    Person,
)

EARLIEST_YEAR = 1900


def _check_live(person: Person) -> None:
    if person.merged_into_id is not None:
        raise ValidationError(_("統合済みの記録は変更できません。統合先の記録を変更してください。"))


def _audit_child(actor: Any, action: AuditAction, record: Any, person: Person) -> None:
    """The audit entry of a record kept on a person's page (certificate, caregiver)."""
    audit_record(
        actor=actor,
        action=action,
        target=record,
        region=person.region,
        summary=f"person {person.pk}",
    )


@transaction.atomic
def certificate_add(
    *,
    actor: Any,
    person: Person,
    kind: CertificateKind | str,
    grade: str,
    body_parts: list[str] | tuple[str, ...] = (),
    expires_on: date | None = None,
) -> Certificate:
    """Record a 障害者手帳. 部位 only for 身体; 精神 needs its 有効期限 (renewed every 2 years)."""
    _check_live(person)
    if kind == CertificateKind.MENTAL and expires_on is None:
        raise ValidationError(
            {"expires_on": _("精神障害者保健福祉手帳は有効期限を入力してください。")}
        )
    certificate = Certificate(
        person=person,
        kind=kind,
        grade=grade,
        body_parts=",".join(dict.fromkeys(body_parts)),
        expires_on=expires_on,
    )
    certificate.full_clean()
    certificate.save()
    _audit_child(actor, AuditAction.CREATE, certificate, person)
    return certificate


@transaction.atomic
def certificate_remove(*, actor: Any, certificate: Certificate) -> None:
    person = certificate.person
    _check_live(person)
    _audit_child(actor, AuditAction.DELETE, certificate, person)
    certificate.delete()


@transaction.atomic
def caregiver_add(
    *,
    actor: Any,
    person: Person,
    relation: str,
    name: str = "",
    birth_year: int | None = None,
    lives_together: bool = True,
    is_key: bool = False,
    note: str = "",
) -> Caregiver:
    """Record a household member or key caregiver (birth year for 親亡き後 foresight)."""
    _check_live(person)
    if not relation.strip():
        raise ValidationError({"relation": _("続柄を入力してください。")})
    if birth_year is not None and not EARLIEST_YEAR <= birth_year <= today_local().year:
        raise ValidationError({"birth_year": _("生まれ年が正しくありません。")})
    caregiver = Caregiver(
        person=person,
        relation=relation.strip(),
        name=name.strip(),
        birth_year=birth_year,
        lives_together=lives_together,
        is_key=is_key,
        note=note.strip(),
    )
    caregiver.full_clean()
    caregiver.save()
    _audit_child(actor, AuditAction.CREATE, caregiver, person)
    return caregiver


@transaction.atomic
def caregiver_remove(*, actor: Any, caregiver: Caregiver) -> None:
    person = caregiver.person
    _check_live(person)
    _audit_child(actor, AuditAction.DELETE, caregiver, person)
    caregiver.delete()


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    scope: ConsentScope | str,
    given_on: date,
    expires_on: date | None = None,
    organizations: list[Organization] | tuple[Organization, ...] = (),
    note: str = "",
) -> Consent:
    """Record a consent. 情報提供 names the organizations it allows; the others name none."""
    _check_live(person)
    organizations = list(dict.fromkeys(organizations))
    if scope == ConsentScope.INFO_SHARING and not organizations:
        raise ValidationError({"organizations": _("情報提供先の機関を1つ以上選んでください。")})
    if scope != ConsentScope.INFO_SHARING and organizations:
        raise ValidationError(
            {"organizations": _("提供先の機関は「関係機関への情報提供」の場合だけ選びます。")}
        )
    if any(o.region_id != person.region_id for o in organizations):
        raise ValidationError({"organizations": _("この圏域の機関ではありません。")})
    if given_on > today_local():
        raise ValidationError({"given_on": _("同意日に未来の日付は入力できません。")})
    if expires_on is not None and expires_on < given_on:
        raise ValidationError({"expires_on": _("有効期限は同意日より後にしてください。")})
    consent = Consent(
        person=person,
        scope=scope,
        given_on=given_on,
        expires_on=expires_on,
        note=note.strip(),
        recorded_by=acting_user(actor),
    )
    consent.full_clean()
    consent.save()
    consent.organizations.set(organizations)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=consent,
        region=person.region,
        summary=f"person {person.pk}; scope {consent.scope}; organizations "
        + (",".join(str(o.pk) for o in organizations) or "-"),
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, on: date | None = None) -> Consent:
    """撤回: the consent ends on ``on`` (today by default). Already shared records stay
    assigned; the person page shows which organizations no longer have a valid consent."""
    _check_live(consent.person)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("この同意はすでに撤回されています。"))
    on = on or today_local()
    if on < consent.given_on:
        raise ValidationError(_("撤回日は同意日より後にしてください。"))
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=consent,
        region=consent.person.region,
        summary=f"person {consent.person_id}; withdrawn {on.isoformat()}",
    )
    return consent
