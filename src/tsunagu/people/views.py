from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.core.access import capability_required
from tsunagu.core.roles import Capability
from tsunagu.people import selectors

PAGE_SIZE = 50


@capability_required(Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(user=request.user, query=query)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = urlencode({"q": query}) if query else ""
    return render(
        request,
        "people/person_list.html",
        {"page": page, "query": query, "query_string": query_string},
    )


@capability_required(Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    organizations = person.assigned_organizations.all()
    return render(
        request, "people/person_detail.html", {"person": person, "organizations": organizations}
    )
