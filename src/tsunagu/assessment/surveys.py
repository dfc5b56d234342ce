"""Needs surveys: the answer form (web), reading answer sheets from a file, and tabulation
(counts per choice, scale distribution and mean, cross tabulation, tags of free text).

Answers are anonymous. Free text is shown only to the council (who tags it); tabulations show
counts."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.assessment.models import Answer, Question, QuestionKind, Response, Survey
from tsunagu.assessment.tables import read_grids
from tsunagu.core.tabular import RowError, TabularError, match_key, split_values
from tsunagu.core.text import normalize

SCALE = (1, 2, 3, 4, 5)
NONCE_SALT = "tsunagu.assessment.survey-form"


# ---- the web form -------------------------------------------------------------------------


def _field(question: Question) -> forms.Field:
    label = f"Q{question.number}. {question.text}"
    required = question.required
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(label=label, required=required, widget=forms.RadioSelect,
                                 choices=[(c, c) for c in question.choices])
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(label=label, required=required,
                                         widget=forms.CheckboxSelectMultiple,
                                         choices=[(c, c) for c in question.choices])
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            label=label, required=required, widget=forms.RadioSelect, coerce=int,
            empty_value=None,
            choices=[(n, scale_label(n)) for n in SCALE],
        )
    return forms.CharField(label=label, required=required, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("お名前や連絡先は書かないでください。"))


def scale_label(n: int) -> str:
    labels = {1: _("1（そう思わない）"), 2: "2", 3: _("3（どちらともいえない）"), 4: "4",
              5: _("5（そう思う）")}
    return labels[n]


class ResponseForm(forms.Form):
    nonce = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        if survey.ask_municipality:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("お住まいの市町村"), required=False,
                queryset=survey.region.municipalities.order_by("code"),
                empty_label=_("（答えない）"),
            )
        for q in self.questions:
            self.fields[f"q{q.pk}"] = _field(q)
        if not self.is_bound:
            self.initial["nonce"] = signing.dumps(secrets.token_hex(10), salt=NONCE_SALT)

    def clean_nonce(self) -> str:
        try:
            return signing.loads(self.cleaned_data["nonce"], salt=NONCE_SALT, max_age=86400)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("フォームの有効期限が切れました。もう一度開いて回答してください。")
            ) from None

    def answers(self) -> dict[int, tuple[list[Any], str]]:
        out = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if value in (None, "", []):
                continue
            if q.kind == QuestionKind.TEXT:
                out[q.pk] = ([], value.strip())
            elif q.kind == QuestionKind.MULTIPLE:
                out[q.pk] = (list(value), "")
            else:
                out[q.pk] = ([value], "")
        return out


# ---- answer sheets from a file -------------------------------------------------------------


@dataclass
class SheetImport:
    rows: list[tuple[Any, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def municipality_header() -> str:
    return _("市町村")


def template_header(survey: Survey) -> list[str]:
    head = [municipality_header()] if survey.ask_municipality else []
    return head + [f"Q{q.number}" for q in survey.questions.all()]


def parse_answer_sheet(survey: Survey, source: Any, filename: str) -> SheetImport:
    """Rows of answers from CSV/XLSX: first row the header (市町村, then Q1, Q2 … or the
    question texts), one respondent a row. Choices by label or number; several choices of a
    multiple-choice question separated by ; 、 or ,."""
    result = SheetImport()
    try:
        grids = read_grids(source, filename)
    except TabularError as error:
        result.errors.append(RowError(None, "", str(error)))
        return result
    rows = [(n, c) for n, c in grids[0][1] if any((x or "").strip() for x in c)]
    if not rows:
        result.errors.append(RowError(None, "", _("ファイルが空です。")))
        return result
    questions = list(survey.questions.all())
    by_key: dict[str, Any] = {}
    for q in questions:
        for key in (f"q{q.number}", f"q{q.number}.{q.text}", q.text):
            by_key[match_key(key)] = q
    by_key[match_key(municipality_header())] = "municipality"
    header_number, header = rows[0]
    columns: dict[int, Any] = {}
    for i, name in enumerate(header):
        if not (name or "").strip():
            continue
        target = by_key.get(match_key(name)) or by_key.get(match_key(name.split(" ")[0]))
        if target is None:
            result.errors.append(RowError(header_number, normalize(name), _("どの質問の列かわかりません。")))
        else:
            columns[i] = target
    if result.errors:
        result.errors.append(RowError(None, "", _("見出しは次のとおりにしてください: %(header)s")
                                      % {"header": ",".join(template_header(survey))}))
        return result
    if len(rows) == 1:
        result.errors.append(RowError(None, "", _("データの行がありません（見出しの行だけです）。")))
        return result
    municipalities = {}
    for m in survey.region.municipalities.all():
        municipalities[match_key(m.name)] = m
        municipalities[m.code] = m
    for number, cells in rows[1:]:
        municipality = None
        answers: dict[int, tuple[list[Any], str]] = {}
        for i, target in columns.items():
            text = normalize(cells[i] if i < len(cells) else "")
            column = normalize(header[i])
            if not text:
                continue
            if target == "municipality":
                municipality = municipalities.get(match_key(text))
                if municipality is None:
                    result.errors.append(RowError(
                        number, column,
                        _("圏域の市町村ではありません（「%(value)s」）。") % {"value": text}))
                continue
            value = _sheet_value(target, text)
            if isinstance(value, str):
                result.errors.append(RowError(number, column, value))
            else:
                answers[target.pk] = value
        for q in questions:
            if q.required and q.pk not in answers:
                result.errors.append(RowError(number, f"Q{q.number}", _("回答必須の質問です。")))
        result.rows.append((municipality, answers))
    return result


def _sheet_value(q: Question, text: str) -> tuple[list[Any], str] | str:
    """(values, text), or the reason it cannot be read."""
    if q.kind == QuestionKind.TEXT:
        return ([], text)
    if q.kind == QuestionKind.SCALE:
        if text.isdigit() and int(text) in SCALE:
            return ([int(text)], "")
        return _("1〜5 の数字で入れてください（「%(value)s」）。") % {"value": text}
    labels = {match_key(c): c for c in q.choices}
    numbers = {str(i): c for i, c in enumerate(q.choices, start=1)}
    parts = [text] if q.kind == QuestionKind.SINGLE or match_key(text) in labels else split_values(text)
    chosen = []
    for part in parts:
        choice = labels.get(match_key(part)) or numbers.get(part)
        if choice is None:
            return _("選択肢にありません（「%(value)s」。選択肢: %(choices)s）。") % {
                "value": part, "choices": "、".join(q.choices)}
        if choice not in chosen:
            chosen.append(choice)
    return (chosen, "")


# ---- tabulation ---------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    answered: int
    counts: list[tuple[str, int, float]] = field(default_factory=list)  # label, n, % of answered
    mean: float | None = None
    tags: list[tuple[str, int]] = field(default_factory=list)
    untagged: int = 0


def tabulate(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """(responses, one result per question). Three queries."""
    total = Response.objects.filter(survey=survey).count()
    questions = list(survey.questions.all())
    answers = list(
        Answer.objects.filter(question__survey=survey)
        .only("question_id", "values", "text")
        .prefetch_related("tags")
    )
    by_question: dict[int, list[Answer]] = {q.pk: [] for q in questions}
    for a in answers:
        by_question[a.question_id].append(a)
    results = []
    for q in questions:
        items = by_question[q.pk]
        result = QuestionResult(question=q, answered=len(items))
        if q.is_choice or q.kind == QuestionKind.SCALE:
            counter: Counter = Counter(v for a in items for v in a.values)
            options = q.choices if q.is_choice else list(SCALE)
            result.counts = [
                (str(o) if q.is_choice else scale_label(o), counter.get(o, 0),
                 _pct(counter.get(o, 0), len(items)))
                for o in options
            ]
            if q.kind == QuestionKind.SCALE and items:
                values = [v for a in items for v in a.values]
                result.mean = round(sum(values) / len(values), 2) if values else None
        else:
            tags: Counter = Counter()
            for a in items:
                labels = [t.label for t in a.tags.all()]
                tags.update(labels)
                if not labels:
                    result.untagged += 1
            result.tags = tags.most_common()
        results.append(result)
    return total, results


def _pct(n: int, of: int) -> float:
    return round(n * 100 / of, 1) if of else 0.0


@dataclass
class CrossTab:
    row_question: Question | None
    col_question: Question | None
    row_labels: list[str]
    col_labels: list[str]
    counts: list[list[int]]
    row_totals: list[int]
    col_totals: list[int]
    total: int

    @property
    def rows(self) -> list[tuple[str, list[int], int]]:
        return list(zip(self.row_labels, self.counts, self.row_totals, strict=True))


def crosstab(survey: Survey, row: Question | str, col: Question) -> CrossTab:
    """Respondents by the choices of ``row`` (a question, or "municipality") × ``col``.
    A respondent with several choices counts in each (重複あり for multiple choice)."""
    responses = Response.objects.filter(survey=survey).prefetch_related("answers")
    municipalities = list(survey.region.municipalities.order_by("code"))
    if row == "municipality":
        row_labels = [m.name for m in municipalities]
    else:
        row_labels = [str(c) for c in _options(row)]
    col_labels = [str(c) for c in _options(col)]
    counts = [[0] * len(col_labels) for _r in row_labels]
    for response in responses:
        values = {a.question_id: a.values for a in response.answers.all()}
        if row == "municipality":
            names = [m.name for m in municipalities if m.pk == response.municipality_id]
            row_values = names
        else:
            row_values = [str(v) for v in values.get(row.pk, [])]
        col_values = [str(v) for v in values.get(col.pk, [])]
        for rv in row_values:
            for cv in col_values:
                if rv in row_labels and cv in col_labels:
                    counts[row_labels.index(rv)][col_labels.index(cv)] += 1
    if col.kind == QuestionKind.SCALE:
        col_labels = [scale_label(int(c)) for c in col_labels]
    if row != "municipality" and row.kind == QuestionKind.SCALE:
        row_labels = [scale_label(int(c)) for c in row_labels]
    return CrossTab(
        row_question=None if row == "municipality" else row,
        col_question=col,
        row_labels=row_labels,
        col_labels=col_labels,
        counts=counts,
        row_totals=[sum(r) for r in counts],
        col_totals=[sum(r[i] for r in counts) for i in range(len(col_labels))],
        total=sum(sum(r) for r in counts),
    )


def _options(q: Question) -> list[Any]:
    return list(q.choices) if q.is_choice else list(SCALE)
