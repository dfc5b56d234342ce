"""Writes of the privacy operations: recording a request (開示・削除), anonymizing a person
(on request or when retention ends), each with its audit entry. Summaries hold ids, model
names and counts only — never what was erased.

Rule for abuse and guardianship records (documented in src/tsunagu/privacy/README.md): a deletion on
request, and retention, are postponed while the person has an abuse report that is not
closed (終結) or a guardianship procedure under way (検討・準備中・申立て済み). The
municipality's duties under 障害者虐待防止法 (§9 事実確認, §32–33 記録) and the court procedure
need the record until then. Once closed, the records are anonymized like the others, keeping
the fields the yearly abuse figures count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction
from tsunagu.people.models import Person
from tsunagu.privacy import registry
from tsunagu.privacy.export import person_family, rows_about
from tsunagu.privacy.models import (
    Anonymization,
    AnonymizationBasis,
    DataRequest,
    RequestKind,
    RequestStatus,
)
from tsunagu.privacy.selectors import open_case_person_ids

# What an anonymized person is called: stored as is (marked, not translated at write time).
ANONYMIZED_NAME = gettext_noop("（削除済み）")


class DeletionPostponed(Exception):
    """The person's records must be kept for now; ``reasons`` say why (shown to the user)."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class AnonymizeResult:
    person_id: int
    rows: Counter = field(default_factory=Counter)  # model label -> rows changed
    deleted: Counter = field(default_factory=Counter)  # model label -> rows removed
    files: int = 0

    def summary(self) -> str:
        parts = [f"{label.split('.')[-1]}:{n}" for label, n in sorted(self.rows.items())]
        parts += [
            f"{label.split('.')[-1]}-deleted:{n}" for label, n in sorted(self.deleted.items())
        ]
        return " ".join(parts)




def blocker_reasons(*, abuse: bool, guardianship: bool) -> list[str]:
    reasons = []
    if abuse:
        reasons.append(
            _(
                "終結していない虐待通報があります。障害者虐待防止法にもとづく対応と記録の保存が"
                "必要なため、終結するまで削除できません。"
            )
        )
    if guardianship:
        reasons.append(
            _(
                "成年後見制度の利用支援（申立て）が進行中です。手続きが終わる（審判確定・取下げ）"
                "まで削除できません。"
            )
        )
    return reasons


def deletion_blockers(person: Person) -> list[str]:
    """Why the person's records must not be anonymized yet (empty: they may)."""
    ids = [p.pk for p in person_family(person)]
    abuse, guardianship = open_case_person_ids(ids)
    return blocker_reasons(abuse=bool(abuse), guardianship=bool(guardianship))


@transaction.atomic
def data_request_create(
    *,
    actor: Any,
    person: Person,
    kind: RequestKind | str,
    requested_on: Any,
    requester: str,
    reason: str,
    include_safeguarding: bool = False,
) -> DataRequest:
    request = DataRequest.objects.create(
        region=person.region,
        person=person,
        kind=kind,
        requested_on=requested_on,
        requester=requester,
        reason=reason,
        include_safeguarding=include_safeguarding,
        handled_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=request,
        summary=(
            f"data request kind={request.kind} person={person.pk} requester={requester}"
            f" safeguarding={int(include_safeguarding)}"
        ),
    )
    return request


@transaction.atomic
def disclosure_download(*, actor: Any, data_request: DataRequest, file_format: str) -> None:
    """Record that the disclosure was handed out (the download), and mark the request done."""
    if data_request.status != RequestStatus.COMPLETED:
        data_request.status = RequestStatus.COMPLETED
        data_request.completed_at = timezone.now()
        data_request.handled_by = acting_user(actor) or data_request.handled_by
        data_request.save(update_fields=["status", "completed_at", "handled_by"])
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=data_request.person,
        summary=f"disclosure format={file_format} request={data_request.pk}",
    )


def _blank(f: models.Field) -> Any:
    if f.null:
        return None
    if f.has_default():
        return f.get_default()
    return ""


def _erase_rows(model: type[models.Model], ids: list[int], result: AnonymizeResult) -> None:
    handling = registry.handling_for(model)
    rows = rows_about(model, ids)
    fields = registry.erasable_fields(model)
    file_fields = [f for f in fields if isinstance(f, models.FileField)]
    names: list[tuple[Any, str]] = []
    for f in file_fields:
        for name in rows.exclude(**{f.attname: ""}).values_list(f.attname, flat=True):
            if name:
                names.append((f.storage, name))
    label = model._meta.label_lower
    if handling.delete_rows:
        n = rows.count()
        if n:
            rows.delete()
            result.deleted[label] += n
    elif fields:
        n = rows.update(**{f.attname: _blank(f) for f in fields})
        if n:
            result.rows[label] += n
    result.files += len(names)
    for storage, name in names:
        # Only once the transaction holds: a rolled-back anonymization keeps its files.
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))


def _erase_person(person: Person) -> None:
    fields = registry.erasable_fields(Person)
    values = {f.attname: _blank(f) for f in fields}
    values["family_name"] = ANONYMIZED_NAME
    Person.objects.filter(pk=person.pk).update(**values)


def person_anonymize(
    *,
    actor: Any,
    person: Person,
    basis: AnonymizationBasis | str,
    data_request: DataRequest | None = None,
) -> AnonymizeResult:
    """Erase what identifies ``person`` (and records merged into it) and every free text about
    them, delete their files; keep every row and the fields that are counted, so figures of past
    年度 do not change. One transaction; idempotent. Raises DeletionPostponed (changing nothing
    but the request's status and the audit entry) while an abuse case or a guardianship
    procedure is open."""
    reasons = deletion_blockers(person)
    if reasons:
        _record_postponed(actor=actor, person=person, basis=basis, data_request=data_request)
        raise DeletionPostponed(reasons)
    return _anonymize(actor=actor, person=person, basis=basis, data_request=data_request)


@transaction.atomic
def _record_postponed(
    *, actor: Any, person: Person, basis: str, data_request: DataRequest | None
) -> None:
    if data_request is not None:
        data_request.status = RequestStatus.POSTPONED
        data_request.handled_by = acting_user(actor) or data_request.handled_by
        data_request.save(update_fields=["status", "handled_by"])
    request_part = f" request={data_request.pk}" if data_request else ""
    audit_record(
        actor=actor,
        action=AuditAction.SECURITY,
        target=person,
        summary=f"anonymization postponed basis={basis}{request_part}: open safeguarding case",
    )


@transaction.atomic
def _anonymize(
    *, actor: Any, person: Person, basis: str, data_request: DataRequest | None
) -> AnonymizeResult:
    person = Person.objects.select_for_update().select_related("region").get(pk=person.pk)
    if deletion_blockers(person):  # opened since the check: roll back, change nothing
        raise DeletionPostponed(deletion_blockers(person))
    family = person_family(person)
    ids = [p.pk for p in family]
    result = AnonymizeResult(person_id=person.pk)
    for model in registry.personal_models():
        _erase_rows(model, ids, result)
    user = acting_user(actor)
    for member in family:
        _erase_person(member)
        result.rows["people.person"] += 1
        Anonymization.objects.get_or_create(
            person=member,
            defaults={
                "region": person.region,
                "basis": basis,
                "data_request": data_request,
                "by_username": (user.get_username() if user else str(actor))[:150],
            },
        )
    if data_request is not None:
        data_request.status = RequestStatus.COMPLETED
        data_request.completed_at = timezone.now()
        data_request.handled_by = user or data_request.handled_by
        data_request.save(update_fields=["status", "completed_at", "handled_by"])
    request_part = f" request={data_request.pk}" if data_request else ""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=person,
        summary=f"anonymized basis={basis}{request_part} files={result.files} {result.summary()}",
    )
    return result
