"""Needs surveys (define, open on the web, import answer sheets, tabulate, tag free text) and
hearings / 住民座談会. View: AGGREGATES or DEIDENTIFIED; edit: COUNCIL. Free-text answers
are shown to the council only (who tags them)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.assessment import selectors, services, surveys
from tsunagu.assessment.forms import (
    AnswerSheetForm,
    HearingForm,
    QuestionForm,
    SurveyForm,
    TagForm,
)
from tsunagu.assessment.models import QuestionKind
from tsunagu.core import dates
from tsunagu.core.access import capability_required, user_can
from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.needs.selectors import need_categories

READ = (Capability.AGGREGATES, Capability.DEIDENTIFIED)


def _can_edit(request: HttpRequest) -> bool:
    return user_can(request.user, Capability.COUNCIL)


@capability_required(*READ)
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/survey_list.html", {
        "surveys": selectors.survey_list(user=request.user),
        "can_edit": _can_edit(request),
    })


@capability_required(Capability.COUNCIL)
def survey_new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(actor=request.user, region=request.user.region,
                                        **form.cleaned_data)
        messages.success(request, _("調査を作成しました。質問を追加してください。"))
        return redirect("assessment:survey", pk=survey.pk)
    return render(request, "assessment/survey_form.html", {"form": form, "survey": None})


@capability_required(Capability.COUNCIL)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    initial = {f: getattr(survey, f) for f in SurveyForm.base_fields}
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        messages.success(request, _("保存しました。"))
        return redirect("assessment:survey", pk=survey.pk)
    return render(request, "assessment/survey_form.html", {"form": form, "survey": survey})


def _crosstab(request: HttpRequest, survey, questions):
    choice_like = [q for q in questions if q.is_choice or q.kind == QuestionKind.SCALE]
    row_key, col_key = request.GET.get("row", ""), request.GET.get("col", "")
    by_id = {str(q.pk): q for q in choice_like}
    if not col_key or col_key not in by_id:
        return choice_like, None
    row = "municipality" if row_key == "municipality" else by_id.get(row_key)
    if row is None:
        return choice_like, None
    return choice_like, surveys.crosstab(survey, row, by_id[col_key])


@capability_required(*READ)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    total, results = surveys.tabulate(survey)
    questions = [r.question for r in results]
    choice_like, table = _crosstab(request, survey, questions)
    can_edit = _can_edit(request)
    public_url = request.build_absolute_uri(
        reverse("assessment_public:survey", args=[survey.region.code, survey.token])
    )
    return render(request, "assessment/survey_detail.html", {
        "survey": survey,
        "total": total,
        "results": results,
        "choice_questions": choice_like,
        "crosstab": table,
        "row_key": request.GET.get("row", ""),
        "col_key": request.GET.get("col", ""),
        "can_edit": can_edit,
        "question_form": QuestionForm() if can_edit and not total else None,
        "sheet_form": AnswerSheetForm() if can_edit else None,
        "public_url": public_url,
        "template_header": ",".join(surveys.template_header(survey)),
        "today": dates.wareki(dates.today_local()),
    })


@capability_required(Capability.COUNCIL)
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey,
                                  text=form.cleaned_data["text"], kind=form.cleaned_data["kind"],
                                  choices=form.choice_list(),
                                  required=form.cleaned_data["required"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("質問を追加しました。"))
    else:
        messages.error(request, _("質問と回答の形式を入れてください。"))
    return redirect("assessment:survey", pk=survey.pk)


@capability_required(Capability.COUNCIL)
@require_POST
def question_delete(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    try:
        services.question_delete(actor=request.user,
                                 question=selectors.question_get(survey, question))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("質問を削除しました。"))
    return redirect("assessment:survey", pk=survey.pk)


@capability_required(Capability.COUNCIL)
def survey_import(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    form = AnswerSheetForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = surveys.parse_answer_sheet(survey, upload, upload.name)
        errors = [str(e) for e in result.errors]
        if not errors:
            n = services.responses_import(actor=request.user, survey=survey, rows=result.rows)
            messages.success(request, _("回答 %(n)d 件を取り込みました。") % {"n": n})
            return redirect("assessment:survey", pk=survey.pk)
    return render(request, "assessment/survey_import.html", {
        "survey": survey, "form": form, "errors": errors,
        "template_header": ",".join(surveys.template_header(survey)),
    })


@capability_required(*READ)
def survey_template(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    response = HttpResponse(csv_bytes(surveys.template_header(survey), []),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response


@capability_required(Capability.COUNCIL)
def survey_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Free-text answers with their tags (課題分類), for the council."""
    survey = selectors.survey_get(user=request.user, pk=pk)
    page = Paginator(selectors.text_answers(survey), 30).get_page(request.GET.get("page"))
    region = request.user.region
    categories = {c.code: c for c in need_categories(region)}
    items = []
    for a in page.object_list:
        tags = list(a.tags.all())
        suggested = [] if tags else _suggest(a.text, categories)
        items.append({
            "answer": a,
            "suggested": suggested,
            "form": TagForm(region=region, initial={"categories": tags or suggested},
                            prefix=f"a{a.pk}"),
        })
    return render(request, "assessment/survey_answers.html", {
        "survey": survey, "page": page, "items": items,
    })


def _suggest(text: str, categories: dict) -> list:
    """Categories the needs thesaurus finds in ``text`` (tsunagu.needs.analysis), as a
    starting point the council confirms."""
    from tsunagu.needs import analysis

    codes = analysis.suggest_categories(text[:2000], limit=2)
    return [categories[code] for code, _score in codes if code in categories]


@capability_required(Capability.COUNCIL)
@require_POST
def answer_tag(request: HttpRequest, pk: int, answer: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    item = selectors.answer_get(survey, answer)
    form = TagForm(request.POST, region=request.user.region, prefix=f"a{item.pk}")
    if form.is_valid():
        services.answer_tag(actor=request.user, answer=item,
                            categories=form.cleaned_data["categories"])
        messages.success(request, _("分類を保存しました。"))
    else:
        messages.error(request, _("分類を選び直してください。"))
    page = int_param(request.POST.get("page"), low=1)
    url = reverse("assessment:survey_answers", args=[survey.pk])
    return redirect(f"{url}?page={page}" if page else url)


# ---- hearings --------------------------------------------------------------------------


@capability_required(*READ)
def hearing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.hearing_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "assessment/hearing_list.html", {
        "page": page, "can_edit": _can_edit(request),
    })


@capability_required(Capability.COUNCIL)
def hearing_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    region = request.user.region
    hearing = selectors.hearing_get(user=request.user, pk=pk) if pk is not None else None
    initial = {"categories": list(hearing.categories.all())} if hearing else {}
    form = HearingForm(request.POST or None, instance=hearing, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in HearingForm.Meta.fields}
        try:
            services.hearing_save(actor=request.user, region=region, hearing=hearing,
                                  categories=form.cleaned_data["categories"], **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("記録を保存しました。"))
            return redirect("assessment:hearing_list")
    return render(request, "assessment/hearing_form.html", {"form": form, "hearing": hearing})
