"""Consultation pages: the list, fast entry, the record, and its referrals."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.consultations import selectors, services
from tsunagu.consultations.forms import (
    ConsultationFilterForm,
    ConsultationForm,
    ReferralAdvanceForm,
    ReferralForm,
)
from tsunagu.consultations.models import Consultation, Referral
from tsunagu.consultations.sections import consultation_sections
from tsunagu.core import dates, locking
from tsunagu.core.access import capability_required, scope_personal
from tsunagu.core.audit import audit_list_view
from tsunagu.core.dataversion import cached_for_user
from tsunagu.core.files import stored_file_response
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_list

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50


@capability_required(*PERSONAL)
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    consultations = selectors.consultation_list(user=user)
    # the 年度 and the number found change only when a record is written: kept for the user
    # under the region's data version (core.dataversion; issue 25)
    years = cached_for_user(
        user, "consultations:years", lambda: selectors.consultation_years(consultations)
    )
    form = ConsultationFilterForm(request.GET or None, region=user.region, years=years)
    filters = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = repr(sorted((k, str(getattr(v, "pk", v))) for k, v in data.items()))
        if data["year"]:
            consultations = consultations.filter(fiscal_year=data["year"])
        if data["method"]:
            consultations = consultations.filter(method=data["method"])
        if data["mine"]:
            consultations = consultations.filter(staff=request.user)
        if data["anonymous"]:
            consultations = consultations.filter(person__isnull=True)
    paginator = Paginator(consultations, PAGE_SIZE)
    paginator.count = cached_for_user(
        user, f"consultations:count:{filters}", lambda: consultations.count()
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_list_view(request, target_type=Consultation, ids=(c.pk for c in page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/consultation_list.html",
        {"page": page, "form": form, "query": query.urlencode()},
    )


def _visible_person(request: HttpRequest, pk) -> Person | None:
    if pk in (None, ""):
        return None
    try:
        return scope_personal(Person.objects.filter(merged_into__isnull=True), request.user).get(
            pk=int(pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def _resolve_person(
    request: HttpRequest, form: ConsultationForm, *, current: Person | None = None
) -> tuple[Person | None, list]:
    """The person the record belongs to: the one named by the typed text when there is text
    (it replaces any earlier choice), otherwise the one chosen (hidden id), otherwise nobody
    (anonymous). Adds a form error, and returns the candidates, when the text matches nobody
    or several people, or when the chosen id is not one the user may see: never falls back
    on another person. ``current`` is the person the record being edited already has."""
    data = form.cleaned_data
    query = data["person_query"].strip()
    if query:
        candidates = list(
            person_list(user=request.user, query=query).prefetch_related("assigned_staff")[:21]
        )
        if len(candidates) == 1:
            return candidates[0], []
        if not candidates:
            form.add_error(
                "person_query",
                _("「%(query)s」に該当する利用者がいません。氏名・よみがなを確かめてください。")
                % {"query": query},
            )
        else:
            form.add_error("person_query", _("複数の利用者が該当します。一覧から選んでください。"))
        return None, candidates[:20]
    if data["person"] is None:
        return None, []
    if current is not None and data["person"] == current.pk:
        return current, []
    person = _visible_person(request, data["person"])
    if person is None:
        form.add_error(
            "person_query", _("選ばれた利用者の記録を開けません。利用者を選び直してください。")
        )
    return person, []


def _chosen_person(request: HttpRequest, form: ConsultationForm, current: Person | None):
    """The person shown as chosen above the form: the hidden id as submitted (or initial)."""
    pk = form.data.get("person") if form.is_bound else form.initial.get("person")
    if current is not None and str(pk) == str(current.pk):
        return current
    return _visible_person(request, pk)


def _show_chosen(form: ConsultationForm, chosen: Person | None) -> dict:
    """Show ``chosen`` as the chosen value (name, reading, birth date and age, ID) above the
    form. Called before the form is validated, so that its labels follow."""
    if chosen is not None:
        form.show_chosen_person()
    return {
        "form": form,
        "person": chosen,
        "person_age": chosen.age_on(dates.today_local()) if chosen else None,
    }


@capability_required(*PERSONAL)
def consultation_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    initial = ConsultationForm.default_initial(region, request.user.organization)
    person = _visible_person(request, request.GET.get("person"))
    if person is not None:
        initial.update(person=person.pk)
    form = ConsultationForm(request.POST or None, region=region, initial=initial)
    context = _show_chosen(form, _chosen_person(request, form, person))
    candidates = []
    if request.method == "POST" and form.is_valid():
        person, candidates = _resolve_person(request, form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = services.consultation_record(
                    actor=request.user,
                    region=region,
                    occurred_at=data["occurred_at"],
                    method=data["method"],
                    caller_type=data["caller_type"],
                    caller_name=data["caller_name"],
                    person=person,
                    topics=list(data["topics"]),
                    duration_minutes=data["duration_minutes"],
                    record=data["record"],
                    next_action=data["next_action"],
                    staff=request.user,
                    organization=request.user.organization,
                    kind=data["kind"],
                    municipality=data["municipality"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("相談を記録しました。"))
                return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/consultation_form.html",
        {**context, "candidates": candidates},
    )


@capability_required(*PERSONAL)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    referral_form = ReferralForm(region=request.user.region)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "c": consultation,
            "referrals": consultation.referrals.select_related("to_organization", "staff"),
            "referral_form": referral_form,
            "sections": consultation_sections(user=request.user, consultation=consultation),
        },
    )


@capability_required(*PERSONAL)
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    region = request.user.region
    form = ConsultationForm(request.POST or None, region=region, initial=_initial(consultation))
    form.fields["person_query"].widget.attrs.pop("autofocus", None)
    locking.add_lock_field(form, consultation)
    context = _show_chosen(form, _chosen_person(request, form, consultation.person))
    candidates, conflict = [], None
    if request.method == "POST" and form.is_valid():
        person, candidates = _resolve_person(request, form, current=consultation.person)
        data = form.cleaned_data
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                actor=request.user,
                consultation=consultation,
                topics=list(data["topics"]),
                occurred_at=data["occurred_at"],
                method=data["method"],
                caller_type=data["caller_type"],
                caller_name=data["caller_name"],
                person=person,
                duration_minutes=data["duration_minutes"],
                record=data["record"],
                next_action=data["next_action"],
                kind=data["kind"] or consultation.kind,
                municipality=data["municipality"]
                or (person.municipality if person is not None else None),
                lock_version=data.get(locking.LOCK_FIELD),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except locking.EditConflict:
            consultation.refresh_from_db()
            current = ConsultationForm(region=region, initial=_initial(consultation))
            conflict = locking.conflict_context(form, current, consultation)
        else:
            messages.success(request, _("相談記録を更新しました。"))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/consultation_form.html",
        {
            **context,
            "editing": consultation,
            "candidates": candidates,
            "conflict": conflict,
        },
    )


def _initial(consultation: Consultation) -> dict:
    return {
        "occurred_at": consultation.occurred_at.astimezone(dates.TOKYO),
        "person": consultation.person_id,
        "method": consultation.method,
        "caller_type": consultation.caller_type,
        "caller_name": consultation.caller_name,
        "kind": consultation.kind,
        "municipality": consultation.municipality,
        "topics": list(consultation.topics.all()),
        "duration_minutes": consultation.duration_minutes,
        "record": consultation.record,
        "next_action": consultation.next_action,
    }


@capability_required(*PERSONAL)
@require_POST
def attachment_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("ファイルを選んでください。"))
    else:
        try:
            services.attachment_add(actor=request.user, consultation=consultation, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("ファイルを添付しました。"))
    return redirect("consultations:detail", pk=consultation.pk)


@capability_required(*PERSONAL)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    return stored_file_response(
        request, attachment.file, record=attachment, filename=attachment.original_name
    )


@capability_required(*PERSONAL)
@require_POST
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    form = ReferralForm(request.POST, region=request.user.region)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(
                actor=request.user,
                consultation=consultation,
                to_organization=data["to_organization"],
                service=data["service"],
                due_on=data["due_on"],
                staff=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("つなぎを登録しました。"))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "c": consultation,
            "referrals": consultation.referrals.select_related("to_organization", "staff"),
            "referral_form": form,
        },
        status=400,
    )


@capability_required(*PERSONAL)
def referral_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("all") != "1"
    referrals = selectors.referral_open_list(user=request.user, mine_only=mine)
    today = dates.today_local()
    overdue_only = request.GET.get("state") == "overdue"
    shown_qs = selectors.referrals_overdue(referrals, today) if overdue_only else referrals
    shown = list(shown_qs[:500])
    audit_list_view(request, target_type=Referral, ids=(r.pk for r in shown))
    return render(
        request,
        "consultations/referral_list.html",
        {
            "referrals": shown,
            "mine": mine,
            "today": today,
            "overdue_count": selectors.referrals_overdue(referrals, today).count(),
            "overdue_only": overdue_only,
            "all_query": urlencode({"all": "1"}),
        },
    )


@capability_required(*PERSONAL)
def quiet_list(request: HttpRequest) -> HttpResponse:
    """My persons (担当職員) with no contact for QUIET_DAYS days, the longest silent first."""
    today = dates.today_local()
    persons = selectors.quiet_persons(user=request.user, today=today).prefetch_related(
        "assigned_staff"
    )
    shown = list(persons[:200])
    audit_list_view(request, target_type=Person, ids=(p.pk for p in shown), label="quiet")
    return render(
        request,
        "consultations/quiet_list.html",
        {"persons": shown, "days": selectors.QUIET_DAYS, "today": today},
    )


@capability_required(*PERSONAL)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    form = ReferralAdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_advance(
                actor=request.user,
                referral=referral,
                status=form.cleaned_data["status"],
                failure_reason=form.cleaned_data["failure_reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("つなぎの状況を更新しました。"))
            return redirect("consultations:referral_detail", pk=referral.pk)
    return render(
        request, "consultations/referral_detail.html", {"referral": referral, "form": form}
    )
