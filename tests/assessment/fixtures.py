"""Fixtures for the assessment tests (registered in tests/conftest.py): a survey of each
region with questions, a hearing, and municipality boundaries (a fictional square each)."""

from datetime import date

import pytest

from tsunagu.assessment import services
from tsunagu.assessment.models import QuestionKind, ResponseSource


def make_survey(region, *, title="暮らしについてのアンケート", is_open=True):
    survey = services.survey_create(actor="test", region=region, title=title, is_open=is_open)
    services.question_add(actor="test", survey=survey, text="外出に困ることはありますか",
                          kind=QuestionKind.SINGLE, choices=["よくある", "ときどき", "ない"],
                          required=True)
    services.question_add(actor="test", survey=survey, text="足りないと思うもの",
                          kind=QuestionKind.MULTIPLE, choices=["移動手段", "住まい", "居場所"])
    services.question_add(actor="test", survey=survey, text="いまの暮らしに満足している",
                          kind=QuestionKind.SCALE)
    services.question_add(actor="test", survey=survey, text="困っていること（自由記述）",
                          kind=QuestionKind.TEXT)
    return survey


@pytest.fixture
def assessment_survey(region):
    return make_survey(region)


@pytest.fixture
def closed_survey(region):
    return make_survey(region, title="締め切った調査", is_open=False)


@pytest.fixture
def other_survey(other_region):
    return make_survey(other_region, title="よその調査")


@pytest.fixture
def text_answer(assessment_survey, region):
    q1, _q2, _q3, q4 = assessment_survey.questions.all()
    response = services.response_submit(
        survey=assessment_survey,
        municipality=region.municipalities.get(code="12213"),
        answers={q1.pk: (["よくある"], ""), q4.pk: ([], "バスが少なくて通院が大変です。")},
        source=ResponseSource.IMPORT,
    )
    return response.answers.get(question=q4)


@pytest.fixture
def hearing(region):
    return services.hearing_save(
        actor="test", region=region, kind="zadankai", title="東金地区 住民座談会",
        held_on=date(2026, 7, 1), municipality=region.municipalities.get(code="12213"),
        notes="移動手段と居場所の話題が多かった。",
    )


@pytest.fixture
def other_hearing(other_region):
    return services.hearing_save(
        actor="test", region=other_region, kind="hearing", title="よその聞き取り",
        held_on=date(2026, 7, 1), notes="よその記録",
    )


def square(x, y, size=0.05):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


SANBU_SQUARES = {
    "12213": (140.30, 35.55), "12237": (140.40, 35.60), "12239": (140.30, 35.50),
    "12403": (140.45, 35.52), "12409": (140.40, 35.70), "12410": (140.50, 35.65),
}


def boundary_geojson(codes=SANBU_SQUARES):
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"N03_001": "千葉県", "N03_007": code},
             "geometry": {"type": "Polygon", "coordinates": [square(*xy)]}}
            for code, xy in codes.items()
        ],
    }


@pytest.fixture
def boundary(region):
    import json

    from tsunagu.assessment.maps import parse_geojson

    shapes, errors = parse_geojson(json.dumps(boundary_geojson()).encode(),
                                   set(region.municipalities.values_list("code", flat=True)))
    assert not errors
    return services.boundary_import(actor="test", region=region, shapes=shapes,
                                    source_name="試験用の架空の境界")
