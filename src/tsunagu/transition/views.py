"""Pages of 地域移行・地域定着: the list (who is in a hospital or facility now, who has
地域定着支援), a person's records, a stay with its steps, a 定着支援 with its 24-hour contacts
and 緊急時の対応. Center staff and 管理者 only (PERSONAL_ALL; selectors scope by region).
Every page that shows a record writes an 閲覧 entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_list_view
from tsunagu.core.forms import add_errors
from tsunagu.people.selectors import person_get, person_get_live
from tsunagu.transition import selectors, services
from tsunagu.transition.figures import transition_figures
from tsunagu.transition.forms import (
    ContactForm,
    ResponseForm,
    SettlementForm,
    StayForm,
    StepForm,
)

CAP = selectors.CAPABILITY
LIST_LIMIT = 300


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    person: Any,
    title: str,
    save: Callable[[dict], Any],
    success: str,
    url_name: str,
    target: Any = None,
) -> HttpResponse:
    """A form about ``person`` on transition/form.html: on a valid POST ``save(cleaned_data)``
    (a service; its errors go onto the form), then the page ``url_name`` of ``target`` (by
    default the record saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(url_name, pk=(saved if target is None else target).pk)
    return render(
        request, "transition/form.html", {"form": form, "person": person, "title": title}
    )


@capability_required(CAP)
def overview(request: HttpRequest) -> HttpResponse:
    """入院・入所中の人 and 地域定着支援 in progress, and this 年度's counts."""
    today = dates.today_local()
    stays = list(selectors.stay_list(user=request.user).filter(left_on__isnull=True)[:LIST_LIMIT])
    supports = list(
        selectors.settlement_list(user=request.user).filter(ends_on__isnull=True)[:LIST_LIMIT]
    )
    audit_list_view(
        request,
        target_type="transition.institutionstay",
        ids=[s.pk for s in stays],
        label="list",
    )
    if supports:
        audit_list_view(
            request,
            target_type="transition.settlementsupport",
            ids=[s.pk for s in supports],
            label="list",
        )
    year = dates.fiscal_year(today)
    return render(
        request,
        "transition/overview.html",
        {
            "stays": stays,
            "supports": supports,
            "year_label": dates.fiscal_year_label(year),
            "figures": transition_figures(region=request.user.region_id, fiscal_year=year),
        },
    )


@capability_required(CAP)
def person_records(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    return render(
        request,
        "transition/person.html",
        {
            "person": person,
            "stays": list(
                selectors.stay_list(user=request.user)
                .filter(person=person)
                .prefetch_related("steps")
            ),
            "supports": list(selectors.settlement_list(user=request.user).filter(person=person)),
        },
    )


@capability_required(CAP)
def stay_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_live(user=request.user, pk=person_pk)
    return _form_page(
        request,
        StayForm(request.POST or None),
        person=person,
        title=_("入院・入所を登録"),
        save=lambda data: services.stay_create(
            actor=request.user,
            person=person,
            staff=request.user,
            organization=request.user.organization,
            **data,
        ),
        success=_("入院・入所を登録しました。"),
        url_name="transition:stay_detail",
    )


@capability_required(CAP)
def stay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.stay_get(user=request.user, pk=pk)
    return render(request, "transition/stay_detail.html", {"stay": stay})


@capability_required(CAP)
def step_new(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.stay_get(user=request.user, pk=pk, audit=request.method != "POST")
    return _form_page(
        request,
        StepForm(request.POST or None, initial={"on": dates.today_local()}),
        person=stay.person,
        title=_("地域移行支援を記録"),
        save=lambda data: services.step_record(
            actor=request.user, stay=stay, staff=request.user, **data
        ),
        success=_("地域移行支援を記録しました。"),
        url_name="transition:stay_detail",
        target=stay,
    )


@capability_required(CAP)
def settlement_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_live(user=request.user, pk=person_pk)
    return _form_page(
        request,
        SettlementForm(request.POST or None, initial={"starts_on": dates.today_local()}),
        person=person,
        title=_("地域定着支援を開始"),
        save=lambda data: services.settlement_create(
            actor=request.user,
            person=person,
            staff=request.user,
            organization=request.user.organization,
            **data,
        ),
        success=_("地域定着支援を開始しました。緊急連絡先を登録してください。"),
        url_name="transition:settlement_detail",
    )


@capability_required(CAP)
def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.settlement_get(user=request.user, pk=pk)
    return render(request, "transition/settlement_detail.html", {"support": support})


@capability_required(CAP)
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.settlement_get(user=request.user, pk=pk, audit=request.method != "POST")
    return _form_page(
        request,
        ContactForm(request.POST or None),
        person=support.person,
        title=_("緊急連絡先を登録"),
        save=lambda data: services.contact_add(actor=request.user, support=support, **data),
        success=_("緊急連絡先を登録しました。"),
        url_name="transition:settlement_detail",
        target=support,
    )


@capability_required(CAP)
def response_new(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.settlement_get(user=request.user, pk=pk, audit=request.method != "POST")
    return _form_page(
        request,
        ResponseForm(request.POST or None, initial={"occurred_at": dates.now_local()}),
        person=support.person,
        title=_("緊急時の対応を記録"),
        save=lambda data: services.response_record(
            actor=request.user, support=support, staff=request.user, **data
        ),
        success=_("緊急時の対応を記録しました。"),
        url_name="transition:settlement_detail",
        target=support,
    )
