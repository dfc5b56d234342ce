"""Demo data for the assessment pages (called by `tsunagu demo`; idempotent).

- The 2021 population of the six municipalities (総人口・男・女) from the prefecture's official
  report (data/sanbu_population_2021.csv, see data/README.md), cited as such.
- A needs survey that is FICTIONAL, labelled 【架空】 and ``is_fictional``: its questions and
  answers were written for the demo and are not anyone's opinion.
"""

import csv
import random
from datetime import date
from pathlib import Path

from tsunagu.assessment import services
from tsunagu.assessment.models import (
    DatasetKind,
    PopulationDataset,
    PopulationFigure,
    QuestionKind,
    Survey,
)
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Region

ACTOR = "command:demo"
POPULATION_FILE = Path(__file__).parent / "data" / "sanbu_population_2021.csv"
POPULATION_SOURCE = "千葉県「令和3年千葉県毎月常住人口調査報告書（年報）」（千葉県オープンデータ）"
POPULATION_DATE = "2021年（令和3年）"
SURVEY_TITLE = "【架空】暮らしと外出についてのアンケート（デモ用）"
SURVEY_DESCRIPTION = (
    "デモ用の架空の調査です。質問も回答も、この画面を試すために作ったもので、実在の人の意見ではありません。"
)
QUESTIONS = [
    ("外出に困ることはありますか", QuestionKind.SINGLE, ["よくある", "ときどき", "ない"]),
    ("地域に足りないと思うもの（いくつでも）", QuestionKind.MULTIPLE,
     ["移動手段", "住まい", "日中の居場所", "相談できる場所", "働く場"]),
    ("いまの暮らしに満足している", QuestionKind.SCALE, []),
    ("困っていること・ほしい支援（自由記述）", QuestionKind.TEXT, []),
]
# fictional free-text answers and the category each is tagged with
TEXTS = [
    ("バスの本数が少なく、通院の帰りに困る。", "mobility"),
    ("平日の昼間に行ける場所がほしい。", "daytime"),
    ("親が高齢になり、この先の住まいが心配。", "future"),
    ("仕事を探しているが、近くに働く場がない。", "employment"),
    ("送迎があれば作業所に通いたい。", "mobility"),
]


def _population(region: Region) -> bool:
    if PopulationDataset.objects.filter(region=region, source_name=POPULATION_SOURCE).exists():
        return False
    municipalities = {m.code: m for m in region.municipalities.all()}
    with POPULATION_FILE.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["市町村コード"] in municipalities]
    if not rows:
        return False
    dataset = PopulationDataset.objects.create(
        region=region, kind=DatasetKind.OFFICIAL, source_name=POPULATION_SOURCE,
        source_date=POPULATION_DATE, layout="official", filename=POPULATION_FILE.name,
    )
    figures = []
    for r in rows:
        m = municipalities[r["市町村コード"]]
        for sex, column in (("T", "総人口"), ("M", "男"), ("F", "女")):
            figures.append(PopulationFigure(dataset=dataset, municipality=m, year=2021,
                                            on_date=date(2021, 10, 1), sex=sex,
                                            value=int(r[column])))
    PopulationFigure.objects.bulk_create(figures)
    audit_record(actor=ACTOR, action=AuditAction.CREATE, target=dataset, region=region,
                 summary=f"demo population figures={len(figures)}")
    return True


def _survey(region: Region, with_records: bool) -> bool:
    if Survey.objects.filter(region=region, title=SURVEY_TITLE).exists():
        return False
    survey = services.survey_create(actor=ACTOR, region=region, title=SURVEY_TITLE,
                                    description=SURVEY_DESCRIPTION, is_open=True,
                                    is_fictional=True)
    questions = [
        services.question_add(actor=ACTOR, survey=survey, text=text, kind=kind, choices=choices)
        for text, kind, choices in QUESTIONS
    ]
    if not with_records:
        return True
    rng = random.Random(9)  # noqa: S311 — the same fictional answers on every machine
    municipalities = list(region.municipalities.order_by("code"))
    categories = {i.code: i for i in ListItem.objects.of(region, ListKind.NEED_CATEGORY)}
    rows = []
    tags = []
    for i in range(36):
        q1, q2, q3, q4 = questions
        answers = {
            q1.pk: ([rng.choice(q1.choices)], ""),
            q2.pk: (rng.sample(q2.choices, rng.randint(1, 2)), ""),
            q3.pk: ([rng.randint(1, 5)], ""),
        }
        if i % 3 == 0:
            text, code = TEXTS[(i // 3) % len(TEXTS)]
            answers[q4.pk] = ([], text)
            tags.append(code)
        rows.append((municipalities[i % len(municipalities)], answers))
    services.responses_import(actor=ACTOR, survey=survey, rows=rows)
    texts = survey.questions.get(number=4).answers.order_by("pk")
    for answer, code in zip(texts, tags, strict=True):
        if code in categories:
            services.answer_tag(actor=ACTOR, answer=answer, categories=[categories[code]])
    return True


def demo_assessment_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` is False
    for `tsunagu demo --without-records`: then create nothing about persons (the survey is
    created without answers)."""
    created = _population(region)
    created = _survey(region, with_records) or created
    return created
