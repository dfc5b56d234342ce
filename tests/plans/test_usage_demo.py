"""The demo サービス等利用計画: a 本計画 with its report, a 計画案, a 障害児支援利用計画; idempotent."""

from datetime import date

from tsunagu.people.services import person_create
from tsunagu.plans.demo import demo_plans_load
from tsunagu.plans.usage.models import PlanStage, UsageMonitoring, UsagePlan
from tsunagu.plans.usage.pdf import monitoring_pdf, plan_pdf


def _persons(region):
    for name, born in (("一郎", date(1980, 1, 1)), ("花子", date(2015, 5, 5))):
        person_create(
            actor="test", region=region, family_name="デモ", given_name=name,
            family_name_kana="デモ", birth_date=born, is_fictional=True,
        )  # fmt: skip


def test_demo_loads_plans_and_runs_twice(region, center_staff, center_org, person):
    _persons(region)
    assert demo_plans_load(region=region) is True
    assert demo_plans_load(region=region) is False
    plans = UsagePlan.objects.filter(region=region)
    assert plans.filter(stage=PlanStage.FINAL, superseded=False).count() == 1
    assert plans.filter(stage=PlanStage.DRAFT, superseded=False, for_child=False).count() == 1
    assert plans.filter(for_child=True).count() == 1
    report = UsageMonitoring.objects.get()
    final = plans.get(stage=PlanStage.FINAL)
    assert final.next_monitoring_on == report.next_due_on
    # the demo prints
    assert plan_pdf(final).startswith(b"%PDF")
    assert monitoring_pdf(report).startswith(b"%PDF")


def test_demo_without_records_makes_no_plan(region, center_staff, person):
    _persons(region)
    assert demo_plans_load(region=region, with_records=False) is False
    assert not UsagePlan.objects.exists()
