"""Merging a duplicate into the record being viewed (center staff only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core.access import capability_required
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.people import selectors, services
from tsunagu.people.views import live_person


@capability_required(Capability.PERSONAL_ALL)
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the duplicate (search or likely matches), then confirm with both shown;
    POST: merge the chosen one into this record."""
    is_post = request.method == "POST"
    person = live_person(request, pk, audit=not is_post)
    if isinstance(person, HttpResponse):
        return person
    other_pk = (request.POST if is_post else request.GET).get("other", "")
    if other_pk:
        if id_param(other_pk) is None:
            messages.error(request, _("統合する記録を選んでください。"))
            return redirect("people:merge", pk=person.pk)
        other = selectors.person_get(user=request.user, pk=id_param(other_pk), audit=not is_post)
        if other.pk == person.pk or other.merged_into_id is not None:
            messages.error(request, _("この記録は統合できません。別の記録を選んでください。"))
            return redirect("people:merge", pk=person.pk)
        if is_post:
            try:
                services.person_merge(actor=request.user, keep=person, merge=other)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("people:merge", pk=person.pk)
            messages.success(request, _("重複していた記録を統合しました。"))
            return redirect("people:detail", pk=person.pk)
        return render(
            request,
            "people/person_merge_confirm.html",
            {
                "person": person,
                "other": other,
                "rows": [person, other],
                "counts": selectors.person_record_counts([person, other]),
            },
        )
    query = request.GET.get("q", "")[:100]
    candidates = selectors.merge_candidates(user=request.user, person=person, query=query)
    return render(
        request,
        "people/person_merge.html",
        {"person": person, "candidates": candidates, "query": query},
    )
