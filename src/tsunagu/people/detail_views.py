"""Adding and removing a person's certificates (障害者手帳) and caregivers (家族・介護者).

The add forms sit on the person page and post here; a GET (or a POST with errors) shows the
form on a page of its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.people import services
from tsunagu.people.forms import CaregiverForm, CertificateForm, add_service_errors
from tsunagu.people.views import PERSONAL, back_to_person, live_person, render_subform


@capability_required(*PERSONAL)
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, grade = form.cleaned_data["grade"]
        try:
            services.certificate_add(
                actor=request.user,
                person=person,
                kind=kind,
                grade=grade,
                body_parts=form.cleaned_data["body_parts"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("障害者手帳を追加しました。"))
            return back_to_person(person, "#certificates")
    return render_subform(
        request,
        person,
        form,
        title=_("障害者手帳を追加"),
        action=reverse("people:certificate_add", args=[person.pk]),
        submit=_("追加"),
    )


@capability_required(*PERSONAL)
@require_POST
def certificate_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    person = live_person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    certificate = get_object_or_404(person.certificates, pk=item_pk)
    services.certificate_remove(actor=request.user, certificate=certificate)
    messages.success(request, _("障害者手帳を削除しました。"))
    return back_to_person(person, "#certificates")


@capability_required(*PERSONAL)
def caregiver_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    form = CaregiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.caregiver_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("家族・介護者を追加しました。"))
            return back_to_person(person, "#caregivers")
    return render_subform(
        request,
        person,
        form,
        title=_("家族・介護者を追加"),
        action=reverse("people:caregiver_add", args=[person.pk]),
        submit=_("追加"),
    )


@capability_required(*PERSONAL)
@require_POST
def caregiver_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    person = live_person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    caregiver = get_object_or_404(person.caregivers, pk=item_pk)
    services.caregiver_remove(actor=request.user, caregiver=caregiver)
    messages.success(request, _("家族・介護者を削除しました。"))
    return back_to_person(person, "#caregivers")
