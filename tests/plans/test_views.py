"""The plan pages in use: what each role may do, what is audited, the printable PDF."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from tests.plans.fixtures import GOALS, make_monitoring, make_plan

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.people.services import person_create
from tsunagu.plans.models import Assessment, GoalResult, PlanStatus, SupportPlan
from tsunagu.plans.services import plan_revise


def _audited(user, action, obj) -> bool:
    return AuditEntry.objects.filter(
        user=user, action=action, target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).exists()


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(total),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def plan_post(staff, *, goals=(), supports=(), **fields) -> dict:
    """The plan form as a browser posts it: fields, then goal and support rows."""
    data = {
        "staff": str(staff.pk),
        "assessment": "",
        "wished_life": "海の見える町で、自分のペースで働きたい",
        "family_wishes": "",
        "policy": "",
        "starts_on": "R6.4.1",
        "monitoring_interval": "3",
        "next_monitoring_on": "",
        **_management("goals", len(goals)),
        **_management("services", len(supports)),
        **fields,
    }
    for i, (term, text, achieve_by) in enumerate(goals):
        data |= {
            f"goals-{i}-pk": "",
            f"goals-{i}-term": term,
            f"goals-{i}-text": text,
            f"goals-{i}-achieve_by": achieve_by,
        }
    for i, (kind, content, provider, frequency) in enumerate(supports):
        data |= {
            f"services-{i}-pk": "",
            f"services-{i}-kind": kind,
            f"services-{i}-content": content,
            f"services-{i}-provider": provider,
            f"services-{i}-frequency": frequency,
        }
    return data


GOAL_ROWS = [
    ("long", "一般就労する", "R8.3.31"),
    ("short", "職場体験に行く", ""),
    ("short", "", ""),
]
SUPPORT_ROWS = [
    ("formal", "就労移行支援", "事業所さんぷ", "週5日"),
    ("informal", "朝の声かけ", "母", "毎朝"),
    ("formal", "", "", ""),
]


# ---- the person's plans, assessments ---------------------------------------------------


def test_the_person_plans_page_lists_every_version(client, center_staff, login, support_plan):
    login(client, center_staff)
    page = client.get(f"/plans/person/{support_plan.person_id}/").content.decode()
    assert f"/plans/{support_plan.pk}/" in page and "第1版" in page
    assert f"/plans/assessments/{support_plan.assessment_id}/" in page
    assert _audited(center_staff, AuditAction.VIEW, support_plan.person)


def test_center_staff_record_an_assessment(client, center_staff, login, person):
    login(client, center_staff)
    response = client.post(
        f"/plans/person/{person.pk}/assessments/new/",
        {
            "assessed_on": "令和6年3月1日",
            "person_words": "絵を描くのが好き",
            "needs": "",
            "strengths": "絵",
            "formal_supports": "",
            "family_support": "父",
            "community_support": "",
            "places": "公民館の絵画サークル",
            "notes": "",
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/assessments/{assessment.pk}/"
    assert (assessment.assessed_on, assessment.places) == (date(2024, 3, 1), "公民館の絵画サークル")
    assert (assessment.staff, assessment.organization) == (center_staff, center_staff.organization)
    assert _audited(center_staff, AuditAction.CREATE, assessment)

    page = client.get(f"/plans/assessments/{assessment.pk}/").content.decode()
    assert "絵を描くのが好き" in page and "居場所" in page
    assert _audited(center_staff, AuditAction.VIEW, assessment)


def test_provider_staff_see_the_centers_assessment_but_cannot_edit_it(
    client, provider_staff, login, assessment
):
    login(client, provider_staff)
    assert client.get(f"/plans/assessments/{assessment.pk}/").status_code == 200
    response = client.post(
        f"/plans/assessments/{assessment.pk}/edit/", {"assessed_on": "R6.3.1", "needs": "書き換え"}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.needs == "金銭管理が不安"


def test_assessment_edit_is_audited_with_the_fields_changed(
    client, center_staff, login, assessment
):
    login(client, center_staff)
    data = {
        name: getattr(assessment, name)
        for name in (
            "person_words",
            "needs",
            "strengths",
            "formal_supports",
            "family_support",
            "community_support",
            "places",
            "notes",
        )
    }
    data |= {"assessed_on": "2024/3/15", "needs": "金銭管理と服薬が不安"}
    assert client.post(f"/plans/assessments/{assessment.pk}/edit/", data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.needs == "金銭管理と服薬が不安"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, summary="changed: needs").exists()


# ---- plans ----------------------------------------------------------------------------


def test_provider_staff_write_a_plan_with_goals_and_who_does_what(
    client, provider_staff, login, person
):
    login(client, provider_staff)
    form = client.get(f"/plans/person/{person.pk}/new/").content.decode()
    assert 'name="goals-0-text"' in form and 'name="services-4-provider"' in form

    response = client.post(
        f"/plans/person/{person.pk}/new/",
        plan_post(provider_staff, goals=GOAL_ROWS, supports=SUPPORT_ROWS),
    )

    plan = SupportPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert (plan.organization, plan.staff, plan.version) == (
        provider_staff.organization,
        provider_staff,
        1,
    )
    assert plan.starts_on == date(2024, 4, 1) and plan.next_monitoring_on == date(2024, 7, 1)
    assert [(g.term, g.text, g.achieve_by) for g in plan.goals.all()] == [
        ("long", "一般就労する", date(2026, 3, 31)),
        ("short", "職場体験に行く", None),
    ]
    assert [(s.kind, s.provider) for s in plan.services.all()] == [
        ("formal", "事業所さんぷ"),
        ("informal", "母"),
    ]


def test_the_plan_form_shows_the_services_errors(client, center_staff, login, person):
    login(client, center_staff)
    response = client.post(
        f"/plans/person/{person.pk}/new/",
        plan_post(
            center_staff, goals=[("long", "", "")], supports=[("formal", "訪問介護", "", "")]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "誰が担当するかを入力してください。" in page
    assert not SupportPlan.objects.exists()
    response = client.post(
        f"/plans/person/{person.pk}/new/", plan_post(center_staff, goals=[("long", "", "")])
    )
    assert "目標を1つ以上入力してください。" in response.content.decode()


def test_a_second_plan_is_refused_with_a_pointer_to_revision(
    client, center_staff, login, support_plan
):
    login(client, center_staff)
    page = client.get(f"/plans/person/{support_plan.person_id}/new/").content.decode()
    assert f'href="/plans/{support_plan.pk}/"' in page and "実施中の計画" in page
    response = client.post(
        f"/plans/person/{support_plan.person_id}/new/", plan_post(center_staff, goals=GOAL_ROWS)
    )
    assert "計画を見直して新しい版を作成してください" in response.content.decode()
    assert SupportPlan.objects.count() == 1


def test_the_plan_page_shows_goals_reviews_and_links_and_is_audited(
    client, center_staff, login, support_plan, monitoring
):
    login(client, center_staff)
    page = client.get(f"/plans/{support_plan.pk}/").content.decode()
    assert "今のアパートで、猫と暮らしたい" in page
    assert "地域で一人暮らしを続ける" in page and "一部達成" in page
    assert "姉" in page and "インフォーマル" in page
    assert f'href="/needs/new/?plan={support_plan.pk}"' in page and "ニーズを記録" in page
    assert f'href="/plans/{support_plan.pk}/plan.pdf"' in page
    assert f'href="/plans/monitoring/{monitoring.pk}/"' in page
    assert _audited(center_staff, AuditAction.VIEW, support_plan)


def test_provider_staff_read_the_centers_plan_without_change_buttons(
    client, provider_staff, login, support_plan
):
    login(client, provider_staff)
    page = client.get(f"/plans/{support_plan.pk}/").content.decode()
    assert "今のアパートで" in page
    assert f"/plans/{support_plan.pk}/edit/" not in page
    assert f"/plans/{support_plan.pk}/monitoring/new/" not in page
    for path in ("edit/", "revise/", "end/", "monitoring/new/"):
        assert client.post(f"/plans/{support_plan.pk}/{path}", {}).status_code == 403
    support_plan.refresh_from_db()
    assert support_plan.status == PlanStatus.ACTIVE and not support_plan.monitoring_records.exists()


@pytest.mark.parametrize("persona", ["provider_staff", "outsider"])
def test_plans_of_unassigned_persons_are_not_found(
    client, login, request, persona, unassigned_plan
):
    user = request.getfixturevalue(persona)
    login(client, user)
    for path in ("", "edit/", "revise/", "end/", "monitoring/new/", "plan.pdf"):
        assert client.get(f"/plans/{unassigned_plan.pk}/{path}").status_code == 404
        assert client.post(f"/plans/{unassigned_plan.pk}/{path}", {}).status_code == 404
    assert not AuditEntry.objects.filter(user=user, action=AuditAction.VIEW).exists()


@pytest.mark.parametrize("persona", ["secretariat", "municipal_staff", "member"])
def test_roles_without_personal_data_are_refused(client, login, request, persona, support_plan):
    login(client, request.getfixturevalue(persona))
    for path in (
        "/plans/",
        "/plans/due/",
        "/plans/overdue/",
        f"/plans/{support_plan.pk}/",
        f"/plans/{support_plan.pk}/plan.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 403
        assert "猫" not in response.content.decode()


def test_editing_a_plan_keeps_goal_rows(client, center_staff, login, support_plan):
    login(client, center_staff)
    form = client.get(f"/plans/{support_plan.pk}/edit/")
    goals = list(support_plan.goals.all())
    assert f'value="{goals[0].pk}"' in form.content.decode()
    data = plan_post(
        center_staff,
        goals=[("long", goals[0].text, ""), ("short", "週4回通う", "")],
        wished_life="猫と暮らし続けたい",
        starts_on="R6.4.1",
        next_monitoring_on="R6.6.1",
    )
    data |= {"goals-0-pk": str(goals[0].pk), "goals-1-pk": str(goals[1].pk)}
    assert client.post(f"/plans/{support_plan.pk}/edit/", data).status_code == 302
    support_plan.refresh_from_db()
    assert support_plan.wished_life == "猫と暮らし続けたい"
    assert support_plan.next_monitoring_on == date(2024, 6, 1)
    assert list(support_plan.goals.values_list("pk", "text")) == [
        (goals[0].pk, goals[0].text),
        (goals[1].pk, "週4回通う"),
    ]
    assert support_plan.services.count() == 0


def test_revising_through_the_form_prefills_and_keeps_the_old_version(
    client, center_staff, login, support_plan, monitoring
):
    login(client, center_staff)
    form = client.get(f"/plans/{support_plan.pk}/revise/").content.decode()
    assert "今のアパートで、猫と暮らしたい" in form and "地域で一人暮らしを続ける" in form
    assert "第2版" in form
    data = plan_post(
        center_staff,
        goals=[("long", "地域で一人暮らしを続ける", "")],
        supports=[("informal", "見守り", "隣の人", "")],
        starts_on="R6.7.2",
    )
    response = client.post(f"/plans/{support_plan.pk}/revise/", data)
    new = SupportPlan.objects.get(version=2)
    assert response["Location"] == f"/plans/{new.pk}/"
    support_plan.refresh_from_db()
    assert support_plan.status == PlanStatus.SUPERSEDED and support_plan.goals.count() == 2

    old_page = client.get(f"/plans/{support_plan.pk}/").content.decode()
    assert "この版は最新ではありません" in old_page and f'href="/plans/{new.pk}/"' in old_page
    assert f"/plans/{support_plan.pk}/edit/" not in old_page
    assert client.get(f"/plans/{support_plan.pk}/edit/").status_code == 302


def test_monitoring_through_the_form(client, center_staff, login, support_plan, time_machine):
    time_machine.move_to(date(2024, 7, 3))
    login(client, center_staff)
    goals = list(support_plan.goals.all())
    form = client.get(f"/plans/{support_plan.pk}/monitoring/new/").content.decode()
    assert f'name="goal-{goals[0].pk}-result"' in form and "変更が必要" in form
    response = client.post(
        f"/plans/{support_plan.pk}/monitoring/new/",
        {
            "monitored_on": "R6.7.3",
            "person_words": "通所は楽しい",
            "summary": "",
            "next_due_on": "",
            f"goal-{goals[0].pk}-result": GoalResult.PARTLY,
            f"goal-{goals[0].pk}-comment": "",
            f"goal-{goals[1].pk}-result": GoalResult.CHANGE_NEEDED,
            f"goal-{goals[1].pk}-comment": "週2回が合っている",
        },
    )
    assert response.status_code == 302
    record = support_plan.monitoring_records.get()
    assert record.change_needed and record.next_due_on == date(2024, 10, 3)
    page = client.get(response["Location"]).content.decode()
    assert "変更が必要な目標があります" in page
    detail = client.get(f"/plans/monitoring/{record.pk}/").content.decode()
    assert "週2回が合っている" in detail and "通所は楽しい" in detail
    assert _audited(center_staff, AuditAction.VIEW, record)


def test_monitoring_without_a_result_for_each_goal_is_refused(
    client, center_staff, login, support_plan
):
    login(client, center_staff)
    goal = support_plan.goals.first()
    response = client.post(
        f"/plans/{support_plan.pk}/monitoring/new/",
        {
            "monitored_on": "R6.7.3",
            f"goal-{goal.pk}-result": GoalResult.ACHIEVED,
        },
    )
    assert response.status_code == 200
    assert "このフィールドは必須です" in response.content.decode()
    assert not support_plan.monitoring_records.exists()


def test_ending_a_plan(client, center_staff, login, support_plan):
    login(client, center_staff)
    response = client.post(
        f"/plans/{support_plan.pk}/end/", {"ended_on": "R6.12.1", "reason": "転居"}
    )
    assert response.status_code == 302
    support_plan.refresh_from_db()
    assert support_plan.status == PlanStatus.ENDED and support_plan.ended_on == date(2024, 12, 1)


# ---- the printable plan ---------------------------------------------------------------


def test_the_pdf_is_a4_with_the_japanese_font_the_signature_line_and_is_audited(
    client, provider_staff, login, support_plan
):
    login(client, provider_staff)
    response = client.get(f"/plans/{support_plan.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="keikaku-{support_plan.pk}-v1-20240401.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/FontDescriptor"] for f in fonts)
    assert all("IPAexGothic" in f["/BaseFont"] for f in fonts)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in (
        "個別支援計画（第1版）",
        "髙橋 美咲",
        "今のアパートで、猫と暮らしたい",
        "地域で一人暮らしを続ける",
        "買い物の付き添い",
        "本人署名欄",
        "日付",
        "相談支援専門員",
        "carol-center",
        "令和6年4月1日",
    ):
        assert expected in text, expected
    entry = AuditEntry.objects.get(user=provider_staff, action=AuditAction.EXPORT)
    assert (entry.target_id, entry.summary) == (str(support_plan.pk), "format=pdf version=1")
    assert not _audited(provider_staff, AuditAction.VIEW, support_plan)


def test_the_pdf_of_an_old_version_says_so(client, center_staff, login, support_plan):
    plan_revise(
        actor="test",
        plan=support_plan,
        staff=center_staff,
        starts_on=date(2024, 10, 1),
        wished_life="新しい暮らし",
        goals=GOALS,
    )
    login(client, center_staff)
    text = (
        PdfReader(io.BytesIO(client.get(f"/plans/{support_plan.pk}/plan.pdf").content))
        .pages[0]
        .extract_text()
    )
    assert "最新の計画ではありません" in text


# ---- query counts ---------------------------------------------------------------------


def test_the_plan_page_has_a_fixed_number_of_queries(
    client,
    center_staff,
    login,
    support_plan,
    center_org,
    django_assert_max_num_queries,
    time_machine,
):
    time_machine.move_to(date(2026, 1, 10))
    for month in range(7, 13):
        make_monitoring(support_plan, center_staff, center_org, monitored_on=date(2024, month, 2))
    login(client, center_staff)
    with django_assert_max_num_queries(14):
        response = client.get(f"/plans/{support_plan.pk}/")
    assert response.content.decode().count("一部達成") >= 12


def test_the_plan_list_has_a_fixed_number_of_queries(
    client, center_staff, login, region, center_org, django_assert_max_num_queries
):
    for i in range(12):
        p = person_create(
            actor="test",
            region=region,
            family_name=f"試験{i}",
            family_name_kana="シケン",
            organizations=[center_org],
        )
        make_plan(p, center_staff, center_org)
    login(client, center_staff)
    with django_assert_max_num_queries(11):  # audit entry and disaster banner
        page = client.get("/plans/").content.decode()
    assert page.count("/plans/") >= 12 and "試験11" in page
