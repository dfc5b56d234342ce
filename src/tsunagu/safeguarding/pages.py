"""What the pages of the safeguarding sub-areas share (rights, emergency): the person a page is
for (``?person=``, or a search to pick one first), one audited page of a list, and the steps
of a page that records something new about a person."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_list_view
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.people.forms import add_service_errors
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_get, person_list

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50
CANDIDATE_LIMIT = 20


def person_param(request: HttpRequest, name: str = "person") -> Person | None:
    """The person named by ``?person=<pk>`` if the user may see them (404 otherwise);
    None when the parameter is absent. Not audited: the caller shows only the name, or
    audits what it writes."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    pk = id_param(raw)
    if pk is None:
        raise Http404
    return person_get(user=request.user, pk=pk, audit=False)


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


def choice_param(request: HttpRequest, name: str, choices: Any) -> str:
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


def record_form_saved(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict], Any],
    success: str,
    url_name: str,
    record: Any = None,
) -> HttpResponse | None:
    """A valid POST of ``form``, saved by ``save(cleaned_data)`` (a service returning the
    record): the record's page ``url_name`` with ``success``. Otherwise None, and the page is
    shown again: the service's errors on the form, and ``record`` (the one being changed,
    if any) as stored."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        if record is not None:
            record.refresh_from_db()
        return None
    messages.success(request, success)
    return redirect(url_name, pk=saved.pk)


def record_new_page(
    request: HttpRequest,
    *,
    url_name: str,
    template: str,
    make_form: Callable[[Any], Any],
    create: Callable[[Person, dict], Any],
    success: str,
    detail_url_name: str,
    context: Callable[[Person], dict] | None = None,
) -> HttpResponse:
    """The page recording something new about a person: the person first (person_or_pick),
    then the form; ``create(person, cleaned_data)`` on a valid POST."""
    person, early = person_or_pick(request, url_name, template)
    if early is not None:
        return early
    form = make_form(request.POST or None)
    saved = record_form_saved(
        request,
        form,
        save=lambda data: create(person, data),
        success=success,
        url_name=detail_url_name,
    )
    if saved is not None:
        return saved
    extra = context(person) if context is not None else {}
    return render(request, template, {"form": form, "person": person, **extra})


def record_detail_page(
    request: HttpRequest,
    pk: int,
    *,
    get: Callable[..., Any],
    make_form: Callable[[Any, Any], Any],
    update: Callable[[Any, dict], Any],
    success: str,
    url_name: str,
    template: str,
    name: str,
    context: Callable[[Any], dict] | None = None,
) -> HttpResponse:
    """The page of one record with the form to change it: ``get(user=, pk=, audit=)`` (a
    閲覧 when shown, not when posted: the write is audited), ``update(record, cleaned_data)``
    on a valid POST; shown again with the errors (400), it is a 閲覧 again."""
    posted = request.method == "POST"
    record = get(user=request.user, pk=pk, audit=not posted)
    form = make_form(request.POST if posted else None, record)
    saved = record_form_saved(
        request,
        form,
        save=lambda data: update(record, data),
        success=success,
        url_name=url_name,
        record=record,
    )
    if saved is not None:
        return saved
    if posted:  # the record is shown again, with the form's errors
        get(user=request.user, pk=pk)
    extra = context(record) if context is not None else {}
    return render(
        request, template, {name: record, "form": form, **extra}, status=400 if posted else 200
    )
