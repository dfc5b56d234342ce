"""The public answer form of a needs survey (no login). Anonymous: nothing about the resident
is asked or kept. One submit per form: the form carries a signed one-time number, and an
answer with a number already used is not counted again; after answering, a cookie shows the
thank-you page instead of the form (a resident can still answer again from another device —
there is no personal data to tell residents apart)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tsunagu.assessment import selectors, services
from tsunagu.assessment.surveys import ResponseForm

COOKIE_MAX_AGE = 180 * 24 * 3600


def _cookie(survey) -> str:
    return f"survey_{survey.pk}_answered"


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, region_code: str, token: str) -> HttpResponse:
    item = selectors.public_survey_get(region_code, token)
    if request.method != "POST" and request.COOKIES.get(_cookie(item)) == "1" and "again" not in request.GET:
        return redirect("assessment_public:thanks", region_code=region_code, token=token)
    form = ResponseForm(request.POST or None, survey=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                survey=item,
                municipality=form.cleaned_data.get("municipality"),
                answers=form.answers(),
                nonce=form.cleaned_data["nonce"],
            )
        except services.DuplicateSubmission:
            pass  # the same form twice: the first is kept
        response = redirect("assessment_public:thanks", region_code=region_code, token=token)
        response.set_cookie(_cookie(item), "1", max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax")
        return response
    return render(request, "assessment/public_survey.html", {
        "survey": item, "region": item.region, "form": form,
        "title": item.title,
    })


@require_http_methods(["GET", "HEAD"])
def thanks(request: HttpRequest, region_code: str, token: str) -> HttpResponse:
    item = selectors.public_survey_get(region_code, token)
    return render(request, "assessment/public_thanks.html", {
        "survey": item, "region": item.region, "message": _("ご回答ありがとうございました。"),
    })
