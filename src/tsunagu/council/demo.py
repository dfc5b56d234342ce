"""Demo data for needs, community issues and the council (called by `tsunagu demo`).

Every need below is fictional and written for the demo in words of our own; they belong to
the demo's fictional persons. One group (住まい・親亡き後) is left as a candidate so the
secretariat has something to raise; two others are already issues at different steps."""

import random
from datetime import date, datetime, timedelta

from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind, Region, User
from tsunagu.core.roles import Role
from tsunagu.council.models import BodyKind, CommunityIssue, IssueStatus, ResourceKind
from tsunagu.council.services import (
    action_item_add,
    body_save,
    decision_add,
    issue_advance,
    issue_raise,
    issue_update,
    meeting_schedule,
    member_add,
    minutes_publish,
    minutes_request_review,
    minutes_review,
    minutes_save,
    proposal_create,
    resource_register,
)
from tsunagu.needs.models import Need
from tsunagu.needs.services import need_record
from tsunagu.people.detail_services import caregiver_add
from tsunagu.people.models import Person

ACTOR = "command:demo"

# (category code, text): fictional needs in varied wording.
DEMO_NEEDS = [
    ("mobility", "最寄りのバス停まで歩けず、通院はいつも家族の車に頼っている。"),
    ("mobility", "送迎のある作業所が町内になく、通所をあきらめた。"),
    ("mobility", "免許を返納した父に代わって送り迎えできる人がいない。"),
    ("mobility", "福祉タクシー券だけでは月に数回しか出かけられない。"),
    ("mobility", "駅にエレベーターがなく、車いすで電車に乗れない。"),
    ("mobility", "コミュニティバスの本数が少なく、買い物に行けない。"),
    ("future", "両親が八十代になり、親亡き後に本人が暮らす場所が決まっていない。"),
    ("housing", "グループホームの空きを一年以上待っている。"),
    ("housing", "一人暮らしをしたいが、保証人がいないためアパートを借りられない。"),
    ("future", "母が亡くなった後の生活の場を、兄弟で話し合えていない。"),
    ("housing", "体験入居できるグループホームが近くにない。"),
    ("emergency", "介護者が入院したとき、本人を預かってくれる短期入所がなかった。"),
    ("emergency", "ショートステイは予約がいっぱいで、急な利用ができない。"),
    ("emergency", "夜間に家族が倒れたときの緊急の受け入れ先がない。"),
    ("emergency", "医療的ケアがあるため短期入所を断られた。"),
    ("daytime", "日中に通える場所がなく、家で過ごす時間が長い。"),
    ("daytime", "作業所以外に、気軽に立ち寄れる居場所がほしい。"),
    ("daytime", "休日に過ごせる場所がなく、本人が退屈している。"),
    ("employment", "一般就労を目指しているが、職場実習の受け入れ先が少ない。"),
    ("employment", "就職してもすぐ辞めてしまい、職場に定着するための支援が必要。"),
    ("economy", "月末になると食費が足りなくなる。"),
    ("economy", "障害年金だけでは家賃と光熱費を払えない。"),
    ("economy", "冷蔵庫が壊れても買い替えるお金がない。"),
    ("pension", "障害年金の申請方法がわからない。"),
    ("pension", "役所の書類が難しく、一人では記入できない。"),
    ("workforce", "居宅介護の支給決定を受けたのに、来てくれるヘルパーがいない。"),
    ("workforce", "重度訪問介護に入れる事業所が圏域にない。"),
    ("workforce", "相談支援専門員が足りず、計画相談を何か月も待っている。"),
    ("participation", "十年近く自宅にひきこもっていて、外に出るきっかけがない。"),
    ("education", "特別支援学校を卒業した後の進路が決まっていない。"),
    ("education", "卒業後に通える生活介護事業所の空きがない。"),
    ("medical", "精神科の通院先が遠く、通うのが負担。"),
    ("rights", "お金の管理が難しく、日常生活自立支援事業を使いたい。"),
    ("communication", "聴覚障害があり、役所の窓口で手話通訳を頼めない。"),
    ("disaster", "災害時にどこへ避難すればよいかわからない。"),
]

BODIES = [
    (BodyKind.SECRETARIAT, "事務局会議", "毎月、相談から見えた課題を集めて整理する。"),
    (BodyKind.WORKING_GROUP, "相談支援部会", ""),
    (BodyKind.WORKING_GROUP, "地域移行・地域生活支援部会", ""),
    (BodyKind.WORKING_GROUP, "就労支援部会", ""),
    (BodyKind.WORKING_GROUP, "こども部会", ""),
    (BodyKind.WORKING_GROUP, "権利擁護部会", ""),
    (BodyKind.PLENARY, "全体会", "年2回。圏域の関係機関と市町村が集まる。"),
]


def demo_council_load(*, region: Region) -> bool:
    """Load the demo's needs, council bodies, issues and meetings once. True when made."""
    if Need.objects.filter(region=region).exists():
        return False
    rng = random.Random(20230401)  # noqa: S311 — reproducible demo data, not security
    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True)
        .select_related("municipality")
        .order_by("external_id")[:120]
    )
    if len(persons) < len(DEMO_NEEDS):
        return False
    center_staff = User.objects.filter(region=region, role=Role.CENTER_STAFF).first()
    secretariat = User.objects.filter(region=region, role=Role.SECRETARIAT).first()
    categories = {
        i.code: i for i in ListItem.objects.filter(region=region, kind=ListKind.NEED_CATEGORY)
    }
    today = dates.today_local()
    chosen = rng.sample(persons, len(DEMO_NEEDS))
    needs: dict[str, list[Need]] = {}
    for (code, text), person in zip(DEMO_NEEDS, chosen, strict=True):
        needs.setdefault(code, []).append(
            need_record(
                actor=center_staff or ACTOR,
                region=region,
                person=person,
                text=text,
                category=categories[code],
                resource_gap=code not in ("pension", "rights"),
                noted_on=today - timedelta(days=rng.randint(10, 400)),
                audit=False,
            )
        )
    for person in rng.sample(persons, 40):
        caregiver_add(actor=ACTOR, person=person, relation=rng.choice(["母", "父"]),
                      birth_year=rng.randint(1938, 1965), is_key=True)
    fiscal_year = dates.fiscal_year(today)
    for person in rng.sample(persons, 8):
        Person.objects.filter(pk=person.pk).update(
            school_leaving_year=fiscal_year + rng.randint(0, 2)
        )

    bodies = {name: body_save(actor=ACTOR, region=region, kind=kind, name=name,
                              description=description)
              for kind, name, description in BODIES}
    secretariat_body = bodies["事務局会議"]
    member = member_add(actor=ACTOR, body=secretariat_body, name="事務 三恵（デモ）",
                        role="事務局", user=secretariat)
    member_add(actor=ACTOR, body=secretariat_body, name="相談 一郎（デモ）",
               role="基幹相談支援センター", user=center_staff)

    actor = secretariat or ACTOR
    mobility = issue_raise(
        actor=actor, region=region, title="通院・通所・買い物の移動手段が足りない",
        category=categories["mobility"], needs=needs["mobility"],
        working_group=bodies["地域移行・地域生活支援部会"], priority="high",
        reason="事務局会議に向けて、相談から見えた移動の課題をまとめた",
    )
    issue_update(
        actor=actor, issue=mobility,
        description="バスの本数や送迎のある事業所が少なく、通院・通所・買い物を家族の送迎に頼っている。",
        viewpoint_diversity="身体・知的・精神の別なく、年齢も様々な方に見られる。",
        viewpoint_sociality="公共交通の縮小と家族の高齢化という、個人では解決できない問題。",
        viewpoint_commonality="圏域の複数の市町で同じ訴えがある。",
        viewpoint_foresight="運転する家族の高齢化と免許返納で、今後さらに増える。",
        is_published=True,
    )
    emergency = issue_raise(
        actor=actor, region=region, title="緊急時に預けられる先（短期入所）が足りない",
        category=categories["emergency"], needs=needs["emergency"],
        working_group=bodies["地域移行・地域生活支援部会"], priority="high",
        reason="介護者の急病時に受け入れ先がない事例が続いた",
    )
    issue_update(actor=actor, issue=emergency, is_published=True,
                 description="介護者の入院や急病のときに、本人をすぐ預けられる短期入所がない。",
                 viewpoint_foresight="親の高齢化で、緊急時の受け入れの必要は増え続ける。")

    first = datetime(today.year - 1, 10, 5, 14, 0, tzinfo=dates.TOKYO)
    meeting = meeting_schedule(actor=actor, body=secretariat_body, title="事務局会議（デモ）",
                               starts_at=first, venue="山武健康福祉センター",
                               issues=[mobility, emergency])
    minutes_save(actor=actor, meeting=meeting, attendees=[member],
                 minutes="1. 移動の課題: 部会で検討することとした。\n"
                         "2. 緊急時の受け入れ: 全体会で共有し提言にまとめる。")
    decision_add(actor=actor, meeting=meeting, issue=mobility, text="地域移行・地域生活支援部会で検討する。")
    action_item_add(actor=actor, meeting=meeting, issue=mobility, description="各市町の交通施策を調べる",
                    owner="事務局", due_on=first.date() + timedelta(days=30))
    minutes_request_review(actor=actor, meeting=meeting)
    if secretariat is not None:
        minutes_review(actor=secretariat, meeting=meeting, comment="確認しました。")
    minutes_publish(actor=actor, meeting=meeting)
    for issue, steps in (
        (mobility, [IssueStatus.ORGANIZED, IssueStatus.WORKING_GROUP]),
        (emergency, [IssueStatus.ORGANIZED, IssueStatus.WORKING_GROUP, IssueStatus.PLENARY,
                     IssueStatus.PROPOSED, IssueStatus.PLANNED, IssueStatus.DEVELOPING]),
    ):
        for step in steps:
            issue_advance(actor=actor, issue=issue, to_status=step, meeting=meeting,
                          reason="事務局会議で確認（デモ）")
    proposal_create(actor=actor, region=region, title="山武圏域の障害福祉計画への提言（デモ）",
                    issues=[emergency], proposed_on=first.date() + timedelta(days=60),
                    addressee="山武郡市6市町 障害福祉担当課長 様", is_published=True,
                    preface="自立支援協議会での検討を踏まえ、次のとおり提言します。")
    resource_register(actor=actor, issue=emergency, kind=ResourceKind.IMPROVED,
                      name="緊急時受け入れの輪番体制（デモ）",
                      organization_name="圏域の短期入所事業所",
                      starts_on=date(today.year, 4, 1))
    return CommunityIssue.objects.filter(region=region).exists()
