"""Surveys: the public form (anonymous, one submit per form), answer sheets from a file,
tabulation and cross tabulation with known answers, tagging free text, hearings."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.assessment.helpers import category

from tsunagu.assessment import services, surveys
from tsunagu.assessment.models import Hearing, Response, ResponseSource
from tsunagu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def answer(survey, region, code, q1, q2=(), q3=None, text=""):
    qs = list(survey.questions.all())
    answers = {qs[0].pk: ([q1], "")}
    if q2:
        answers[qs[1].pk] = (list(q2), "")
    if q3:
        answers[qs[2].pk] = ([q3], "")
    if text:
        answers[qs[3].pk] = ([], text)
    return services.response_submit(
        survey=survey, municipality=region.municipalities.get(code=code) if code else None,
        answers=answers, source=ResponseSource.IMPORT)


def test_tabulation_and_crosstab(assessment_survey, region):
    answer(assessment_survey, region, "12213", "よくある", ["移動手段", "居場所"], 2)
    answer(assessment_survey, region, "12213", "ときどき", ["移動手段"], 4)
    answer(assessment_survey, region, "12409", "よくある", ["住まい"], 3)
    answer(assessment_survey, region, None, "ない")
    total, results = surveys.tabulate(assessment_survey)
    assert total == 4
    q1, q2, q3, _q4 = results
    assert q1.counts == [("よくある", 2, 50.0), ("ときどき", 1, 25.0), ("ない", 1, 25.0)]
    assert q2.answered == 3 and q2.counts[0] == ("移動手段", 2, 66.7)
    assert q3.mean == 3.0
    table = surveys.crosstab(assessment_survey, "municipality", q1.question)
    rows = {label: counts for label, counts, _t in table.rows}
    assert rows["東金市"] == [1, 1, 0] and rows["芝山町"] == [1, 0, 0]
    assert table.total == 3  # the respondent without a municipality is in no row
    table = surveys.crosstab(assessment_survey, q1.question, q2.question)
    rows = {label: counts for label, counts, _t in table.rows}
    assert rows["よくある"] == [1, 1, 1]  # 移動手段, 住まい, 居場所


def test_detail_page_and_query_count(client, login, municipal_staff, assessment_survey, region,
                                     django_assert_max_num_queries):
    for _i in range(20):
        answer(assessment_survey, region, "12213", "よくある", ["移動手段"], 5, text="秘密の記述")
    q1, q2, *_rest = assessment_survey.questions.all()
    login(client, municipal_staff)
    with django_assert_max_num_queries(25):
        response = client.get(f"/assessment/surveys/{assessment_survey.pk}/?row=municipality&col={q1.pk}")
    page = response.content.decode()
    assert 'id="crosstab"' in page and "秘密の記述" not in page  # free text: council only
    assert client.get(f"/assessment/surveys/{assessment_survey.pk}/?row=abc&col=x").status_code == 200
    assert client.get(f"/assessment/surveys/{assessment_survey.pk}/answers/").status_code == 403


def test_public_form_anonymous_and_once(client, assessment_survey, region):
    url = f"/public/sanbu/surveys/{assessment_survey.token}/"
    page = client.get(url).content.decode()
    assert "お名前や連絡先は書かないでください" in page
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    q1 = assessment_survey.questions.get(number=1)
    # Q1 is required: refused with the form again.
    response = client.post(url, {"nonce": nonce})
    assert response.status_code == 200 and Response.objects.count() == 0
    assert client.post(url, {"nonce": "forged", f"q{q1.pk}": "ない"}).status_code == 200
    assert Response.objects.count() == 0
    response = client.post(url, {"nonce": nonce, f"q{q1.pk}": "ない"})
    assert response.status_code == 302
    client.post(url, {"nonce": nonce, f"q{q1.pk}": "ない"})
    assert Response.objects.count() == 1
    assert client.get(url)["Location"].endswith("/thanks/")  # answered on this browser
    assert client.get(url + "?again=1").status_code == 200
    entry = AuditEntry.objects.filter(target_type="assessment.response").get()
    assert entry.username == "public" and "ない" not in entry.summary
    services.survey_update(actor="test", survey=assessment_survey, is_open=False)
    assert client.get(url).status_code == 404


def test_answer_sheet_errors_name_row_and_column(assessment_survey):
    sheet = ("市町村,Q1,Q2,Q3,Q4\r\n"
             "東金市,よくある,移動手段;居場所,3,\r\n"
             "大阪市,1,,,\r\n"
             "芝山町,,ほか,9,\r\n").encode()
    result = surveys.parse_answer_sheet(assessment_survey, sheet, "a.csv")
    assert [str(e) for e in result.errors] == [
        "行 3, 列「市町村」: 圏域の市町村ではありません（「大阪市」）。",
        "行 4, 列「Q2」: 選択肢にありません（「ほか」。選択肢: 移動手段、住まい、居場所）。",
        "行 4, 列「Q3」: 1〜5 の数字で入れてください（「9」）。",
        "行 4, 列「Q1」: 回答必須の質問です。",
    ]
    header_only = surveys.parse_answer_sheet(assessment_survey, "市町村,Q1\r\n".encode(), "a.csv")
    assert "見出しの行だけ" in str(header_only.errors[0])
    unknown = surveys.parse_answer_sheet(assessment_survey, "年齢,Q1\r\n1,2\r\n".encode(), "a.csv")
    assert "どの質問の列かわかりません" in str(unknown.errors[0])
    assert "市町村,Q1,Q2,Q3,Q4" in str(unknown.errors[-1])
    empty = surveys.parse_answer_sheet(assessment_survey, b"", "a.csv")
    assert "ファイルが空です" in str(empty.errors[0])


def test_import_page_refuses_bad_files_without_500(client, login, secretariat, assessment_survey):
    login(client, secretariat)
    url = f"/assessment/surveys/{assessment_survey.pk}/import/"
    for name, content in (("a.csv", b""), ("a.xlsx", b"PK\x03\x04zz"), ("a.csv", b"\xff\xfe\x00\x81")):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
    assert Response.objects.count() == 0
    assert client.get(f"/assessment/surveys/{assessment_survey.pk}/answers/?page=abc").status_code == 200
    assert client.get("/assessment/hearings/?page=abc").status_code == 200


def test_tagging_and_hearings(client, login, secretariat, text_answer, region):
    login(client, secretariat)
    survey_id = text_answer.response.survey_id
    page = client.get(f"/assessment/surveys/{survey_id}/answers/").content.decode()
    assert "バスが少なくて通院が大変です。" in page
    assert "用語集から見つけた候補" in page  # suggested by the needs thesaurus
    mobility = category(region, "mobility")
    client.post(f"/assessment/surveys/{survey_id}/answers/{text_answer.pk}/tag/",
                {f"a{text_answer.pk}-categories": [mobility.pk]})
    assert list(text_answer.tags.all()) == [mobility]
    response = client.post("/assessment/hearings/new/", {
        "kind": "zadankai", "title": "芝山町 座談会", "held_on": "R8.8.1",
        "municipality": region.municipalities.get(code="12409").pk, "participants": "12",
        "notes": "移動の話題が多かった。", "categories": [mobility.pk]})
    assert response.status_code == 302
    hearing = Hearing.objects.get(title="芝山町 座談会")
    assert list(hearing.categories.all()) == [mobility] and hearing.held_on.year == 2026
    # Questions cannot change once answers are in.
    response = client.post(f"/assessment/surveys/{survey_id}/questions/",
                           {"text": "追加", "kind": "text", "choices": ""})
    assert text_answer.response.survey.questions.count() == 4


def test_profile_narrative_on_page_and_sheet(client, login, secretariat, municipal_staff):
    import io

    from pypdf import PdfReader

    login(client, secretariat)
    assert client.post("/assessment/profile/region/", {
        "history": "圏域の歴史（試験）", "industries": "農業", "character": "海と台地"}
    ).status_code == 302
    assert client.post("/assessment/profile/12410/", {
        "history": "横芝光町の歴史（試験）", "industries": "稲作", "character": ""}
    ).status_code == 302
    login(client, municipal_staff)
    assert "横芝光町の歴史（試験）" in client.get("/assessment/m/12410/").content.decode()
    page = client.get("/assessment/m/12403/").content.decode()
    assert "圏域の歴史（試験）" in page and "圏域の概要を表示しています" in page
    assert client.post("/assessment/profile/region/", {"history": "x"}).status_code == 403
    pdf = client.get("/assessment/m/12410/sheet.pdf").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "横芝光町の歴史（試験）" in text and "稲作" in text
    assert "人口のデータがありません" in text


def test_other_region_cannot_tag_or_import(client, login, outsider, text_answer, region):
    login(client, outsider)
    survey_id = text_answer.response.survey_id
    response = client.post(f"/assessment/surveys/{survey_id}/answers/{text_answer.pk}/tag/",
                           {f"a{text_answer.pk}-categories": []})
    assert response.status_code == 404
    response = client.post(f"/assessment/surveys/{survey_id}/import/",
                           {"file": SimpleUploadedFile("a.csv", "市町村,Q1\r\n東金市,ない\r\n".encode())})
    assert response.status_code == 404
    assert Response.objects.filter(survey_id=survey_id).count() == 1
    assert client.post(f"/assessment/surveys/{survey_id}/questions/",
                       {"text": "x", "kind": "text"}).status_code == 404
