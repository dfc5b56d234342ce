"""サービス等利用計画: 計画案 → 支給決定 → 本計画 with versions kept, the モニタリング報告書 on the
decided 期間, who may see them, what is audited, and both PDFs read back with pypdf."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from tests.plans.fixtures_usage import ITEMS, make_certificate, make_usage_draft

from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.plans.usage.models import PlanStage, UsagePlan
from tsunagu.plans.usage.services import (
    usage_plan_decide,
    usage_plan_finalize,
    usage_plan_revise,
    usage_plan_update,
)


def _audited(user, action, obj) -> bool:
    return AuditEntry.objects.filter(
        user=user, action=action, target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).exists()


def _pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.mark.parametrize(
    ("interval", "due"), [(1, date(2024, 5, 1)), (3, date(2024, 7, 1)), (6, date(2024, 10, 1))]
)
def test_the_plan_goes_from_draft_through_decision_to_a_final_plan_kept_apart(
    person, center_staff, center_org, interval, due
):
    certificate = make_certificate(person, monitoring_interval=interval)
    draft = make_usage_draft(person, center_staff, center_org)
    assert (draft.stage, draft.version, draft.superseded) == (PlanStage.DRAFT, 1, False)

    with pytest.raises(ValidationError):  # not decided yet
        usage_plan_finalize(
            actor="test", plan=draft, written_on=date(2024, 3, 25),
            consented_on=date(2024, 3, 25), starts_on=date(2024, 4, 1),
        )  # fmt: skip
    usage_plan_decide(
        actor="test", plan=draft, decided_on=date(2024, 3, 20), certificate=certificate
    )
    final = usage_plan_finalize(
        actor="test", plan=draft, written_on=date(2024, 3, 25),
        consented_on=date(2024, 3, 26), starts_on=date(2024, 4, 1),
    )  # fmt: skip

    draft.refresh_from_db()
    assert final.pk != draft.pk
    assert (final.stage, final.version, final.previous_id) == (PlanStage.FINAL, 2, draft.pk)
    assert (draft.stage, draft.superseded) == (PlanStage.DECIDED, True)
    assert final.consented_on == date(2024, 3, 26)
    assert final.certificate == certificate
    # the monitoring follows the 期間 decided on the 受給者証
    assert (final.monitoring_interval, final.next_monitoring_on) == (interval, due)
    # the 案's rows are kept with it, and copied to the 本計画
    assert [i.goal for i in draft.items.all()] == [i.goal for i in ITEMS]
    assert [i.goal for i in final.items.all()] == [i.goal for i in ITEMS]
    assert final.weekly.count() == draft.weekly.count() == 4
    with pytest.raises(ValidationError):  # a decided 案 no longer changes
        usage_plan_update(actor="test", plan=draft, items=ITEMS, wishes="x", policy="x",
                          long_goal="x", short_goal="x", written_on=date(2024, 3, 1))  # fmt: skip


def test_a_revision_is_a_new_draft_and_the_final_plan_stays_readable(
    client, login, usage_plan, center_staff
):
    new = usage_plan_revise(
        actor="test", plan=usage_plan, staff=center_staff, written_on=date(2025, 2, 1)
    )
    usage_plan.refresh_from_db()
    assert (new.version, new.stage, new.previous_id) == (3, PlanStage.DRAFT, usage_plan.pk)
    assert usage_plan.superseded
    assert UsagePlan.objects.filter(person=usage_plan.person).count() == 3
    login(client, center_staff)
    page = client.get(f"/plans/usage/{usage_plan.pk}/").content.decode()
    assert "この版は旧版です。最新は第3版です。" in page
    assert "週3回、生活介護に通う" in page


def test_only_one_current_plan_per_person(person, center_staff, center_org, usage_draft):
    make_usage_draft(person, center_staff, center_org)
    with pytest.raises(ValidationError):
        make_usage_draft(person, center_staff, center_org)


def test_the_certificate_is_checked(person):
    with pytest.raises(ValidationError) as error:
        make_certificate(person, number="12345")
    assert "10桁" in str(error.value)
    with pytest.raises(ValidationError):
        make_certificate(person, decided_until=date(2024, 1, 1))


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_worker_writes_the_plan_and_its_report_in_the_pages(
    client, login, person, center_staff, benefit_certificate
):
    login(client, center_staff)
    data = {
        "written_on": "R6.3.1",
        "wishes": "猫と暮らしたい",
        "policy": "本人のペースで",
        "long_goal": "一人暮らしを続ける",
        "short_goal": "通所を続ける",
        **_management("items", 2),
        **_management("weekly", 1),
        "items-0-issue": "日中の居場所",
        "items-0-goal": "週3回通う",
        "items-0-services": "生活介護 週3回",
        "items-1-issue": "",
        "items-1-goal": "",
        "weekly-0-weekday": "1",
        "weekly-0-starts_at": "09:30",
        "weekly-0-ends_at": "15:00",
        "weekly-0-activity": "生活介護",
    }
    response = client.post(f"/plans/usage/person/{person.pk}/new/", data)
    assert response.status_code == 302, response.content.decode()
    draft = UsagePlan.objects.get(person=person)
    assert [i.goal for i in draft.items.all()] == ["週3回通う"]
    assert _audited(center_staff, AuditAction.CREATE, draft)

    response = client.post(
        f"/plans/usage/{draft.pk}/decide/",
        {"decided_on": "R6.3.20", "certificate": str(benefit_certificate.pk)},
    )
    assert response.status_code == 302
    response = client.post(
        f"/plans/usage/{draft.pk}/finalize/",
        {"written_on": "R6.3.25", "consented_on": "R6.3.25", "starts_on": "R6.4.1"},
    )
    final = UsagePlan.objects.get(person=person, superseded=False)
    assert response["Location"] == f"/plans/usage/{final.pk}/"
    item = final.items.get()
    response = client.post(
        f"/plans/usage/{final.pk}/monitoring/new/",
        {
            "monitored_on": "R6.7.1",
            "overall": "落ち着いて通えている",
            f"item{item.pk}-achievement": "achieved",
            f"item{item.pk}-satisfaction": "楽しい",
            f"item{item.pk}-change_weekly": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    final.refresh_from_db()
    report = final.monitorings.get()
    assert report.items.get().change_weekly
    assert final.next_monitoring_on == date(2024, 10, 1)  # 3か月 after the monitoring


def test_a_page_without_required_fields_answers_with_errors_not_a_server_error(
    client, login, person, center_staff
):
    login(client, center_staff)
    response = client.post(
        f"/plans/usage/person/{person.pk}/new/",
        {**_management("items", 1), **_management("weekly", 1), "weekly-0-weekday": "9"},
    )
    assert response.status_code == 200
    assert not UsagePlan.objects.filter(person=person).exists()


def test_viewing_and_printing_are_audited_and_the_pdfs_hold_the_reference_form(
    client, login, usage_plan, usage_monitoring, center_staff
):
    login(client, center_staff)
    assert client.get(f"/plans/usage/{usage_plan.pk}/").status_code == 200
    assert _audited(center_staff, AuditAction.VIEW, usage_plan)

    response = client.get(f"/plans/usage/{usage_plan.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert _audited(center_staff, AuditAction.EXPORT, usage_plan)
    text, reader = _pdf_text(response.content)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    for words in (
        "サービス等利用計画",
        "利用者同意署名欄",
        "同意日",
        "総合的な援助の方針",
        "解決すべき課題",
        "週3回、生活介護に通う",
        "1234567890",
        "週間計画表",
        "週単位以外のサービス",
        "月1回 通院",
    ):
        assert words in text.replace("\n", ""), words

    response = client.get(f"/plans/usage/monitoring/{usage_monitoring.pk}/report.pdf")
    assert _audited(center_staff, AuditAction.EXPORT, usage_monitoring)
    text, reader = _pdf_text(response.content)
    flat = text.replace("\n", "")
    for words in ("モニタリング報告書", "全体の状況", "生活のリズムが整ってきた", "一部達成",
                  "サービス量の変更：有", "利用者同意署名欄"):  # fmt: skip
        assert words in flat, words


def test_provider_staff_see_neither_the_plan_nor_it_in_the_due_list(
    client, login, usage_plan, provider_staff, center_staff
):
    login(client, provider_staff)
    assert client.get(f"/plans/usage/{usage_plan.pk}/").status_code == 403
    assert client.get(f"/plans/usage/{usage_plan.pk}/plan.pdf").status_code == 403
    assert "生活介護に通う" not in client.get("/plans/due/?all=1").content.decode()
    assert not AuditEntry.objects.filter(
        user=provider_staff, target_type="plans.usageplan"
    ).exists()

    login(client, center_staff)
    page = client.get("/plans/due/").content.decode()
    assert "サービス等利用計画のモニタリング" in page
    assert f"/plans/usage/{usage_plan.pk}/monitoring/new/" in page


def test_another_regions_staff_get_404(client, login, usage_plan, outsider):
    login(client, outsider)
    assert client.get(f"/plans/usage/{usage_plan.pk}/").status_code == 404


def test_a_merge_moves_the_plans_and_keeps_one_current(
    region, usage_plan, usage_monitoring, center_staff, center_org, admin
):
    from tsunagu.people.services import person_create, person_merge

    keep = person_create(
        actor="test", region=region, family_name="髙橋", given_name="美咲",
        family_name_kana="タカハシ", given_name_kana="ミサキ", is_fictional=True,
    )  # fmt: skip
    own = make_usage_draft(keep, center_staff, center_org)
    person_merge(actor=admin, keep=keep, merge=usage_plan.person)
    plans = UsagePlan.objects.filter(person=keep)
    assert plans.count() == 3  # its own 案, the merged 案 and 本計画
    assert list(plans.filter(superseded=False)) == [own]
    usage_monitoring.refresh_from_db()
    assert usage_monitoring.person_id == keep.pk
    assert keep.benefit_certificates.count() == 1
