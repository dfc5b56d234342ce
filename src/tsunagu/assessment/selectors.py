"""Reads of the assessment, scoped to the user's region (another region's object is 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from tsunagu.assessment.models import (
    Answer,
    Hearing,
    PopulationDataset,
    Question,
    Survey,
)
from tsunagu.core.access import scope_region
from tsunagu.core.models import Municipality, Region


def municipality_get(*, user: Any, code: str) -> Municipality:
    municipality = scope_region(Municipality.objects.all(), user).filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def dataset_list(*, user: Any) -> QuerySet:
    return scope_region(PopulationDataset.objects.all(), user).annotate(
        n_figures=Count("figures")
    )


def dataset_get(*, user: Any, pk: int) -> PopulationDataset:
    dataset = scope_region(PopulationDataset.objects.all(), user).filter(pk=pk).first()
    if dataset is None:
        raise Http404
    return dataset


def survey_list(*, user: Any) -> QuerySet:
    return scope_region(Survey.objects.all(), user).annotate(
        n_responses=Count("responses", distinct=True),
        n_questions=Count("questions", distinct=True),
    )


def survey_get(*, user: Any, pk: int) -> Survey:
    survey = scope_region(Survey.objects.all(), user).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def question_get(survey: Survey, pk: int) -> Question:
    question = survey.questions.filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def public_survey_get(region_code: str, token: str) -> Survey:
    survey = (
        Survey.objects.select_related("region")
        .filter(region__code=region_code, token=token, is_open=True)
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def text_answers(survey: Survey) -> QuerySet:
    """Free-text answers, for the council to tag."""
    return (
        Answer.objects.filter(question__survey=survey, question__kind="text")
        .exclude(text="")
        .select_related("question", "response__municipality")
        .prefetch_related("tags")
        .order_by("question__number", "pk")
    )


def answer_get(survey: Survey, pk: int) -> Answer:
    answer = text_answers(survey).filter(pk=pk).first()
    if answer is None:
        raise Http404
    return answer


def hearing_list(*, user: Any) -> QuerySet:
    return (
        scope_region(Hearing.objects.all(), user)
        .select_related("municipality")
        .prefetch_related("categories")
    )


def hearing_get(*, user: Any, pk: int) -> Hearing:
    hearing = hearing_list(user=user).filter(pk=pk).first()
    if hearing is None:
        raise Http404
    return hearing


def same_population_datasets(*, region: Region, kind: str, source_name: str,
                             source_date: str) -> list[PopulationDataset]:
    """The region's datasets an import of this kind, source and date replaces."""
    return list(PopulationDataset.objects.filter(
        region=region, kind=kind, source_name=source_name.strip()[:300],
        source_date=source_date.strip()[:100], is_fictional=False))
