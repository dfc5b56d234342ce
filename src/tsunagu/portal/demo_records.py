"""Fictional persons and consultations for the 山武 demo (`tsunagu demo`).

Only one figure here is real: the center published 276 persons consulted in 令和4年度
(DOMAIN.md), and the demo's 令和4年度 report reproduces that total. Every person, name,
breakdown and record below is invented — the split of the 276 by 市町村 too (weights roughly
by population, not the center's figures; the report page says so) — generated from a fixed
seed so that every run gives the same region, and every person is marked 架空 (is_fictional)."""

import random
from datetime import date, datetime, timedelta

from django.db import transaction

from tsunagu.consultations.models import Consultation
from tsunagu.consultations.services import consultation_record
from tsunagu.core import dates
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction, ListItem, ListKind, Organization, Region, User
from tsunagu.people.models import Person
from tsunagu.people.services import person_create

PERSONS_CONSULTED_R4 = 276  # 基幹相談支援センター相談対応実績（令和4年度）: 全276名
SEED = 20220401

FAMILY = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("髙橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡邊", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("齋藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山﨑", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("石川", "イシカワ"),
    ("小川", "オガワ"),
    ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"),
    ("藤田", "フジタ"),
    ("後藤", "ゴトウ"),
    ("近藤", "コンドウ"),
    ("遠藤", "エンドウ"),
    ("青木", "アオキ"),
    ("坂本", "サカモト"),
    ("鵜澤", "ウザワ"),
    ("實川", "ジツカワ"),
]
GIVEN = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("健太", "ケンタ"),
    ("美咲", "ミサキ"),
    ("翔", "ショウ"),
    ("陽菜", "ヒナ"),
    ("大輔", "ダイスケ"),
    ("結衣", "ユイ"),
    ("誠", "マコト"),
    ("恵子", "ケイコ"),
    ("浩二", "コウジ"),
    ("由美", "ユミ"),
    ("拓海", "タクミ"),
    ("さくら", "サクラ"),
    ("修", "オサム"),
    ("和子", "カズコ"),
    ("蓮", "レン"),
    ("葵", "アオイ"),
    ("隆", "タカシ"),
    ("直美", "ナオミ"),
    ("悠斗", "ユウト"),
    ("千尋", "チヒロ"),
    ("勝", "マサル"),
    ("幸子", "サチコ"),
]
# Rough weights by municipality, in proportion to population (data/sanbu_population_2021.csv).
MUNICIPALITY_WEIGHTS = {
    "12213": 575,
    "12237": 475,
    "12239": 478,
    "12403": 142,
    "12409": 67,
    "12410": 225,
}
DISABILITY_WEIGHTS = {
    "physical": 20,
    "intellectual": 30,
    "mental": 30,
    "developmental": 22,
    "brain_injury": 4,
    "intractable": 3,
    "smid": 3,
    "child": 8,
    "other": 4,
}
METHOD_WEIGHTS = {
    "phone": 45,
    "visit_in": 12,
    "home_visit": 14,
    "email": 6,
    "fax": 1,
    "accompany": 6,
    "case_meeting": 8,
    "agency": 6,
    "online": 1,
    "other": 1,
}
CALLER_WEIGHTS = {"self": 40, "family": 30, "agency": 22, "government": 6, "other": 2}
RECORD_SNIPPETS = [
    "通院の付き添いについて相談。移動手段の確保が課題。",
    "日中活動の場を探している。見学の調整を行う。",
    "家族の高齢化により今後の生活について不安がある。",
    "就労継続支援の利用について情報提供した。",
    "サービス等利用計画の作成について相談支援事業所を紹介。",
    "金銭管理の支援について相談。日常生活自立支援事業を案内。",
    "学校卒業後の進路について保護者から相談。",
    "夜間の不安が強く、電話で傾聴した。",
]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(rng: random.Random, fiscal_year: int) -> datetime:
    start, end = dates.fiscal_year_range(fiscal_year)
    day = start + timedelta(days=rng.randrange((end - start).days + 1))
    while not dates.is_business_day(day):
        day += timedelta(days=1)
        if day > end:
            day = start
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 16),
        rng.choice([0, 15, 30, 45]),
        tzinfo=dates.TOKYO,
    )


@transaction.atomic
def demo_records_load(
    *, region: Region, named: list[tuple], staff: list[User], organizations: dict[str, Organization]
) -> int:
    """Create the demo's persons and consultations unless they exist. Returns persons made."""
    if Person.objects.filter(region=region, external_id__startswith="demo-").exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    items = {(i.kind, i.code): i for i in ListItem.objects.filter(region=region)}
    municipalities = {m.code: m for m in region.municipalities.all()}
    center = next(o for o in organizations.values() if o.kind == "core_center")
    provider = next(o for o in organizations.values() if o.kind == "consultation")

    persons = []
    for i in range(PERSONS_CONSULTED_R4):
        if i < len(named):
            family, given, fkana, gkana, birth, mcode, assigned = named[i]
            orgs = [organizations[name] for name in assigned]
        else:
            (family, fkana), (given, gkana) = rng.choice(FAMILY), rng.choice(GIVEN)
            birth = date(rng.randint(1940, 2018), rng.randint(1, 12), rng.randint(1, 28))
            mcode = _weighted(rng, MUNICIPALITY_WEIGHTS)
            orgs = [center] + ([provider] if rng.random() < 0.3 else [])
        kinds = {_weighted(rng, DISABILITY_WEIGHTS) for _ in range(1 if rng.random() < 0.8 else 2)}
        persons.append(
            person_create(
                actor="command:demo",
                region=region,
                family_name=family,
                given_name=given,
                family_name_kana=fkana,
                given_name_kana=gkana,
                birth_date=birth,
                municipality=municipalities[mcode],
                organizations=orgs,
                disabilities=[items[(ListKind.DISABILITY_TYPE, k)] for k in sorted(kinds)],
                is_fictional=True,
                # Non-dialable (no local exchange starts with 00) and marked fictional: the
                # safety-check list and its printout show something to call with.
                phone=f"0475-00-{i + 1:04d}",
                address=f"{municipalities[mcode].name}架空町{i % 9 + 1}-{i % 30 + 1}",
                external_id=f"demo-{i + 1:04d}",
                audit=False,
            )
        )

    topic_codes = sorted(code for kind, code in items if kind == ListKind.SUPPORT_TOPIC)

    def record(person: Person | None, fiscal_year: int) -> None:
        topics = {rng.choice(topic_codes) for _ in range(rng.choice([1, 1, 2, 2, 3]))}
        consultation_record(
            actor="command:demo",
            region=region,
            occurred_at=_at(rng, fiscal_year),
            method=items[(ListKind.CONTACT_METHOD, _weighted(rng, METHOD_WEIGHTS))],
            caller_type=items[(ListKind.CALLER_TYPE, _weighted(rng, CALLER_WEIGHTS))],
            topics=[items[(ListKind.SUPPORT_TOPIC, t)] for t in sorted(topics)],
            person=person,
            duration_minutes=rng.choice([10, 15, 20, 30, 45, 60, 90]),
            record=rng.choice(RECORD_SNIPPETS) + "（架空の記録）",
            staff=rng.choice(staff),
            organization=center,
            audit=False,
        )

    today = dates.today_local()
    for person in persons:
        for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 9])):
            record(person, 2022)
        for year in range(2023, dates.fiscal_year(today) + 1):
            if rng.random() < 0.35:
                record(person, year)
    for _ in range(38):  # anonymous callers: counted in 延べ件数 only
        record(None, 2022)
    # Keep the current 年度's demo records in the past.
    Consultation.objects.filter(region=region, occurred_at__gt=dates.now_local()).delete()
    audit_record(
        actor="command:demo",
        action=AuditAction.CREATE,
        region=region,
        target_type="people.person",
        summary=f"demo: {len(persons)} fictional persons with consultations",
    )
    return len(persons)
