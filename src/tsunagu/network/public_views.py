"""Public event pages (no login): the region's public events, the registration form, the
cancellation and feedback links from the mails.

Never shown here: registrants, the online link, anything of a non-public event. Links in
mails carry signed tokens (``tsunagu.network.tokens``); a bad or foreign token is 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tsunagu.core.models import Region
from tsunagu.network import registration_services, selectors, tokens
from tsunagu.network.forms import FeedbackForm, RegistrationForm
from tsunagu.network.models import AttendanceMode, RegistrationStatus


def _region(region_code: str) -> Region:
    return get_object_or_404(Region, code=region_code)


def event_list(request: HttpRequest, region_code: str) -> HttpResponse:
    region = _region(region_code)
    return render(
        request,
        "network/public_event_list.html",
        {"region": region, "events": list(selectors.public_event_list(region)[:200])},
    )


def _modes(event) -> list[dict]:
    return [
        {
            "label": mode.label,
            "capacity": event.capacity(mode.value),
            "free": selectors.seats_free(event, mode.value),
        }
        for mode in AttendanceMode
        if event.offers(mode.value)
    ]


def event_detail(request: HttpRequest, region_code: str, pk: int) -> HttpResponse:
    region = _region(region_code)
    event = selectors.public_event_get(region, pk)
    is_open = selectors.registration_open(event)
    form = RegistrationForm(event=event) if is_open else None
    if request.method == "POST" and is_open:
        form = RegistrationForm(request.POST, event=event)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_services.registration_create(
                    event=event,
                    mode=data["mode"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    party_size=data["party_size"],
                )
            except registration_services.RegistrationClosed:
                form.add_error(None, _("この行事の申込みは締め切りました。"))
            except ValidationError as error:
                form.add_error(None, error)  # a dict of fields or a general error
            else:
                outcome = (
                    "confirmed"
                    if registration.status == RegistrationStatus.CONFIRMED
                    else "waitlisted"
                )
                if not registration.email:
                    outcome += "-phone"
                return redirect("network_public:registered", region.code, event.pk, outcome)
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    return render(
        request,
        "network/public_event_detail.html",
        {"region": region, "event": event, "form": form, "open": is_open, "modes": _modes(event)},
        status=200 if form is None or not form.errors else 400,
    )


def registered(request: HttpRequest, region_code: str, pk: int, outcome: str) -> HttpResponse:
    region = _region(region_code)
    event = selectors.public_event_get(region, pk)
    if outcome not in ("confirmed", "waitlisted", "confirmed-phone", "waitlisted-phone"):
        return redirect("network_public:event_detail", region.code, event.pk)
    return render(
        request,
        "network/public_registered.html",
        {"region": region, "event": event, "waitlisted": outcome.startswith("waitlisted"),
         "by_phone": outcome.endswith("-phone")},
    )


def cancel(request: HttpRequest, region_code: str, token: str) -> HttpResponse:
    region = _region(region_code)
    registration = selectors.registration_for_token(tokens.cancel_token_pk(token), region)
    if request.method == "POST":
        registration_services.registration_cancel(registration=registration)
        return render(
            request,
            "network/public_cancel.html",
            {"region": region, "event": registration.event, "done": True},
        )
    return render(
        request,
        "network/public_cancel.html",
        {
            "region": region,
            "event": registration.event,
            "already": registration.status == RegistrationStatus.CANCELLED,
        },
    )


def feedback(request: HttpRequest, region_code: str, token: str) -> HttpResponse:
    region = _region(region_code)
    registration = selectors.registration_for_token(tokens.feedback_token_pk(token), region)
    event = registration.event
    form = FeedbackForm()
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            registration_services.feedback_submit(
                event=event, registration=registration, **form.cleaned_data
            )
            return render(
                request,
                "network/public_feedback.html",
                {"region": region, "event": event, "done": True},
            )
    return render(
        request,
        "network/public_feedback.html",
        {"region": region, "event": event, "form": form},
        status=400 if form.errors else 200,
    )
