"""Pages of the privacy operations: 開示請求 (confirm, then PDF and JSON downloads), 削除請求
(confirm, then anonymization), the list of requests and the retention list.

開示 needs Capability.PERSONAL_ALL (center staff, 管理者). 削除 needs Capability.MANAGE_REGION
(管理者 only): it cannot be undone, so the person who may also manage accounts and read the
audit log does it, with the request and its reason recorded."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.models import AuditAction, Region
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.privacy import export, pdf, retention, selectors, services
from tsunagu.privacy.forms import DeletionRequestForm, DisclosureRequestForm
from tsunagu.privacy.models import AnonymizationBasis, DataRequest, RequestKind


@capability_required(Capability.PERSONAL_ALL)
def disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_request(user=request.user, pk=pk)
    form = DisclosureRequestForm(request.POST or None)
    if not user_can(request.user, Capability.SAFEGUARDING):
        del form.fields["include_safeguarding"]  # abuse reports are not theirs to hand out
    if request.method == "POST" and form.is_valid():
        data_request = services.data_request_create(
            actor=request.user,
            person=person,
            kind=RequestKind.DISCLOSURE,
            requested_on=form.cleaned_data["requested_on"],
            requester=form.cleaned_data["requester"],
            reason=form.cleaned_data["reason"],
            include_safeguarding=form.cleaned_data.get("include_safeguarding", False),
        )
        messages.success(request, _("開示請求を記録しました。ファイルをダウンロードできます。"))
        return redirect("privacy:request_detail", pk=data_request.pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=person, summary="disclosure")
    return render(
        request,
        "privacy/disclosure_confirm.html",
        {"person": person, "form": form, "counts": export.record_counts(person)},
    )


@capability_required(Capability.MANAGE_REGION)
def deletion(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_request(user=request.user, pk=pk)
    anonymized = selectors.is_anonymized(person)
    blockers = services.deletion_blockers(person)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and not anonymized and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        data_request = services.data_request_create(
            actor=request.user, person=person, kind=RequestKind.DELETION, **values
        )
        try:
            services.person_anonymize(
                actor=request.user,
                person=person,
                basis=AnonymizationBasis.REQUEST,
                data_request=data_request,
            )
        except services.DeletionPostponed as postponed:
            for reason in postponed.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("個人データを削除（匿名化）しました。"))
        return redirect("privacy:request_detail", pk=data_request.pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=person, summary="deletion")
    return render(
        request,
        "privacy/deletion_confirm.html",
        {
            "person": person,
            "form": form,
            "anonymized": anonymized,
            "blockers": blockers,
            "counts": export.record_counts(person),
        },
    )


@capability_required(Capability.PERSONAL_ALL)
def request_list(request: HttpRequest) -> HttpResponse:
    requests = list(selectors.data_request_list(user=request.user)[:200])
    audit_list_view(request, target_type=DataRequest, ids=(r.pk for r in requests))
    return render(request, "privacy/request_list.html", {"requests": requests})


@capability_required(Capability.PERSONAL_ALL)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = selectors.data_request_get(user=request.user, pk=pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=data_request)
    return render(
        request,
        "privacy/request_detail.html",
        {
            "data_request": data_request,
            "is_disclosure": data_request.kind == RequestKind.DISCLOSURE,
        },
    )


def _disclosure_request(request: HttpRequest, pk: int):
    data_request = selectors.data_request_get(user=request.user, pk=pk)
    if data_request.kind != RequestKind.DISCLOSURE:
        raise Http404
    return data_request


@capability_required(Capability.PERSONAL_ALL)
def disclosure_json(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = _disclosure_request(request, pk)
    person = data_request.person
    data = export.disclosure_data(person=person, data_request=data_request)
    services.disclosure_download(actor=request.user, data_request=data_request, file_format="json")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(person, "json")}"'
    return response


@capability_required(Capability.PERSONAL_ALL)
def disclosure_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = _disclosure_request(request, pk)
    person = data_request.person
    data = export.disclosure_data(person=person, data_request=data_request)
    content = pdf.disclosure_pdf(
        data,
        person_name=f"{person.full_name}（{person.full_name_kana}）",
        requested_on=dates.wareki(data_request.requested_on),
        region_name=data_request.region.name,
    )
    services.disclosure_download(actor=request.user, data_request=data_request, file_format="pdf")
    response = HttpResponse(content, content_type=pdf.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(person, "pdf")}"'
    return response


@capability_required(Capability.MANAGE_REGION)
def retention_list(request: HttpRequest) -> HttpResponse:
    region = scope_region(Region.objects.all(), request.user, field="pk").get()
    candidates = retention.retention_candidates(region)
    audit_list_view(request, target_type=Person, ids=(c.person.pk for c in candidates))
    return render(
        request,
        "privacy/retention_list.html",
        {
            "candidates": candidates,
            "years": settings.RETENTION_YEARS,
            "cutoff": retention.cutoff(),
        },
    )
