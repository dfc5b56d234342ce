"""A week of the lecture's community work, in the browser: a member records a 地域の声, center
staff log a 地域支援 activity with partners linked to a community issue (after the personal-data
warning), a visit to a provider, a 個別支援会議 with a need raised; the issue shows persons and
observations apart; the annual report carries the section. axe on each page reached."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tsunagu.community.models import CaseMeeting, CommunityActivity, Observation, ProviderSupport
from tsunagu.core import dates

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
    page, context, sign_in, region, member, center_staff, provider_org, person, issue
):
    today = dates.today_local().isoformat()

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

    # Center staff log a 地域支援 activity; a name typed by mistake is warned about.
    sign_in(center_staff)
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

    # The issue shows the persons' evidence and the 地域の声 apart.
    page.goto(f"/council/issues/{issue.pk}/")
    assert "地域の声（同じ分析でまとまったもの）：1件。人数には数えません。" in page.content()

    # The annual report carries the 地域支援 section.
    year = dates.fiscal_year(dates.today_local())
    page.goto(f"/reports/annual/?year={year}")
    assert page.get_by_text("地域支援 方法別 件数").count() >= 1
    assert page.get_by_text("個別支援会議 開催回数").count() >= 1
