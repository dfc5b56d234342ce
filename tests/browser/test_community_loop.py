"""個別課題→地域課題→協議会→社会資源開発, in the browser, the way the people do it:
a worker records needs, the secretariat sees a de-identified candidate appear with the third
person, raises it, carries it through a meeting to a proposal and a new resource, and the
original workers are told and record that the need is met."""

import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from tests.council.fixtures import MOBILITY_NEEDS, need_category

from tsunagu.core import dates
from tsunagu.council.models import BodyKind, CommunityIssue, IssueStatus
from tsunagu.council.services import body_save, meeting_schedule
from tsunagu.needs.models import Need
from tsunagu.needs.services import need_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["佐々木", "井上", "林"]


def _no_names(page):
    html = page.content()
    assert not any(name in html for name in NAMES), page.url
    # the secretariat's "same need?" question is the one place a statement is quoted, redacted
    html = re.sub(r'<section[^>]*aria-labelledby="question-title".*?</section>', "", html, flags=re.S)
    assert not any(text in html for *_r, text in MOBILITY_NEEDS), page.url


def test_needs_become_an_issue_a_proposal_and_a_resource(
    page, sign_in, center_staff, secretariat, region, mobility_persons, keep_screenshot
):
    category = need_category(region, "mobility")
    for person, (*_r, text) in zip(mobility_persons[:2], MOBILITY_NEEDS[:2], strict=True):
        need_record(actor=center_staff, region=region, person=person, text=text,
                    category=category)
    body = body_save(actor="test", region=region, kind=BodyKind.SECRETARIAT, name="事務局会議")
    meeting_schedule(actor="test", body=body, title="第3回 事務局会議",
                     starts_at=datetime(2026, 11, 1, 14, 0, tzinfo=dates.TOKYO))

    # Only two persons so far: no candidate for the secretariat.
    sign_in(secretariat)
    page.goto("/needs/candidates/")
    assert page.get_by_role("button", name="地域課題として提起").count() == 0

    # The worker records the third person's need; the category is suggested while typing.
    sign_in(center_staff)
    third = mobility_persons[2]
    page.goto(f"/needs/new/?person={third.pk}")
    page.get_by_label("ニーズ・生活課題").fill(MOBILITY_NEEDS[2][3])
    suggestion = page.locator("#need-suggestions button", has_text="移動・交通")
    suggestion.wait_for()
    page.locator("#need-suggestions").get_by_text("同様のニーズ").wait_for()
    suggestion.click()
    assert page.get_by_label("課題分類").evaluate("e => e.options[e.selectedIndex].text") == "移動・交通"
    page.get_by_role("button", name="記録").click()
    page.get_by_text("ニーズを記録しました。").wait_for()
    assert Need.objects.filter(person=third).exists()

    # The secretariat now sees a candidate: three persons, no names, no words of the records.
    sign_in(secretariat)
    page.goto("/dashboard/")
    page.get_by_role("link", name="地域課題の候補").click()
    page.get_by_role("heading", name="3人・3市町村").wait_for()
    _no_names(page)
    page.get_by_label("課題名").fill("移動手段が足りない")
    page.get_by_role("button", name="地域課題として提起").click()
    page.get_by_label("将来予測").fill("家族の高齢化と免許返納で、送迎に頼れなくなる。")
    page.get_by_label("公開ページに載せる").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="移動手段が足りない").wait_for()
    _no_names(page)

    # Through the meeting, step by step, each with a reason.
    issue = CommunityIssue.objects.get()
    for step, reason in [
        ("事務局会議で整理", "論点を整理"),
        ("部会で検討", "部会で対策を検討"),
        ("全体会で共有", "全体会で共有"),
        ("提言", "提言にまとめる"),
    ]:
        page.get_by_label("次の段階").select_option(label=step)
        page.get_by_label("理由・経過").fill(reason)
        page.get_by_label("会議").select_option(label="第3回 事務局会議")
        page.get_by_role("button", name="記録する").click()
        page.get_by_text("段階を記録しました。").wait_for()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PROPOSED
    assert issue.transitions.filter(meeting__title="第3回 事務局会議").count() == 4

    # The proposal document, from the issue, downloaded as a PDF a municipality can open.
    page.goto("/council/proposals/new/")
    page.get_by_label("表題").fill("移動手段についての提言")
    page.get_by_label("提言日").fill("R8.11.20")
    page.get_by_label("移動手段が足りない").check()
    page.get_by_role("button", name="作成する").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDFで保存").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "移動手段が足りない" in text
    assert not any(name in text for name in NAMES)
    page.goto(f"/council/issues/{issue.pk}/")

    # A new resource: the workers whose persons' needs fed the issue are told.
    page.get_by_label("社会資源の名称").fill("乗合送迎サービス")
    page.get_by_role("button", name="登録して知らせる").click()
    page.get_by_text("お知らせしました").wait_for()
    keep_screenshot("community-issue")

    sign_in(center_staff)
    page.goto("/dashboard/")
    page.get_by_role("link", name="未読のお知らせ").click()
    page.get_by_role("heading", name="地域課題「移動手段が足りない」に社会資源ができました").wait_for()
    page.get_by_role("button", name="開く").first.click()
    page.get_by_role("heading", name="地域課題「移動手段が足りない」の根拠になったニーズ").wait_for()
    first_row = page.locator("tbody tr").first
    first_row.get_by_label("どのように満たされたか").fill("送迎サービスを利用開始")
    first_row.get_by_role("button", name="満たされた").click()
    page.get_by_text("ニーズが満たされたことを記録しました。").wait_for()
    assert Need.objects.filter(met_at__isnull=False).count() == 1

    # The published issue is on the public page, without a login and without names.
    page.context.clear_cookies()
    page.goto(f"/public/{region.code}/council/")
    page.get_by_role("link", name="移動手段が足りない").click()
    page.get_by_role("heading", name="移動手段が足りない").wait_for()
    _no_names(page)
