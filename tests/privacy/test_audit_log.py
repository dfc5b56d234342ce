"""The audit log is append-only and reviewable: no path changes or removes an entry (ORM,
database, any URL), and the review page lists the privacy acts."""

import re
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.privacy.models import AnonymizationBasis
from tsunagu.privacy.services import person_anonymize

SRC = Path(__file__).resolve().parents[2] / "src" / "tsunagu"


def _snapshot():
    return list(AuditEntry.objects.order_by("pk").values())


def test_orm_refuses_every_change(region):
    entry = audit_record(actor="test", action=AuditAction.VIEW, region=region)
    entry.summary = "tampered"
    for attempt in (
        entry.save,
        entry.delete,
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(summary="x"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: AuditEntry.objects.all().delete(),
    ):
        with pytest.raises(PermissionError):
            attempt()
    # bulk_update bypasses QuerySet.update() (it calls _update); the database trigger stops it.
    with pytest.raises((PermissionError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["summary"])
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_database_refuses_update(region):
    entry = audit_record(actor="test", action=AuditAction.VIEW, region=region)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET summary = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_database_refuses_delete(region):
    entry = audit_record(actor="test", action=AuditAction.VIEW, region=region)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def _audit_paths():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif isinstance(pattern, URLPattern) and "audit" in route:
                yield "/" + route.lstrip("^").rstrip("$")

    return sorted(set(walk(get_resolver())))


def test_no_url_modifies_the_audit_log(client, admin, region, login):
    paths = _audit_paths()
    assert paths == ["/audit/", "/audit/export.csv"]  # a new audit URL must be added here
    audit_record(actor="test", action=AuditAction.VIEW, region=region, summary="keep me")
    login(client, admin)
    for path in paths:
        for method in ("post", "put", "patch", "delete"):
            before = _snapshot()
            response = getattr(client, method)(path, {"id": before[0]["id"], "summary": "x"})
            assert response.status_code in (200, 403, 405), (method, path)
            after = _snapshot()
            # only entries appended (an export writes one), none changed or removed
            assert after[: len(before)] == before, (method, path)


def test_no_source_code_updates_or_deletes_audit_entries():
    # The only writes are AuditEntry.objects.create in core/audit.py.
    pattern = re.compile(r"AuditEntry\.objects[^\n]*\.(update|delete|bulk_update|raw)\(")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_review_page_lists_the_privacy_acts(
    client, admin, center_staff, person, disclosure_request, login
):
    login(client, center_staff)
    client.get(f"/privacy/requests/{disclosure_request.pk}/disclosure.pdf")
    person_anonymize(actor=admin, person=person, basis=AnonymizationBasis.REQUEST)
    login(client, admin)
    page = client.get(
        "/audit/", {"target_type": "people.person", "target_id": person.pk}
    ).content.decode()
    assert f"disclosure format=pdf request={disclosure_request.pk}" in page
    assert "anonymized basis=request" in page
    assert "出力" in page and "削除" in page
    requests = client.get("/audit/", {"target_type": "privacy.datarequest"}).content.decode()
    assert "data request kind=disclosure" in requests
