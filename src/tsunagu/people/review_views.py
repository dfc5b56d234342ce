"""Center staff's review list of possible duplicates that the registrant could not be shown
(records outside their scope): open the merge flow, or confirm they are different people."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.core.dates import today_local
from tsunagu.core.roles import Capability
from tsunagu.people import review_services, selectors

PAGE_SIZE = 50


@capability_required(Capability.PERSONAL_ALL)
def duplicate_review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.duplicate_review_list(user=request.user)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    selectors.duplicate_review_list_viewed(user=request.user, reviews=items)
    today = today_local()
    rows = [(r, r.person.age_on(today), r.existing.age_on(today)) for r in items]
    return render(request, "people/duplicate_review.html", {"page": page, "rows": rows})


@capability_required(Capability.PERSONAL_ALL)
@require_POST
def duplicate_review_close(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.duplicate_review_get(user=request.user, pk=pk)
    review_services.duplicate_review_close(actor=request.user, review=review)
    messages.success(request, _("別人として確認済みにしました。"))
    return redirect("people:duplicate_review")
