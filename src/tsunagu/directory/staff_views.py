"""Staff and member pages of the directory (/directory/).

Reading: every holder of Capability.DIRECTORY. Editing, confirming and deciding on proposed
changes: ``can_edit_directory`` (the one place that rule lives). A member organization (any
user whose organization is an entry's ``member``) proposes changes to its own entries. Workers
who see personal data refer a person to a service from its page."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tsunagu.core import locking
from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.audit import audit_list_view
from tsunagu.core.models import Municipality, Organization
from tsunagu.core.postal import postal_answer
from tsunagu.core.roles import Capability
from tsunagu.directory import staff_selectors as selectors
from tsunagu.directory import staff_services as services
from tsunagu.directory.hsds.services import service_create, service_save
from tsunagu.directory.models import ChangeRequestStatus, ServiceStatus
from tsunagu.directory.staff_documents import (
    document_from_forms,
    document_summary,
    initial_from_document,
)
from tsunagu.directory.staff_forms import (
    DecisionForm,
    ReferralPickForm,
    ServiceForm,
    schedule_formset,
)
from tsunagu.directory.validation import HSDSError, validate

PAGE_SIZE = 50
PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


def can_edit_directory(user: Any) -> bool:
    """Who edits entries, confirms them and decides on proposed changes: 管理者,
    センター相談員 and 協議会事務局 (of their own region)."""
    return user_can(user, Capability.DIRECTORY_EDIT)


def _require_editor(user: Any) -> None:
    if not can_edit_directory(user):
        raise PermissionDenied


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# ------------------------------------------------------------------ list, review


@capability_required(Capability.DIRECTORY)
def service_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipalities = list(scope_region(Municipality.objects.all(), user).order_by("code"))
    terms = list(selectors.category_terms())
    query = request.GET.get("q", "")[:100]
    municipality = next(
        (m for m in municipalities if str(m.pk) == request.GET.get("municipality")), None
    )
    term = next((t for t in terms if str(t.pk) == request.GET.get("term")), None)
    status = request.GET.get("status", "")
    status = status if status in ServiceStatus.values else ""
    hot_station = request.GET.get("hot") == "1"
    services = selectors.service_list(
        user=user,
        query=query,
        municipality=municipality,
        status=status,
        term=term,
        hot_station=hot_station,
    )
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    editor = can_edit_directory(user)
    return render(
        request,
        "directory/staff_list.html",
        {
            "page": page,
            "query": query,
            "municipalities": municipalities,
            "municipality": municipality,
            "terms": terms,
            "term": term,
            "statuses": ServiceStatus.choices,
            "status": status,
            "hot_station": hot_station,
            "query_string": params.urlencode(),
            "can_edit": editor,
            "pending_count": selectors.pending_count(user=user) if editor else 0,
            "review_cutoff": selectors.review_cutoff(),
        },
    )


@capability_required(Capability.DIRECTORY)
def review_list(request: HttpRequest) -> HttpResponse:
    services = selectors.review_list(user=request.user)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/staff_review.html",
        {
            "page": page,
            "cutoff": selectors.review_cutoff(),
            "can_edit": can_edit_directory(request.user),
            "here": request.get_full_path(),
        },
    )


# ------------------------------------------------------------------ one service


@capability_required(Capability.DIRECTORY)
def service_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    service = selectors.service_get(user=request.user, pk=pk)
    editor = can_edit_directory(request.user)
    return render(
        request,
        "directory/staff_detail.html",
        {
            "service": service,
            "summary": document_summary(service.document or {}),
            "revisions": selectors.revision_rows(service),
            "requests": (
                list(
                    selectors.change_request_list(user=request.user).filter(
                        service=service, status=ChangeRequestStatus.PENDING
                    )
                )
                if editor
                else []
            ),
            "can_edit": editor,
            "can_refer": any(user_can(request.user, cap) for cap in PERSONAL),
            "needs_review": not service.assured_date
            or service.assured_date < selectors.review_cutoff(),
        },
    )


def _forms(request: HttpRequest, *, document: dict, **form_kwargs: Any):
    region = request.user.region
    services.taxonomy_ensure()
    initial, rows = initial_from_document(document)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(
        data, region=region, terms=selectors.category_terms(), initial=initial, **form_kwargs
    )
    form.set_postal_url(reverse("directory:postal", args=["0000000"]))
    formset = schedule_formset(data, initial=rows)
    return form, formset


def _render_form(request, template_context: dict, status: int = 200) -> HttpResponse:
    return render(request, "directory/staff_form.html", template_context, status=status)


@capability_required(Capability.DIRECTORY)
def service_new(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    form, formset = _forms(request, document={"status": ServiceStatus.ACTIVE})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            organization = services.organization_for_entry(
                actor=request.user,
                region=request.user.region,
                organization=data["organization"],
                name=data["new_organization"],
                kana=data["new_organization_kana"],
            )
            document = document_from_forms({}, data, formset.rows(), organization=organization)
            service = service_create(
                actor=request.user,
                region=request.user.region,
                organization=organization,
                document=document,
            )
            services.service_publish_set(
                actor=request.user, service=service, is_published=data["is_published"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except HSDSError as error:
            form.add_error(None, [str(e) for e in error.errors])
        else:
            messages.success(request, _("社会資源を登録しました。"))
            return redirect("directory:service_detail", pk=service.pk)
    return _render_form(request, {"form": form, "formset": formset, "mode": "new"})


@capability_required(Capability.DIRECTORY)
def service_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    service = selectors.service_get(user=request.user, pk=pk)
    _require_editor(request.user)
    document = service.document or {}
    form, formset = _forms(request, document=document)
    form.initial.update(organization=service.organization_id, is_published=service.is_published)
    locking.add_lock_field(form, service)
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a conflict leaves no new organization behind
                organization = services.organization_for_entry(
                    actor=request.user,
                    region=request.user.region,
                    organization=data["organization"],
                    name=data["new_organization"],
                    kana=data["new_organization_kana"],
                )
                new_document = document_from_forms(
                    document, data, formset.rows(), organization=organization
                )
                service_save(
                    actor=request.user,
                    service=service,
                    document=new_document,
                    note=data["note"] or _("内容を編集"),
                    lock_version=data.get(locking.LOCK_FIELD),
                )
                services.service_publish_set(
                    actor=request.user, service=service, is_published=data["is_published"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        except HSDSError as error:
            form.add_error(None, [str(e) for e in error.errors])
        except locking.EditConflict:
            service.refresh_from_db()
            initial, _rows = initial_from_document(service.document or {})
            initial.update(organization=service.organization_id, is_published=service.is_published)
            current = ServiceForm(
                region=request.user.region, terms=selectors.category_terms(), initial=initial
            )
            conflict = locking.conflict_context(form, current, service)
        else:
            messages.success(request, _("変更を保存しました。前の内容は履歴に残っています。"))
            return redirect("directory:service_detail", pk=service.pk)
    return _render_form(
        request,
        {"form": form, "formset": formset, "mode": "edit", "service": service,
         "conflict": conflict},
    )  # fmt: skip


@capability_required(Capability.DIRECTORY)
@require_POST
def service_assure(request: HttpRequest, pk: Any) -> HttpResponse:
    service = selectors.service_get(user=request.user, pk=pk)
    _require_editor(request.user)
    services.service_assure(actor=request.user, service=service)
    messages.success(request, _("「%(name)s」を確認済みにしました。") % {"name": service.name})
    return redirect(_safe_next(request, reverse("directory:service_detail", args=[service.pk])))


# ------------------------------------------------------------------ proposals and decisions


@capability_required(Capability.NETWORK)
def mine(request: HttpRequest) -> HttpResponse:
    """A member organization's own entries and the changes it proposed."""
    return render(
        request,
        "directory/staff_mine.html",
        {
            "organizations": list(selectors.organization_entries(user=request.user)),
            "requests": list(selectors.own_change_requests(user=request.user)[:50]),
        },
    )


def _propose(request: HttpRequest, *, organization, service=None) -> HttpResponse:
    document = (service.document or {}) if service else {"status": ServiceStatus.ACTIVE}
    form, formset = _forms(request, document=document, member_mode=True, organization=organization)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        proposed = document_from_forms(
            document, data, formset.rows(), organization=organization, member=True
        )
        errors = validate(proposed, "service")
        if errors:
            form.add_error(None, [str(e) for e in errors])
            return _render_form(
                request,
                {
                    "form": form,
                    "formset": formset,
                    "mode": "propose",
                    "service": service,
                    "organization": organization,
                },
            )
        services.change_request_create(
            actor=request.user,
            organization=organization,
            service=service,
            document=proposed,
            note=data["note"],
        )
        messages.success(
            request, _("変更を申請しました。センターが確認してから掲載内容に反映されます。")
        )
        return redirect("directory:mine")
    return _render_form(
        request,
        {
            "form": form,
            "formset": formset,
            "mode": "propose",
            "service": service,
            "organization": organization,
        },
    )


@capability_required(Capability.NETWORK)
def service_propose(request: HttpRequest, pk: Any) -> HttpResponse:
    service = selectors.own_service_get(user=request.user, pk=pk)
    return _propose(request, organization=service.organization, service=service)


@capability_required(Capability.NETWORK)
def organization_propose(request: HttpRequest, pk: Any) -> HttpResponse:
    organization = selectors.own_organization_get(user=request.user, pk=pk)
    return _propose(request, organization=organization)


@capability_required(Capability.DIRECTORY)
def change_request_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    show_all = request.GET.get("all") == "1"
    requests = selectors.change_request_list(
        user=request.user, status="" if show_all else ChangeRequestStatus.PENDING
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/staff_requests.html",
        {"page": page, "show_all": show_all, "all_query": urlencode({"all": "1"})},
    )


@capability_required(Capability.DIRECTORY, Capability.NETWORK)
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_request_get(user=request.user, pk=pk)
    editor = can_edit_directory(request.user)
    own = bool(request.user.organization_id) and (
        change.organization.member_id == request.user.organization_id
    )
    if not (editor or own):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        _require_editor(request.user)
        action = request.POST.get("action")
        if form.is_valid() and action in ("approve", "reject"):
            note = form.cleaned_data["decision_note"]
            try:
                if action == "approve":
                    service = services.change_request_approve(
                        actor=request.user, request=change, decision_note=note
                    )
                    messages.success(request, _("申請を承認し、掲載内容に反映しました。"))
                    return redirect("directory:service_detail", pk=service.pk)
                services.change_request_reject(
                    actor=request.user, request=change, decision_note=note
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except HSDSError as error:
                for problem in error.errors:
                    form.add_error(None, str(problem))
            else:
                messages.success(request, _("申請を差し戻しました。"))
                return redirect("directory:change_request_list")
    current = (change.service.document or {}) if change.service_id else {}
    return render(
        request,
        "directory/staff_request.html",
        {
            "change": change,
            "form": form,
            "can_decide": editor and change.status == ChangeRequestStatus.PENDING,
            # The entry changed after the proposal was made: approving would undo that change.
            "stale": change.status == ChangeRequestStatus.PENDING
            and change.service_id is not None
            and change.service.updated_at > change.requested_at,
            "changes": selectors.document_changes(current, change.proposed or {}),
            "current": document_summary(current) if current else None,
            "proposed": document_summary(change.proposed or {}),
        },
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------ referral (つなぐ)


@capability_required(*PERSONAL)
def service_refer(request: HttpRequest, pk: Any) -> HttpResponse:
    """この資源につなぐ: find the person, pick the consultation the referral belongs to, and
    record it (consultations.services.referral_create) with the service prefilled."""
    from tsunagu.consultations import selectors as consultation_selectors
    from tsunagu.consultations.services import referral_create
    from tsunagu.people.selectors import person_get, person_list

    service = selectors.service_get(user=request.user, pk=pk)
    query = request.GET.get("q", "")[:100]
    person_pk = request.POST.get("person") or request.GET.get("person")
    context: dict[str, Any] = {"service": service, "query": query}
    if not person_pk:
        if query:
            context["candidates"] = list(person_list(user=request.user, query=query)[:20])
            audit_list_view(
                request, target_type="people.person", label="pick",
                ids=(p.pk for p in context["candidates"]),
            )  # fmt: skip
        return render(request, "directory/staff_refer.html", context)
    try:
        person = person_get(user=request.user, pk=int(person_pk))
    except (TypeError, ValueError):
        return redirect("directory:service_refer", pk=service.pk)
    consultations = list(
        consultation_selectors.consultation_list(user=request.user)
        .filter(person=person)
        .order_by("-occurred_at", "-pk")[:10]
    )
    organizations = scope_region(Organization.objects.all(), request.user).order_by("name")
    member = service.organization.member
    initial = {
        "consultation": consultations[0].pk if consultations else None,
        "to_organization": member.pk if member and member.region_id == service.region_id else None,
        "service": _("%(service)s（%(organization)s）")
        % {"service": service.name, "organization": service.organization.name},
    }
    form = ReferralPickForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        consultations=consultations,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = next(c for c in consultations if c.pk == data["consultation"])
        try:
            referral_create(
                actor=request.user,
                consultation=consultation,
                to_organization=data["to_organization"],
                service=data["service"][:200],
                due_on=data["due_on"],
                staff=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("つなぎを登録しました。"))
            return redirect("consultations:detail", pk=consultation.pk)
    context.update(person=person, consultations=consultations, form=form)
    return render(request, "directory/staff_refer.html", context)


# ------------------------------------------------------------------ postal lookup


@require_GET
@capability_required(Capability.DIRECTORY, Capability.NETWORK)
def postal_lookup(request: HttpRequest, code: str) -> JsonResponse:
    """郵便番号 → 住所 for everyone who edits or proposes an entry (tsunagu.core.postal)."""
    return postal_answer(code, region_id=request.user.region_id)

