"""Registering a person (with the duplicate warning) and editing one."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import locking
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.roles import Capability
from tsunagu.people import review_services, selectors, services
from tsunagu.people.forms import PersonForm, add_service_errors, person_initial
from tsunagu.people.views import PERSONAL, live_person

_DETAIL_FIELDS = (
    "family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date",
    "gender", "postal_code", "municipality", "address", "phone", "email", "contact_note",
    "support_category", "intractable_disease", "school_leaving_year", "external_id",
)  # fmt: skip


def _fields(data: dict) -> dict[str, Any]:
    return {name: data[name] for name in _DETAIL_FIELDS if name in data}


@capability_required(*PERSONAL)
def person_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {}
    if user.organization_id:
        initial["organizations"] = [user.organization_id]
    if selectors.staff_choices(user=user).filter(pk=user.pk).exists():
        initial["staff"] = [user.pk]
    form = PersonForm(request.POST or None, user=user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Only records the user may see are named; the others go, silently for the user, to
        # center staff's review list (review_services): the answer is the same either way.
        duplicates, unseen = selectors.person_duplicates(
            user=user,
            family_name_kana=data["family_name_kana"],
            given_name_kana=data["given_name_kana"],
            birth_date=data["birth_date"],
        )
        if duplicates and not data["confirm_distinct"]:
            form.add_error(
                "confirm_distinct",
                _("同じ人でないことを確かめたら「別人として登録する」を選んでください。"),
            )
        else:
            if user_can(user, Capability.PERSONAL_ALL):
                organizations = list(data["organizations"])
            else:
                organizations = [user.organization]  # provider staff: their own, always
            try:
                person = review_services.person_register(
                    actor=user,
                    unseen_duplicates=unseen,
                    region=user.region,
                    organizations=organizations,
                    staff=list(data["staff"]),
                    disabilities=list(data["disabilities"]),
                    primary_disability=data["primary_disability"],
                    **_fields(data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("利用者を登録しました。"))
                return redirect("people:detail", pk=person.pk)
    form.show_cleaned()
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None, "duplicates": duplicates},
    )


@capability_required(*PERSONAL)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = live_person(request, pk, audit=request.method != "POST")
    if isinstance(person, HttpResponse):
        return person
    user = request.user
    form = PersonForm(
        request.POST or None, user=user, person=person, initial=person_initial(person)
    )
    locking.add_lock_field(form, person)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = locking.submitted_version(form)
        # Staff the user may not choose (another organization's) stay assigned.
        choosable = form.fields["staff"].queryset
        kept = [u for u in person.assigned_staff.all() if u not in choosable]
        changes: dict[str, Any] = {"staff": [*data["staff"], *kept]}
        if "organizations" in form.fields:
            changes["organizations"] = list(data["organizations"])
        try:
            services.person_update(
                actor=user,
                person=person,
                disabilities=list(data["disabilities"]),
                primary_disability=data["primary_disability"],
                lock_version=version,
                **changes,
                **_fields(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except locking.EditConflict:
            person.refresh_from_db()
            current = PersonForm(user=user, person=person, initial=person_initial(person))
            conflict = locking.conflict_context(form, current, person)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("people:detail", pk=person.pk)
    if conflict is None:
        form.show_cleaned()
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "conflict": conflict}
    )
