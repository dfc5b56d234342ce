"""The person list, the person page (timeline) and the offline postal-code lookup.

Creating and editing: edit_views; certificates and caregivers: detail_views; consents and
sharing: consent_views; merging duplicates: merge_views."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tsunagu.core.access import capability_required, user_can
from tsunagu.core.audit import audit_list_view
from tsunagu.core.dataversion import cached_for_user
from tsunagu.core.dates import today_local
from tsunagu.core.postal import postal_answer
from tsunagu.core.roles import Capability
from tsunagu.people import selectors
from tsunagu.people.forms import (
    CaregiverForm,
    CertificateForm,
    ConsentForm,
    ShareForm,
    add_service_errors,
)
from tsunagu.people.models import Person

PAGE_SIZE = 50
PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


@capability_required(*PERSONAL)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = selectors.person_search_page(
        user=request.user, query=query, page=request.GET.get("page"), per_page=PAGE_SIZE
    )
    query_string = urlencode({"q": query}) if query else ""
    audit_list_view(request, target_type=Person, ids=(p.pk for p in page.object_list))
    return render(
        request,
        "people/person_list.html",
        {"page": page, "query": query, "query_string": query_string},
    )


def back_to_person(person: Person, anchor: str = "") -> HttpResponse:
    """Redirect to the person page, at the section ``anchor`` (e.g. "#consents")."""
    return redirect(reverse("people:detail", args=[person.pk]) + anchor)


def live_person(request: HttpRequest, pk: int, *, audit: bool = False) -> Person | HttpResponse:
    """The person to change (404 if not visible), or a redirect if it was merged away.

    Not audited as a view by default: the change made with it is audited instead."""
    try:
        return selectors.person_get_live(user=request.user, pk=pk, audit=audit)
    except selectors.PersonMerged as merged:
        messages.error(request, _("統合済みの記録は変更できません。統合先の記録を開いてください。"))
        return redirect("people:detail", pk=merged.person.pk)


def render_subform(
    request: HttpRequest, person: Person, form, *, title: str, action: str, submit: str
) -> HttpResponse:
    """A small page with one form about a person (GET, or a POST with errors)."""
    return render(
        request,
        "people/person_subform.html",
        {"person": person, "form": form, "title": title, "action": action, "submit": submit},
    )


def person_subform(
    request: HttpRequest,
    pk: int,
    *,
    make_form: Callable[[Any, Person], Any],
    write: Callable[[Person, dict], Any],
    success: str | Callable[[dict], str],
    anchor: str,
    title: str,
    url_name: str,
    submit: str,
) -> HttpResponse:
    """A form adding something to a live person (certificates, caregivers, consents,
    sharing): ``write(person, cleaned_data)`` on a valid POST, then back to the person page
    at ``anchor`` with ``success``; else the form on a page of its own (render_subform),
    the service's errors on it. Shown (GET) is a 閲覧; posted, the write is audited."""
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    form = make_form(request.POST or None, person)
    if request.method == "POST" and form.is_valid():
        try:
            write(person, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return back_to_person(person, anchor)
    return render_subform(
        request,
        person,
        form,
        title=title,
        action=reverse(url_name, args=[person.pk]),
        submit=submit,
    )


def person_item_remove(
    request: HttpRequest,
    pk: int,
    item_pk: int,
    *,
    related: str,
    remove: Callable[[Any], Any],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Remove (or end) one of a live person's ``related`` items by ``remove(item)``, then back
    to the person page at ``anchor``; a refusal (ValidationError) is shown as a message."""
    person = live_person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    item = get_object_or_404(getattr(person, related), pk=item_pk)
    try:
        remove(item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return back_to_person(person, anchor)


@capability_required(*PERSONAL)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_page(user=request.user, pk=pk)
    today = today_local()
    context = {
        "person": person,
        "today": today,
        "age": person.age_on(today),
        "disabilities": person.disabilities.all(),
        "certificates": person.certificates.all(),
        "caregivers": [(c, c.age_in(today.year)) for c in person.caregivers.all()],
        "consents": [(c, c.status_on(today)) for c in person.consents.all()],
        "organizations": person.assigned_organizations.all(),
        "ended_consent": selectors.consent_organization_flags(person, today),
        "staff": person.assigned_staff.all(),
        "can_merge": user_can(request.user, Capability.PERSONAL_ALL),
    }
    if person.merged_into_id is None:
        context.update(
            sections=selectors.person_sections(user=request.user, person=person),
            timeline=selectors.person_timeline(
                user=request.user,
                person=person,
                limit=selectors.timeline_size(request.GET.get("history")),
            ),
            certificate_form=CertificateForm(),
            caregiver_form=CaregiverForm(),
            consent_form=ConsentForm(user=request.user),
            share_form=ShareForm(user=request.user, person=person),
        )
        context["person_forms"] = _person_forms_html(request.user, person, context)
    return render(request, "people/person_detail.html", context)


def _person_forms_html(user: Any, person: Person, context: dict) -> dict[str, str]:
    """The fields of the page's four empty forms (certificate, caregiver, consent, sharing),
    rendered once and kept for this user and person under the region's data version
    (core.dataversion): their choices (the region's organizations, the person's assigned
    ones) change only by an audited write. Rendering their widgets was a fifth of the page's
    time, with two queries for the choices (issue 25). Nothing typed is in them: the forms
    posted are handled, and their errors shown, by the views they post to."""

    def render_all() -> dict[str, str]:
        return {
            name: render_to_string("people/_fields.html", {"form": context[f"{name}_form"]})
            for name in ("certificate", "caregiver", "consent", "share")
        }

    return cached_for_user(
        user, f"people:person-forms:{person.pk}:{get_language()}", render_all
    )


@require_GET
@capability_required(*PERSONAL)
def postal_lookup(request: HttpRequest, code: str) -> JsonResponse:
    """郵便番号 → 住所 for the person form (tsunagu.core.postal)."""
    return postal_answer(code, region_id=request.user.region_id)

