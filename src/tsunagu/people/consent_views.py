"""Consent (同意): recording and withdrawing it, and sharing a record (情報提供) under it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.people import services
from tsunagu.people.forms import ConsentForm, ShareForm, add_service_errors
from tsunagu.people.views import PERSONAL, back_to_person, live_person, render_subform


@capability_required(*PERSONAL)
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    form = ConsentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.user,
                person=person,
                scope=data["scope"],
                given_on=data["given_on"],
                expires_on=data["expires_on"],
                organizations=list(data["organizations"]),
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("同意を記録しました。"))
            return back_to_person(person, "#consents")
    return render_subform(
        request,
        person,
        form,
        title=_("同意を記録"),
        action=reverse("people:consent_add", args=[person.pk]),
        submit=_("記録"),
    )


@capability_required(*PERSONAL)
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    person = live_person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    consent = get_object_or_404(person.consents, pk=item_pk)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("同意の撤回を記録しました。"))
    return back_to_person(person, "#consents")


@capability_required(*PERSONAL)
def person_share(request: HttpRequest, pk: int) -> HttpResponse:
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    form = ShareForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            services.person_share(actor=request.user, person=person, organization=organization)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("「%(org)s」に情報を提供しました（担当機関に加えました）。")
                % {"org": organization.name},
            )
            return back_to_person(person, "#assigned")
    return render_subform(
        request,
        person,
        form,
        title=_("情報提供（共有）"),
        action=reverse("people:share", args=[person.pk]),
        submit=_("情報を提供する"),
    )
