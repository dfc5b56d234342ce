"""Pages of a person's plans and assessments: the list of both, and the assessment forms.

Who may change an assessment: see ``selectors.may_change`` (others who may see it get 403)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.forms import add_errors
from tsunagu.core.roles import Capability
from tsunagu.people.selectors import person_get, person_get_live
from tsunagu.plans import selectors, services
from tsunagu.plans.forms import (
    AssessmentForm,
)
from tsunagu.plans.services import ASSESSMENT_FIELDS

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)




@capability_required(*PERSONAL)
def person_plans(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    plans, assessments = selectors.person_plans(user=request.user, person=person)
    return render(
        request,
        "plans/person_plans.html",
        {
            "person": person,
            "plans": plans,
            "assessments": assessments,
            "today": dates.today_local(),
        },
    )


# ---- assessments ----------------------------------------------------------------------


@capability_required(*PERSONAL)
def assessment_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_live(user=request.user, pk=person_pk)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": dates.today_local()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                actor=request.user,
                person=person,
                organization=request.user.organization,
                staff=request.user,
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("アセスメントを記録しました。"))
            return redirect("plans:assessment_detail", pk=assessment.pk)
    return render(request, "plans/assessment_form.html", {"form": form, "person": person})


@capability_required(*PERSONAL)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return render(
        request,
        "plans/assessment_detail.html",
        {
            "a": assessment,
            "can_change": selectors.may_change(user=request.user, record=assessment),
            "plans": list(assessment.plans.order_by("-version")),
        },
    )


@capability_required(*PERSONAL)
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk, audit=request.method != "POST")
    selectors.require_change(user=request.user, record=assessment)
    initial = model_to_dict(assessment, fields=ASSESSMENT_FIELDS)
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                actor=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("アセスメントを更新しました。"))
            return redirect("plans:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "plans/assessment_form.html",
        {"form": form, "person": assessment.person, "editing": assessment},
    )
