"""A week of the lecture's community work, in the browser: a member records a 地域の声; the
candidate issue shows the persons and the 地域の声 apart (grouped by the same analysis), center
staff raise it and its evidence shows both; they log a 地域支援 activity with partners linked to
that issue (after the personal-data warning), a visit to a provider, a 個別支援会議 with a need
raised, the de-identified case of a 合同事例検討会 that the provider then reads; the annual report
shows the section and its XLSX carries it (read with openpyxl). axe on each page reached."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from tests.community.fixtures import CASE_SUMMARY, make_conference_event

from tsunagu.community.models import (
    CaseConference,
    CaseMeeting,
    CommunityActivity,
    Observation,
    ProviderSupport,
)
from tsunagu.core import dates
from tsunagu.council.models import CommunityIssue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_clean(page) -> None:
    page.evaluate("async () => { await document.fonts.ready; }")
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0].get('target') if v['nodes'] else ''}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert blocking == [], f"{page.url}:\n" + "\n".join(blocking)


def test_a_week_of_community_work(
    page,
    context,
    sign_in,
    region,
    member,
    center_staff,
    provider_staff,
    center_org,
    provider_org,
    person,
    mobility_needs,
    anonymous_consent,
):
    today = dates.today_local().isoformat()
    member.organization = provider_org  # a ホッとステーション of the network
    member.save()

    # A network member records what a ホッとステーション heard.
    sign_in(member)
    page.goto("/dashboard/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="地域の声"
    ).click()
    page.wait_for_url(re.compile(r"/community/voices/new/$"))
    _axe_clean(page)
    page.select_option("#id_source", label="ホッとステーション")
    page.select_option("#id_municipality", label="東金市")
    page.select_option("#id_category", label="移動・交通")
    page.fill("#id_text", "バスが少なくて店まで来られないという声を聞いた。")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("地域の声を記録しました。").wait_for()
    assert Observation.objects.get().organization == member.organization
    context.clear_cookies()

    # The candidate: three persons' needs, and the voice beside them, never as a person.
    sign_in(center_staff)
    page.goto("/needs/candidates/")
    _axe_clean(page)
    assert "3人・3市町村 ＋ 地域の声 1件（1機関）" in page.content()
    page.fill("#title-1", "通院・買い物の移動手段が足りない")
    page.get_by_role("button", name="地域課題として提起").click()
    page.get_by_text("地域課題を提起しました。").wait_for()
    issue = CommunityIssue.objects.get()
    page.goto(f"/council/issues/{issue.pk}/")
    _axe_clean(page)
    assert "地域の声（同じ分析でまとまったもの）：1件（1機関）。人数には数えません。" in page.content()

    # Center staff log a 地域支援 activity; a name typed by mistake is warned about.
    page.goto("/community/")
    _axe_clean(page)
    page.get_by_role("link", name="地域支援を記録する").click()
    page.fill("#id_held_on", today)
    page.fill("#id_title", "自治会の役員会でホッとステーションを紹介")
    page.fill("#id_minutes", "90")
    page.get_by_label("東金市").check()
    page.select_option("#id_method", label="地域ネットワーク作り")
    page.get_by_label("ソーシャルサポートネットワーク形成・調整").check()
    page.select_option("#id_partner_organizations", label=provider_org.name)
    page.fill("#id_participants", "14")
    page.fill("#id_what_happened", "山田太郎さんの家で役員会。協力店の仕組みを説明した。")
    page.select_option("#id_community_issue", label=str(issue))
    page.select_option("#id_partners-0-kind", label="自治会")
    page.fill("#id_partners-0-name", "南上宿自治会")
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("個人を特定できる情報が書かれているようです").first.wait_for()
    _axe_clean(page)
    assert not CommunityActivity.objects.exists()
    page.fill("#id_what_happened", "公民館で役員会。協力店の仕組みを説明した。")
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("地域支援の記録を登録しました。").wait_for()
    _axe_clean(page)
    activity = CommunityActivity.objects.get()
    assert activity.community_issue == issue
    assert [p.name for p in activity.partners.all()] == ["南上宿自治会"]
    assert "南上宿自治会" in page.content() and issue.title in page.content()
    page.get_by_role("navigation", name="地域支援のメニュー").get_by_role(
        "link", name="年度のまとめ"
    ).click()
    _axe_clean(page)
    assert "地域ネットワーク作り" in page.content()

    # A visit to a provider.
    page.goto("/community/providers/new/")
    _axe_clean(page)
    page.select_option("#id_organization", label=provider_org.name)
    page.select_option("#id_kind", label="訪問")
    page.fill("#id_held_on", today)
    page.fill("#id_minutes", "60")
    page.fill("#id_notes", "行動障害のある方の支援について、職員と一緒に考えた。")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("事業所支援を記録しました。").wait_for()
    _axe_clean(page)
    assert ProviderSupport.objects.get().organization == provider_org

    # A 個別支援会議 from the person page, with a need raised there.
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="個別支援会議を記録").click()
    page.wait_for_url(re.compile(rf"/community/meetings/new/{person.pk}/$"))
    _axe_clean(page)
    page.fill("#id_held_on", today)
    page.fill("#id_decisions", "短期入所の体験利用を進める。")
    page.fill("#id_need-text", "緊急時に泊まれる場所がない。")
    page.select_option("#id_need-category", label="緊急時対応・短期入所")
    page.select_option("#id_attendees-0-organization", label=provider_org.name)
    page.fill("#id_attendees-0-role", "計画相談")
    page.fill("#id_actions-0-who", "計画相談")
    page.fill("#id_actions-0-what", "短期入所先に空きを問い合わせる")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("個別支援会議を記録しました。").wait_for()
    _axe_clean(page)
    meeting = CaseMeeting.objects.get()
    assert meeting.needs.get().text == "緊急時に泊まれる場所がない。"
    assert "緊急時に泊まれる場所がない。" in page.content()

    # A 合同事例検討会: the case de-identified (a name is refused), attendance by organization.
    event = make_conference_event(region, day=dates.today_local(), title="合同事例検討会（今月）")
    page.get_by_role("navigation", name="地域支援のメニュー").get_by_role(
        "link", name="合同事例検討会"
    ).click()
    _axe_clean(page)
    page.get_by_role("link", name="検討会の事例を記録する").click()
    _axe_clean(page)
    page.select_option("#id_event", label=event.title)
    page.select_option("#id_person", label=person.full_name)
    page.fill("#id_case_summary", f"{person.full_name}さんの事例。")
    page.select_option("#id_attendance-0-organization", label=center_org.name)
    page.fill("#id_attendance-0-count", "2")
    page.select_option("#id_attendance-1-organization", label=provider_org.name)
    page.fill("#id_attendance-1-count", "3")
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("個人を特定できる情報").first.wait_for()
    _axe_clean(page)
    assert not CaseConference.objects.exists()
    page.fill("#id_case_summary", CASE_SUMMARY)
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("合同事例検討会の事例を記録しました。").wait_for()
    _axe_clean(page)
    assert "出席した機関（計 5 人）" in page.content()
    conference = CaseConference.objects.get()

    # The annual report shows the 地域支援 section; its XLSX carries it.
    year = dates.fiscal_year(dates.today_local())
    page.goto(f"/reports/annual/?year={year}")
    _axe_clean(page)
    assert page.get_by_text("地域支援 方法別 件数").count() >= 1
    assert page.get_by_text("個別支援会議 開催回数").count() >= 1
    response = page.request.get(f"/reports/annual/jisseki.xlsx?year={year}")
    assert response.ok
    rows = [
        (r[0], r[1])
        for r in load_workbook(io.BytesIO(response.body())).active.iter_rows(values_only=True)
        if r and r[0]
    ]
    assert ("地域ネットワーク作り", 1) in rows
    assert ("個別支援会議", 1) in rows
    assert ("合計", 1) in rows  # 事業所支援
    assert ("ホッとステーション", 1) in rows  # 地域の声 by source
    context.clear_cookies()

    # The provider attended: its staff read the case, never the person.
    sign_in(provider_staff)
    page.goto(f"/community/conferences/{conference.pk}/")
    _axe_clean(page)
    assert CASE_SUMMARY in page.content() and person.full_name not in page.content()
