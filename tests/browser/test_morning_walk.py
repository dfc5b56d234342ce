"""Issue 21's done-when: a center worker's morning and a disaster caller's list, walked in
the browser as a worker would, with every key and click counted.

dashboard → the overdue monitoring → a phone call recorded for one of two 石川 和子 →
a referral from that call → a need from that call, seen on the call's page; then, with
disaster mode on, the caller's list. Each step is checked with axe and kept as a screenshot
(test-artifacts/screenshots/morning_*.png); the counts go to test-artifacts/morning-walk.json.
What was saved is asserted, never the time."""

import json
import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from tests.council.fixtures import need_category
from tests.plans.fixtures import make_plan

from tsunagu.consultations.models import Consultation, Referral
from tsunagu.core import dates
from tsunagu.disaster.services import activation_start, registration_save
from tsunagu.needs.models import Need
from tsunagu.people.services import person_create, person_update

from .conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Counter:
    """Keys pressed and clicks made, per step, as a person would."""

    def __init__(self, page):
        self.page = page
        self.steps: dict[str, dict[str, int]] = {}
        self.step = ""

    def start(self, name: str) -> None:
        self.step = name
        self.steps[name] = {"keystrokes": 0, "clicks": 0}

    def click(self, locator) -> None:
        locator.click()
        self.steps[self.step]["clicks"] += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.steps[self.step]["keystrokes"] += len(text)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.steps[self.step]["keystrokes"] += 1

    def select(self, locator, label: str) -> None:
        """A drop-down chosen with the mouse: one click to open, one to choose."""
        locator.select_option(label=label)
        self.steps[self.step]["clicks"] += 2


def _serious(page) -> list:
    return [v for v in Axe().run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}]


@pytest.fixture
def morning(region, center_org, center_staff, provider_org):
    """Two 石川 和子 in 山武市 (one with 利用者ID A-101), both the worker's; the first has a
    plan whose monitoring is long overdue and a registration on the disaster list."""
    sammu = region.municipalities.get(code="12237")
    common = dict(actor="test", region=region, family_name="石川", given_name="和子",
                  family_name_kana="イシカワ", given_name_kana="カズコ", municipality=sammu,
                  organizations=[center_org], staff=[center_staff], is_fictional=True)
    elder = person_create(**common, birth_date=date(1948, 3, 9), external_id="A-101")
    younger = person_create(**common, birth_date=date(1961, 10, 2))
    today = dates.today_local()
    make_plan(elder, center_staff, center_org, starts_on=today - timedelta(days=200))
    person_update(actor="test", person=elder, phone="0475-00-1234",
                  address="山武市殿台1-2（架空）")
    registration_save(actor="test", region=region, person=elder, consent_on=date(2025, 4, 1),
                      power_dependent=True, notes="人工呼吸器を使用。")
    return elder, younger


def test_a_center_workers_morning_and_the_callers_list(
    page, sign_in, region, center_staff, provider_org, morning, keep_screenshot
):
    elder, younger = morning
    count = Counter(page)
    sign_in(center_staff)

    # 1. The dashboard says what is late; the number opens its list.
    count.start("dashboard_to_overdue_monitoring")
    # The first page of the process loads the needs analysis (candidate issues): slow once.
    page.goto("/dashboard/", timeout=60_000)
    overdue = page.locator('[data-key="plans.monitoring_overseen_overdue"] a')
    assert overdue.locator(".worklist__count").inner_text() == "1 件"
    assert _serious(page) == []
    keep_screenshot("morning_1_dashboard")
    count.click(overdue)
    page.wait_for_url(re.compile(r"/plans/overdue/$"))
    assert "石川 和子" in page.locator("main").inner_text()
    assert _serious(page) == []
    keep_screenshot("morning_2_overdue_monitoring")

    # 2. A phone call from the elder 石川 和子: typed, then told apart from the younger one.
    count.start("phone_call_for_one_of_two_same_name_persons")
    count.click(page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="ダッシュボード"))
    count.click(page.get_by_role("main").get_by_role("link", name="相談を記録"))
    page.wait_for_url(re.compile(r"/consultations/new/$"))
    count.type("いしかわ かずこ")  # the person field has the focus
    count.press("Tab", 4)  # 相談方法 (電話), 相談者 (本人), 相談者の氏名 → 支援内容
    count.press("3")  # 健康・医療に関する支援, by its number
    count.press("Tab", 2)  # → 対応時間
    count.type("10")
    count.press("Tab")
    count.type("体調を崩して通院日を変えたいと本人から電話。")
    count.press("Enter")  # in the textarea: a new line, not a submit
    count.click(page.get_by_role("button", name="記録する"))
    choices = page.locator("ul.candidates li")
    choices.first.wait_for()
    texts = choices.all_inner_texts()
    assert len(texts) == 2
    assert any("昭和23年3月9日生" in t and "利用者ID A-101" in t for t in texts)
    assert any("昭和36年10月2日生" in t for t in texts)
    assert _serious(page) == []
    keep_screenshot("morning_3_two_same_name_persons")
    count.click(choices.filter(has_text="利用者ID A-101").get_by_role("button"))
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    call = Consultation.objects.get()
    assert call.person == elder and call.person != younger
    assert list(call.topics.values_list("code", flat=True)) == ["health"]

    # 3. A referral from that call, due in a week.
    count.start("referral")
    due = dates.today_local() + timedelta(days=7)
    count.select(page.get_by_label("つなぎ先の機関"), provider_org.name)
    count.click(page.get_by_label("サービス・内容"))
    count.type("通院の付き添い")
    count.click(page.get_by_label("確認期限"))
    count.type(due.strftime("%Y/%m/%d"))
    count.click(page.get_by_role("button", name="つなぎを登録"))
    page.get_by_text("つなぎを登録しました。").wait_for()
    referral = Referral.objects.get()
    assert (referral.consultation, referral.due_on) == (call, due)
    keep_screenshot("morning_4_referral")

    # 4. The need heard in the call, recorded from it and seen on it.
    count.start("need_on_that_consultation")
    count.click(page.get_by_role("link", name="ニーズを記録"))
    page.get_by_label("ニーズ・生活課題").wait_for()
    count.click(page.get_by_label("ニーズ・生活課題"))
    count.type("通院に付き添える人が平日にいない。")
    category = need_category(region, "mobility")
    count.select(page.get_by_label("課題分類"), category.label)
    count.click(page.get_by_role("button", name="記録", exact=True))
    page.wait_for_url(re.compile(rf"/consultations/{call.pk}/$"))
    section = page.locator("section", has=page.locator("#consultation-needs"))
    assert "通院に付き添える人が平日にいない。" in section.inner_text()
    assert Need.objects.get().consultation == call
    assert _serious(page) == []
    keep_screenshot("morning_5_need_on_the_consultation")

    # 5. An earthquake: the caller's list has what is needed to call.
    count.start("disaster_callers_list")
    activation_start(actor="test", region=region, title="テスト地震", notify=False)
    page.goto("/dashboard/")
    page.wait_for_url(re.compile(r"/disaster/$"))
    count.click(page.get_by_role("link", name="安否確認リスト"))
    page.wait_for_url(re.compile(r"/disaster/checks/"))
    row = page.locator("tr", has_text="石川 和子").first
    assert row.locator('a[href="tel:0475-00-1234"]').count() == 1
    assert "山武市殿台1-2（架空）" in row.inner_text() and "人工呼吸器" in row.inner_text()
    assert _serious(page) == []
    keep_screenshot("morning_6_disaster_callers_list")

    report = {
        "steps": count.steps,
        "total": {
            "keystrokes": sum(s["keystrokes"] for s in count.steps.values()),
            "clicks": sum(s["clicks"] for s in count.steps.values()),
        },
        "note": "Keys and clicks a worker makes; page loads by typing a URL are not counted.",
    }
    out = REPO_ROOT / "test-artifacts" / "morning-walk.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
