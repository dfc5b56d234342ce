"""Pages of 成年後見制度利用支援 (guardianship) and 日常生活自立支援事業 referrals.

Personal records: center staff (PERSONAL_ALL) and provider staff (PERSONAL_ASSIGNED, their
organization's persons and records) only; every record shown is audited as 閲覧 by the
selectors; writes go through rights_services."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_list_view
from tsunagu.core.roles import Capability
from tsunagu.people.forms import add_service_errors
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_get, person_list, staff_choices
from tsunagu.safeguarding.models import DailyLifeSupportStatus, GuardianshipStatus, Petitioner
from tsunagu.safeguarding.rights import selectors, services
from tsunagu.safeguarding.rights.forms import DailyLifeReferralForm, GuardianshipCaseForm

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50
CANDIDATE_LIMIT = 20


# --- shared with emergency_views -----------------------------------------------------------


def person_param(request: HttpRequest, name: str = "person") -> Person | None:
    """The person named by ``?person=<pk>`` if the user may see them (404 otherwise);
    None when the parameter is absent. Not audited: the caller shows only the name, or
    audits what it writes."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return person_get(user=request.user, pk=int(raw), audit=False)


def person_candidates(request: HttpRequest, link: Any) -> tuple[str, list[tuple[Person, str]]]:
    """For a page that needs a person first: the typed query and up to 20 live persons the
    user may see, each with the link ``link(person)``."""
    query = request.GET.get("q", "").strip()[:100]
    if not query:
        return "", []
    found = list(
        person_list(user=request.user, query=query)
        .prefetch_related("assigned_staff")
        .order_by("search_key", "pk")[:CANDIDATE_LIMIT]
    )
    audit_list_view(request, target_type=Person, ids=(p.pk for p in found), label="pick")
    return query, [(p, link(p)) for p in found]


def with_query(base: str, **params: Any) -> str:
    return f"{base}?{urlencode(params)}"


def _choice(request: HttpRequest, name: str, choices: Any) -> str:
    value = request.GET.get(name, "")
    return value if value in {c.value for c in choices} else ""


def page_of(request: HttpRequest, queryset: Any) -> tuple[Any, str]:
    """One page of a list of personal records, audited (the query and the ids on it)."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_list_view(request, target_type=queryset.model, ids=(r.pk for r in page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def person_or_pick(
    request: HttpRequest, url_name: str, template: str
) -> tuple[Person | None, HttpResponse | None]:
    """The person a "new record" page is for (``?person=``), or the page that picks one
    first (a search whose results link back to ``url_name``), or a redirect when the person
    was merged away. Exactly one of the two is not None."""
    person = person_param(request)
    if person is None:
        base = reverse(url_name)
        query, candidates = person_candidates(request, lambda p: with_query(base, person=p.pk))
        return None, render(
            request, template, {"pick": True, "query": query, "candidates": candidates}
        )
    return person, refuse_merged(request, person)


def refuse_merged(request: HttpRequest, person: Person) -> HttpResponse | None:
    if person.merged_into_id is None:
        return None
    messages.error(request, _("統合済みの記録には追加できません。統合先の記録を開いてください。"))
    return redirect("people:detail", pk=person.pk)


# --- 成年後見制度利用支援 ----------------------------------------------------------------------


@capability_required(*PERSONAL)
def guardianship_list(request: HttpRequest) -> HttpResponse:
    person = person_param(request)
    status = _choice(request, "status", GuardianshipStatus)
    petitioner = _choice(request, "petitioner", Petitioner)
    everything = selectors.guardianship_case_list(user=request.user, person=person)
    cases = everything
    if status:
        cases = cases.filter(status=status)
    if petitioner:
        cases = cases.filter(petitioner=petitioner)
    page, query = page_of(request, cases)
    return render(
        request,
        "safeguarding/guardianship_list.html",
        {
            "page": page,
            "query": query,
            "person": person,
            "status": status,
            "petitioner": petitioner,
            "statuses": GuardianshipStatus.choices,
            "petitioners": Petitioner.choices,
            "status_counts": selectors.guardianship_status_counts(everything),
        },
    )


@capability_required(*PERSONAL)
def guardianship_new(request: HttpRequest) -> HttpResponse:
    person, early = person_or_pick(request, "safeguarding:guardianship_new", "safeguarding/guardianship_form.html")
    if early is not None:
        return early
    form = GuardianshipCaseForm(
        request.POST or None,
        staff_choices=staff_choices(user=request.user),
        initial={"staff": request.user},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.guardianship_case_create(
                actor=request.user,
                region=request.user.region,
                person=person,
                organization=request.user.organization,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("成年後見制度の利用支援を記録しました。"))
            return redirect("safeguarding:guardianship_detail", pk=case.pk)
    return render(
        request, "safeguarding/guardianship_form.html", {"form": form, "person": person}
    )


@capability_required(*PERSONAL)
def guardianship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case, and the form to update it (status, petition, decision, notes)."""
    posted = request.method == "POST"
    case = selectors.guardianship_case_get(user=request.user, pk=pk, audit=not posted)
    initial = {
        name: getattr(case, name)
        for name in ("need", "status", "petitioner", "filed_on", "kind", "guardian_type",
                     "decided_on", "note", "staff")
    }
    form = GuardianshipCaseForm(
        request.POST if posted else None,
        staff_choices=staff_choices(user=request.user),
        initial=initial,
    )
    if posted and form.is_valid():
        try:
            services.guardianship_case_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            case.refresh_from_db()
        else:
            messages.success(request, _("成年後見制度の利用支援を更新しました。"))
            return redirect("safeguarding:guardianship_detail", pk=case.pk)
    if posted:  # the record is shown again, with the form's errors
        selectors.guardianship_case_get(user=request.user, pk=pk)
    return render(
        request,
        "safeguarding/guardianship_detail.html",
        {"case": case, "form": form},
        status=400 if posted else 200,
    )


# --- 日常生活自立支援事業 ---------------------------------------------------------------------


@capability_required(*PERSONAL)
def daily_life_list(request: HttpRequest) -> HttpResponse:
    person = person_param(request)
    status = _choice(request, "status", DailyLifeSupportStatus)
    referrals = selectors.daily_life_referral_list(user=request.user, person=person, status=status)
    page, query = page_of(request, referrals)
    return render(
        request,
        "safeguarding/daily_life_list.html",
        {
            "page": page,
            "query": query,
            "person": person,
            "status": status,
            "statuses": DailyLifeSupportStatus.choices,
        },
    )


@capability_required(*PERSONAL)
def daily_life_new(request: HttpRequest) -> HttpResponse:
    person, early = person_or_pick(request, "safeguarding:daily_life_new", "safeguarding/daily_life_form.html")
    if early is not None:
        return early
    form = DailyLifeReferralForm(
        request.POST or None, initial=DailyLifeReferralForm.default_initial()
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.daily_life_referral_create(
                actor=request.user,
                region=request.user.region,
                person=person,
                organization=request.user.organization,
                staff=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("日常生活自立支援事業へのつなぎを記録しました。"))
            return redirect("safeguarding:daily_life_detail", pk=referral.pk)
    return render(request, "safeguarding/daily_life_form.html", {"form": form, "person": person})


@capability_required(*PERSONAL)
def daily_life_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posted = request.method == "POST"
    referral = selectors.daily_life_referral_get(user=request.user, pk=pk, audit=not posted)
    initial = {
        name: getattr(referral, name)
        for name in ("referred_on", "to_organization", "services", "status", "note")
    }
    form = DailyLifeReferralForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.daily_life_referral_update(
                actor=request.user, referral=referral, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            referral.refresh_from_db()
        else:
            messages.success(request, _("日常生活自立支援事業へのつなぎを更新しました。"))
            return redirect("safeguarding:daily_life_detail", pk=referral.pk)
    if posted:
        selectors.daily_life_referral_get(user=request.user, pk=pk)
    return render(
        request,
        "safeguarding/daily_life_detail.html",
        {"referral": referral, "form": form},
        status=400 if posted else 200,
    )
