"""Writes of the community assessment: one function per use case, audited inside.

Audit summaries hold ids, codes and counts only — never survey answers or hearing notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tsunagu.assessment.models import (
    Answer,
    Boundary,
    DatasetKind,
    GapNote,
    Hearing,
    PopulationDataset,
    PopulationFigure,
    Question,
    QuestionKind,
    RegionProfile,
    Response,
    ResponseSource,
    Survey,
)
from tsunagu.assessment.population_import import Parsed
from tsunagu.assessment.selectors import same_population_datasets
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Municipality, Region


def _check_region(obj: Any, region: Region, field: str) -> None:
    if obj is not None and obj.region_id != region.pk:
        raise ValidationError({field: _("この圏域のものではありません。")})


def _check_categories(categories: Iterable[ListItem], region: Region) -> list[ListItem]:
    items = list(categories)
    for item in items:
        if item.region_id != region.pk or item.kind != ListKind.NEED_CATEGORY:
            raise ValidationError(_("この圏域の課題分類ではありません。"))
    return items


# ---- profile ---------------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *,
    actor: Any,
    region: Region,
    municipality: Municipality | None,
    history: str,
    industries: str,
    character: str,
) -> RegionProfile:
    _check_region(municipality, region, "municipality")
    profile, created = RegionProfile.objects.update_or_create(
        region=region,
        municipality=municipality,
        defaults={"history": history, "industries": industries, "character": character},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=profile,
        region=region,
        summary=f"profile municipality={municipality.code if municipality else 'region'}",
    )
    return profile


# ---- population ------------------------------------------------------------------------


@transaction.atomic
def population_import(
    *,
    actor: Any,
    region: Region,
    parsed: Parsed,
    kind: str,
    source_name: str,
    source_date: str,
    filename: str = "",
    is_fictional: bool = False,
) -> PopulationDataset:
    """Write a parsed table (all of it). The caller has checked ``parsed.ok``."""
    if not parsed.ok:
        raise ValidationError(_("取り込めないデータがあります。"))
    if kind not in DatasetKind.values:
        raise ValidationError({"kind": _("種類を選んでください。")})
    if not source_name.strip() or not source_date.strip():
        raise ValidationError(_("出典と日付（調査年・基準日・公表日）は必須です。"))
    municipalities = {m.code: m for m in region.municipalities.all()}
    # The same table loaded again (same kind, source and date) replaces the earlier load, so
    # that a file imported twice is listed once; a new release has its own date.
    for earlier in same_population_datasets(region=region, kind=kind, source_name=source_name,
                                            source_date=source_date):
        audit_record(actor=actor, action=AuditAction.DELETE, target=earlier, region=region,
                     summary=f"population dataset kind={earlier.kind} replaced by a new import")
        earlier.delete()
    dataset = PopulationDataset.objects.create(
        region=region,
        kind=kind,
        source_name=source_name.strip()[:300],
        source_date=source_date.strip()[:100],
        layout=parsed.layout,
        filename=filename[:200],
        is_fictional=is_fictional,
        imported_by=acting_user(actor),
    )
    PopulationFigure.objects.bulk_create(
        [
            PopulationFigure(
                dataset=dataset,
                municipality=municipalities[f.code],
                year=f.year,
                on_date=f.on_date,
                age_unknown=f.age_unknown,
                age_from=f.age_from,
                age_to=f.age_to,
                sex=f.sex,
                value=f.value,
            )
            for f in parsed.figures
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=dataset,
        region=region,
        summary=f"population import kind={kind} layout={parsed.layout} "
        f"figures={len(parsed.figures)} dates={','.join(d.isoformat() for d in parsed.dates()[:24])}",
    )
    return dataset


@transaction.atomic
def population_delete(*, actor: Any, dataset: PopulationDataset) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=dataset,
        region=dataset.region,
        summary=f"population dataset kind={dataset.kind}",
    )
    dataset.delete()


# ---- surveys ---------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    region: Region,
    title: str,
    description: str = "",
    ask_municipality: bool = True,
    is_open: bool = False,
    is_fictional: bool = False,
) -> Survey:
    survey = Survey.objects.create(
        region=region,
        title=title,
        description=description,
        ask_municipality=ask_municipality,
        is_open=is_open,
        is_fictional=is_fictional,
        token=Survey.new_token(),
        created_by=acting_user(actor),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=survey, region=region,
                 summary=f"survey {survey.pk}")
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, **fields: Any) -> Survey:
    allowed = {"title", "description", "ask_municipality", "is_open"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(survey, name, value)
    survey.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=survey, region=survey.region,
                 summary=f"survey {survey.pk} {' '.join(sorted(fields))}")
    return survey


def _clean_choices(kind: str, choices: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(c.strip() for c in choices if c.strip()))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(cleaned) < 2:
            raise ValidationError({"choices": _("選択肢を2つ以上入れてください（1行に1つ）。")})
        return cleaned
    return []


@transaction.atomic
def question_add(
    *,
    actor: Any,
    survey: Survey,
    text: str,
    kind: str,
    choices: Sequence[str] = (),
    required: bool = False,
) -> Question:
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("回答の形式を選んでください。")})
    if survey.responses.exists():
        raise ValidationError(_("回答が集まった調査には質問を追加できません。"))
    number = (survey.questions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    question = Question.objects.create(
        survey=survey, number=number, text=text.strip(), kind=kind,
        choices=_clean_choices(kind, choices), required=required,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=question, region=survey.region,
                 summary=f"survey {survey.pk} question {number} kind={kind}")
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: Question) -> None:
    survey = question.survey
    if survey.responses.exists():
        raise ValidationError(_("回答が集まった調査の質問は削除できません。"))
    audit_record(actor=actor, action=AuditAction.DELETE, target=question, region=survey.region,
                 summary=f"survey {survey.pk} question {question.number}")
    question.delete()


class DuplicateSubmission(Exception):
    """The same form was sent twice."""


def response_submit(
    *,
    survey: Survey,
    municipality: Municipality | None,
    answers: dict[int, tuple[list[Any], str]],
    nonce: str = "",
    source: str = ResponseSource.WEB,
) -> Response:
    """One answer sheet. ``answers``: question id -> (values, text). Anonymous: nothing about
    the resident is kept, and the audit entry names the survey only."""
    try:
        with transaction.atomic():
            response = _response_write(survey, municipality, answers, nonce, source)
    except IntegrityError:
        raise DuplicateSubmission from None
    return response


def _response_write(survey, municipality, answers, nonce, source) -> Response:
    _check_region(municipality, survey.region, "municipality")
    response = Response.objects.create(
        survey=survey, municipality=municipality, source=source, nonce=nonce
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question_id=qid, values=values, text=text)
            for qid, (values, text) in answers.items()
            if values or text
        ]
    )
    if source == ResponseSource.WEB:
        audit_record(actor="public", action=AuditAction.CREATE, target=response,
                     region=survey.region, summary=f"survey {survey.pk} web response")
    return response


@transaction.atomic
def responses_import(
    *, actor: Any, survey: Survey, rows: list[tuple[Municipality | None, dict]]
) -> int:
    """Answer sheets read (and checked) from a file: all are written, or none."""
    for municipality, answers in rows:
        _response_write(survey, municipality, answers, "", ResponseSource.IMPORT)
    audit_record(actor=actor, action=AuditAction.CREATE, target=survey, region=survey.region,
                 summary=f"survey {survey.pk} import responses={len(rows)}")
    return len(rows)


@transaction.atomic
def answer_tag(*, actor: Any, answer: Answer, categories: Iterable[ListItem]) -> Answer:
    region = answer.response.survey.region
    items = _check_categories(categories, region)
    answer.tags.set(items)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=answer, region=region,
                 summary=f"answer tags={','.join(i.code for i in items)}")
    return answer


# ---- hearings ----------------------------------------------------------------------------


@transaction.atomic
def hearing_save(
    *, actor: Any, region: Region, hearing: Hearing | None = None, categories=(), **fields: Any
) -> Hearing:
    _check_region(fields.get("municipality"), region, "municipality")
    items = _check_categories(categories, region)
    created = hearing is None
    if hearing is None:
        hearing = Hearing(region=region, created_by=acting_user(actor))
    for name, value in fields.items():
        setattr(hearing, name, value)
    hearing.full_clean(exclude=["region", "created_by"])
    hearing.save()
    hearing.categories.set(items)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=hearing,
        region=region,
        summary=f"hearing kind={hearing.kind} tags={','.join(i.code for i in items)}",
    )
    return hearing


# ---- gaps --------------------------------------------------------------------------------


@transaction.atomic
def gap_note_save(
    *,
    actor: Any,
    region: Region,
    municipality: Municipality,
    category: ListItem,
    highlighted: bool,
    issue: Any = None,
    viewpoint_diversity: str = "",
    viewpoint_sociality: str = "",
    viewpoint_commonality: str = "",
    viewpoint_foresight: str = "",
) -> GapNote:
    _check_region(municipality, region, "municipality")
    _check_region(issue, region, "issue")
    _check_categories([category], region)
    note, created = GapNote.objects.update_or_create(
        region=region,
        municipality=municipality,
        category=category,
        defaults={
            "highlighted": highlighted,
            "issue": issue,
            "viewpoint_diversity": viewpoint_diversity,
            "viewpoint_sociality": viewpoint_sociality,
            "viewpoint_commonality": viewpoint_commonality,
            "viewpoint_foresight": viewpoint_foresight,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=note,
        region=region,
        summary=f"gap {municipality.code} {category.code} highlighted={highlighted}",
    )
    return note


@transaction.atomic
def boundary_import(
    *, actor: Any, region: Region, shapes: dict[str, list], source_name: str
) -> Boundary:
    boundary, _created = Boundary.objects.update_or_create(
        region=region, defaults={"shapes": shapes, "source_name": source_name[:300]}
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=boundary, region=region,
                 summary=f"boundaries municipalities={','.join(sorted(shapes))}")
    return boundary
