"""Personal pages of 発災時: the safety-check list (安否確認), a worker's own checks, one check
with its status form and history, the printable PDF and the CP932 CSV, and the disaster list
(災害時名簿) with each person's registration.

PERSONAL_ALL sees the region, PERSONAL_ASSIGNED the persons assigned to its organization;
every page and every download is written to the audit log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core import dates
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.figures import SUPPRESSION_NOTE, sees_full_figures
from tsunagu.core.models import AuditAction, Municipality
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.disaster import exports, selectors, services
from tsunagu.disaster.forms import AssignForm, BulkAssignForm, CheckUpdateForm, RegistrationForm
from tsunagu.disaster.models import SafetyCheck, SafetyCheckChange, SafetyStatus
from tsunagu.disaster.priority import FACTORS, level_label, reason_labels
from tsunagu.people.forms import add_service_errors
from tsunagu.people.selectors import PersonMerged, person_get, person_get_live

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 100


def _filters(request: HttpRequest) -> dict:
    status = request.GET.get("status", "")
    municipality = request.GET.get("municipality", "")
    return {
        "status": status if status in SafetyStatus.values else "",
        "municipality": id_param(municipality),
    }


def _activation_or_none(request: HttpRequest):
    """The active disaster mode, or a past one named by ``?activation=`` (for the lists
    printed afterwards)."""
    pk = id_param(request.GET.get("activation"))
    if pk is not None:
        return selectors.activation_get(user=request.user, pk=pk)
    return selectors.active_activation(request.user.region_id)


def _rows(checks) -> list:
    return [(c, level_label(c.priority), reason_labels(c.reasons)) for c in checks]


def _list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    activation = _activation_or_none(request)
    context: dict = {"activation": activation, "mine": mine, "statuses": SafetyStatus.choices}
    if activation is not None:
        filters = _filters(request)
        checks = selectors.check_list(
            user=request.user, activation=activation,
            assigned_to=request.user if mine else None, **filters,
        )
        page = Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        audit_list_view(
            request, target_type=checks.model, ids=(c.pk for c in page.object_list),
            label=f"list activation={activation.pk} mine={int(mine)} "
            "fields=address,phone,care,family",
        )  # fmt: skip
        context.update(
            page=page,
            rows=_rows(page.object_list),
            query=query.urlencode(),
            filters=filters,
            municipalities=Municipality.objects.filter(region_id=request.user.region_id),
            progress=selectors.progress_for(user=request.user, activation=activation),
            suppressed=not sees_full_figures(request.user),
            suppression_note=SUPPRESSION_NOTE,
            export_query=(f"activation={activation.pk}" if not activation.is_active else ""),
        )
        if activation.is_active and user_can(request.user, Capability.PERSONAL_ALL):
            context["bulk_form"] = _bulk_form(request)
    return render(request, "disaster/check_list.html", context)


@capability_required(*PERSONAL)
def check_list(request: HttpRequest) -> HttpResponse:
    return _list(request, mine=False)


@capability_required(*PERSONAL)
def my_checks(request: HttpRequest) -> HttpResponse:
    return _list(request, mine=True)


def _bulk_form(request: HttpRequest, data=None) -> BulkAssignForm:
    return BulkAssignForm(
        data,
        staff=selectors.assignable_staff(region_id=request.user.region_id),
        municipalities=Municipality.objects.filter(region_id=request.user.region_id),
    )


@capability_required(Capability.PERSONAL_ALL)
@require_POST
def checks_assign_bulk(request: HttpRequest) -> HttpResponse:
    """Give the unassigned checks (of one 市町村) to a worker at once."""
    activation = selectors.active_activation(request.user.region_id)
    form = _bulk_form(request, request.POST)
    if activation is None:
        messages.info(request, _("災害モードではありません。"))
        return redirect("disaster:home")
    if not form.is_valid():
        messages.error(request, _("担当職員を選んでください。"))
        return redirect("disaster:checks")
    municipality = form.cleaned_data["municipality"]
    assignee = form.cleaned_data["assignee"]
    try:
        result = services.checks_assign_bulk(
            actor=request.user, activation=activation, assignee=assignee,
            municipality_id=municipality.pk if municipality else None,
            reassign=form.cleaned_data["reassign"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _bulk_messages(request, result, assignee=assignee, municipality=municipality)
    return redirect("disaster:checks")


def _bulk_messages(request: HttpRequest, result, *, assignee, municipality) -> None:
    """Say how many checks went to the worker, and why each of the others did not."""
    scope = municipality.name if municipality else _("すべての市町村")
    report = messages.success if result.assigned else messages.warning
    report(
        request,
        _("%(scope)sの安否確認%(matched)d件のうち、%(count)d件を%(staff)sさんの担当にしました。")
        % {"scope": scope, "matched": result.matched, "count": result.assigned,
           "staff": assignee},
    )  # fmt: skip
    if result.already_theirs:
        messages.info(
            request,
            _("%(count)d件はすでに%(staff)sさんの担当です。")
            % {"count": result.already_theirs, "staff": assignee},
        )
    if result.already_assigned:
        messages.info(
            request,
            _("%(count)d件はほかの職員が担当しているため、そのままにしました。付け替える場合は"
              "「ほかの職員が担当している安否確認も付け替える」を選んでください。")
            % {"count": result.already_assigned},
        )
    if result.not_visible:
        messages.info(
            request,
            _("%(count)d件は%(staff)sさんの機関が担当していない利用者のため、割り当てられません。")
            % {"count": result.not_visible, "staff": assignee},
        )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("disaster:checks")


@capability_required(*PERSONAL)
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One check: the person's contact details, the status form, the history."""
    posted = request.method == "POST"
    check = selectors.check_get(user=request.user, pk=pk, audit=not posted)
    form = CheckUpdateForm(
        request.POST if posted else None,
        initial={"status": check.status, "note": check.note, "version": check.version},
    )
    stale = False
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_update(
                actor=request.user, check=check, version=data["version"], status=data["status"],
                note=data["note"], checked_at=data["checked_at"],
            )
        except services.StaleCheckError as error:
            stale = True
            form.add_error(None, error.messages)
            check = selectors.check_get(user=request.user, pk=pk, audit=False)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("安否確認を「%(status)s」で記録しました。")
                % {"status": SafetyStatus(data["status"]).label},
            )
            return redirect(_next_url(request))
    if posted:  # shown again: a 閲覧 of the record
        selectors.check_get(user=request.user, pk=pk)
    registration = selectors.registration_of(user=request.user, person=check.person)
    return render(
        request,
        "disaster/check_detail.html",
        {
            "check": check,
            "person": check.person,
            "registration": registration,
            "level": level_label(check.priority),
            "reasons": reason_labels(check.reasons),
            "form": form,
            "stale": stale,
            "assign_form": AssignForm(
                initial={"assignee": check.assigned_to_id},
                staff=selectors.assignable_staff(region_id=check.region_id, check=check),
            ),
            "history": SafetyCheckChange.objects.filter(safety_check=check).select_related(
                "by", "assigned_to"
            )[:50],
            "next": _next_url(request),
            "can_assign": user_can(request.user, Capability.PERSONAL_ALL),
        },
        status=(409 if stale else 400) if posted else 200,
    )


@capability_required(*PERSONAL)
@require_POST
def check_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a check to a worker. Center staff assign anyone allowed; provider staff may
    take a check themselves ("自分が担当する")."""
    check = selectors.check_get(user=request.user, pk=pk, audit=False)
    if request.POST.get("take") == "1":
        assignee = request.user
    elif user_can(request.user, Capability.PERSONAL_ALL):
        form = AssignForm(
            request.POST, staff=selectors.assignable_staff(region_id=check.region_id, check=check)
        )
        if not form.is_valid():
            messages.error(request, _("担当職員を選び直してください。"))
            return redirect("disaster:check", pk=check.pk)
        assignee = form.cleaned_data["assignee"]
    else:
        messages.error(request, _("担当の割り当てはセンターの職員が行います。"))
        return redirect("disaster:check", pk=check.pk)
    try:
        services.check_assign(actor=request.user, check=check, assignee=assignee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("担当を変更しました。"))
    return redirect("disaster:check", pk=check.pk)


def _export_checks(request: HttpRequest):
    activation = _activation_or_none(request)
    if activation is None:
        return None, None
    checks = selectors.check_list(user=request.user, activation=activation, **_filters(request))
    return activation, list(checks)


def _scope_label(request: HttpRequest) -> str:
    if user_can(request.user, Capability.PERSONAL_ALL):
        return _("圏域全体")
    return _("%(organization)sの担当分") % {"organization": request.user.organization}


@capability_required(*PERSONAL)
def checks_pdf(request: HttpRequest) -> HttpResponse:
    activation, checks = _export_checks(request)
    if activation is None:
        messages.info(request, _("災害モードではありません。"))
        return redirect("disaster:home")
    content = exports.pdf(checks, activation=activation, scope=_scope_label(request))
    audit_list_view(
        request, action=AuditAction.EXPORT, target_type=SafetyCheck,
        ids=(c.pk for c in checks), label=f"pdf activation={activation.pk}",
    )
    response = HttpResponse(content, content_type="application/pdf")
    stamp = dates.now_local().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="anpi-{activation.pk}-{stamp}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(*PERSONAL)
def checks_csv(request: HttpRequest) -> HttpResponse:
    activation, checks = _export_checks(request)
    if activation is None:
        messages.info(request, _("災害モードではありません。"))
        return redirect("disaster:home")
    content, notes = exports.csv_cp932(checks)
    audit_list_view(
        request, action=AuditAction.EXPORT, target_type=SafetyCheck, ids=(c.pk for c in checks),
        label=f"csv-cp932 activation={activation.pk} substituted={len(notes)}",
    )
    response = HttpResponse(content, content_type="text/csv; charset=cp932")
    stamp = dates.now_local().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="anpi-{activation.pk}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


# --- the disaster list ------------------------------------------------------------------------


@capability_required(*PERSONAL)
def registration_list(request: HttpRequest) -> HttpResponse:
    registrations = selectors.registration_list(user=request.user)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_list_view(
        request, target_type=registrations.model, ids=(r.pk for r in page.object_list)
    )
    rows = [(r, level_label(r.priority)) for r in page.object_list]
    return render(
        request,
        "disaster/registration_list.html",
        {"page": page, "rows": rows,
         "factors": [(str(label), points) for points, label in FACTORS.values()]},
    )


@capability_required(*PERSONAL)
def register(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Put a person on the disaster list, or change their entry."""
    try:
        person = person_get_live(user=request.user, pk=person_pk)
    except PersonMerged as merged:
        messages.error(request, _("統合済みの記録です。統合先の利用者で登録してください。"))
        return redirect("people:detail", pk=merged.person.merged_into_id)
    existing = selectors.registration_of(user=request.user, person=person)
    posted = request.method == "POST"
    if existing is not None:
        initial = {name: getattr(existing, name) for name in RegistrationForm.base_fields}
    else:
        initial = RegistrationForm.default_initial()
    form = RegistrationForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.registration_save(
                actor=request.user, region=request.user.region, person=person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("災害時名簿への登録を保存しました。"))
            return redirect("disaster:register", person_pk=person.pk)
    if not posted:
        audit_record(
            actor=request.user, action=AuditAction.VIEW,
            target_type="disaster.disasterlistregistration",
            target_id=existing.pk if existing else "", region=person.region,
            summary=f"person={person.pk}",
        )
    return render(
        request,
        "disaster/register.html",
        {"form": form, "person": person, "registration": existing,
         "level": level_label(existing.priority) if existing else "",
         "factors": [(str(label), points) for points, label in FACTORS.values()]},
        status=400 if posted else 200,
    )


@capability_required(*PERSONAL)
@require_POST
def registration_remove(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk, audit=False)
    registration = selectors.registration_of(user=request.user, person=person)
    if registration is None:
        messages.info(request, _("この利用者は災害時名簿に登録されていません。"))
    elif request.POST.get("confirm") != "1":
        messages.error(request, _("解除する場合は確認のチェックを入れてください。"))
    else:
        services.registration_remove(actor=request.user, registration=registration)
        messages.success(request, _("災害時名簿から外しました。"))
    return redirect("disaster:register", person_pk=person.pk)
