"""The secretariat teaches the grouping: yes/no questions, merge, move, 'not a community issue'.

The analysis part runs without the database; the page part through the browser client, with the
real grouping and the real audit log."""

import re

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from tests.council.fixtures import MOBILITY_NEEDS, need_category

from tsunagu.core.models import AuditEntry
from tsunagu.needs.analysis import ClusterItem, analyze, cluster
from tsunagu.needs.analysis.cluster import average_linkage
from tsunagu.needs.analysis.feedback import FINAL_THRESHOLD, Answers, Grouper, simulate
from tsunagu.needs.models import Need, NeedDismissal, NeedPairAnswer
from tsunagu.needs.selectors import candidate_groups
from tsunagu.needs.services import need_group_split, need_move_out, need_record
from tsunagu.people.services import person_create

BUS = [
    "路線バスが廃止になり、通院できない。",
    "バスがなくなって病院に通えない。",
    "通院のバスが廃止され、病院へ行けない。",
    "バス路線がなくなり通院に困っている。",
]
GUARDIAN = [
    "成年後見人を頼める人がいない。",
    "後見人の引き受け手がいない。",
    "成年後見の担い手が足りない。",
]


def _items(texts):
    return [ClusterItem(str(i), f"P{i}", None, analyze(t)) for i, t in enumerate(texts)]


# ---- analysis ---------------------------------------------------------------------------


def test_kana_only_text_is_like_its_kanji_spelling_and_names_never_count():
    from tsunagu.needs.analysis.vectors import similarity_matrix

    kanji, kana, other = (
        analyze("病院に行くバスがなくなった"),
        analyze("びょういんにいくばすがなくなった"),
        analyze("成年後見人を頼める人がいない"),
    )
    sims = similarity_matrix([kanji, kana, other])
    assert sims[0, 1] > 0.3 > sims[0, 2]
    assert "タナカ" not in analyze("田中さんがバスに乗れない").reading
    assert analyze("田中さんがバスに乗れない").reading  # the rest is read


def test_a_need_in_no_topic_can_form_a_group():
    texts = [
        "庭の柿の木の枝が隣の家にはみ出している。",
        "柿の木の枝が隣の家にかかっている。",
        "隣の家まで柿の木の枝が伸びた。",
        "成年後見人を頼める人がいない。",
    ]
    items = _items(texts)
    assert not any(item.features.concepts for item in items[:3])  # no thesaurus topic
    labels = cluster(items)
    assert labels["0"] is not None and labels["0"] == labels["1"] == labels["2"]
    assert labels["3"] is None


def test_average_linkage_follows_must_and_cannot_links():
    sims = np.array([[1, 0.9, 0.1], [0.9, 1, 0.1], [0.1, 0.1, 1]], dtype=np.float32)
    assert average_linkage(sims, 0.5) == [[0, 1], [2]]
    assert average_linkage(sims, 0.5, cannot=[(0, 1)]) == [[0], [1], [2]]
    assert average_linkage(sims, 0.6, must=[(1, 2)]) == [[0], [1, 2]]  # mean 0.5 < 0.6


def test_block_sums_add_every_pair_across_two_groups():
    from tsunagu.needs.analysis.cluster import block_sums

    sims = np.arange(25, dtype=np.float32).reshape(5, 5)
    groups = [[3], [0, 4], [2, 1]]
    sums = block_sums(sims, groups)
    for x, gx in enumerate(groups):
        for y, gy in enumerate(groups):
            assert sums[x, y] == sum(float(sims[i, j]) for i in gx for j in gy)


def test_an_answer_holds_in_every_later_grouping():
    items = _items(BUS + GUARDIAN)
    assert len({cluster(items)[str(i)] for i in range(4)}) == 1
    labels = cluster(items, cannot_link=[("0", "1")])
    assert labels["0"] is None or labels["0"] != labels["1"]
    # tomorrow: more needs, the answer still holds
    more = _items([*BUS, *GUARDIAN, "バスの便が減り、通院が大変。"])
    labels = cluster(more, cannot_link=[("0", "1")])
    assert labels["0"] is None or labels["0"] != labels["1"]
    # must-link: two needs said to be one stay together even when the words differ
    labels = cluster(items, must_link=[("0", "4"), ("1", "4"), ("2", "4")])
    assert labels["0"] == labels["4"]


def test_questions_only_about_needs_in_a_group():
    items = _items([*BUS, "犬の散歩中に転んで骨折した。"])
    grouper = Grouper(items)
    pair = grouper.next_question(Answers())
    assert pair is not None
    assert "4" not in pair  # the one-off is in no group: never shown
    answers = Answers()
    asked = set()
    while (pair := grouper.next_question(answers)) is not None:
        assert frozenset(pair) not in asked  # never the same question twice
        asked.add(frozenset(pair))
        answers.add(*pair, same=True)
        assert len(answers) <= 10
    assert len({grouper.labels(answers)[str(i)] for i in range(4)}) == 1


def test_a_need_is_asked_against_groups_never_against_another_lone_need():
    """Every question has a group's anchor on one side: a lone need told "no" by one group is
    asked against the next group, and two lone needs are never asked about each other (the
    former strategy ended with "7 and 8?", two one-offs)."""
    one_offs = ["バスの本数が減って買い物に行けない。", "後見人に払う報酬が高くて頼めない。"]
    items = _items([*BUS, *GUARDIAN, *one_offs])
    truth = {str(i): ("bus" if i < 4 else "guardian" if i < 7 else "") for i in range(9)}
    grouper = Grouper(items)
    answers = Answers()
    asked = []
    while (pair := grouper.next_question(answers)) is not None:
        asked.append(frozenset(pair))
        answers.add(*pair, same=bool(truth[pair[0]]) and truth[pair[0]] == truth[pair[1]])
        assert len(answers) <= 20
    assert frozenset(("7", "8")) not in asked
    for lone in ("7", "8"):  # each one-off: "no" from one group, then asked against the other
        groups = {truth[other] for pair in asked if lone in pair for other in pair - {lone}}
        assert groups == {"bus", "guardian"}
    labels = grouper.labels(answers, FINAL_THRESHOLD)
    assert labels["7"] is None and labels["8"] is None
    assert len({labels[str(i)] for i in range(4)}) == 1 and labels["0"] is not None
    assert len(answers) <= len(items) + 1


def test_simulated_answers_fix_a_wrong_group():
    texts = [*BUS, *GUARDIAN]
    truth = {str(i): ("bus" if i < 4 else "guardian") for i in range(7)}
    labels, asked = simulate(Grouper(_items(texts)), truth, budget=7)
    assert asked <= 7
    assert len({labels[str(i)] for i in range(4)}) == 1
    assert labels["0"] is not None


def test_answers_lift_the_tuning_set():
    """The tuning set (tests/needs/data/eval_tune.csv, the set parameters are chosen on):
    0.347 without answers, 0.668 after one question per need with the anchor questions (0.647
    with the former "two cores most alike"; docs/needs-grouping.md). The floors catch a change
    that loses what the answers gain; no group ends below 3 persons."""
    import csv
    from pathlib import Path

    from tsunagu.needs.analysis import grouping_ari

    path = Path(__file__).resolve().parent / "data" / "eval_tune.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    items = [ClusterItem(r["id"], r["id"], None, analyze(r["text"])) for r in rows]
    truth = {r["id"]: r["issue"] for r in rows}
    before = cluster(items)
    after, asked = simulate(Grouper(items), truth, budget=len(rows))
    assert asked <= len(rows)
    order = [r["issue"] for r in rows]
    assert grouping_ari(order, [before[i.id] for i in items]) >= 0.33
    assert grouping_ari(order, [after[i.id] for i in items]) >= 0.65
    sizes: dict[str, int] = {}
    for label in after.values():
        if label:
            sizes[label] = sizes.get(label, 0) + 1
    assert min(sizes.values()) >= 3


# ---- the candidate page -----------------------------------------------------------------


@pytest.fixture
def bus_needs(region, center_staff, mobility_persons):
    category = need_category(region, "mobility")
    return [
        need_record(actor=center_staff, region=region, person=person, text=text, category=category)
        for person, text in zip(mobility_persons, BUS, strict=False)
    ]


def _question(body):
    match = re.search(r'name="token" value="([^"]+)"', body)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_secretariat_answers_a_question_and_it_is_kept(client, login, secretariat, bus_needs):
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    assert "同じニーズですか" in body
    assert not any(family in body for _c, _k, family, _t in MOBILITY_NEEDS)  # redacted, no name
    shown = AuditEntry.objects.filter(action="view", target_type="needs.need").count()
    assert shown == 2  # both statements shown: audited
    token = _question(body)
    response = client.post("/needs/candidates/answer/", {"token": token, "same": "no"})
    assert response.status_code == 302
    answer = NeedPairAnswer.objects.get()
    assert answer.same is False and answer.answered_by == secretariat
    assert AuditEntry.objects.filter(target_type="needs.needpairanswer").count() == 1
    # a forged token or answer changes nothing
    client.post("/needs/candidates/answer/", {"token": "forged", "same": "yes"})
    client.post("/needs/candidates/answer/", {"token": token, "same": "maybe"})
    assert NeedPairAnswer.objects.count() == 1


@pytest.mark.django_db
def test_not_a_community_issue_removes_the_candidate(client, login, secretariat, bus_needs, region):
    login(client, secretariat)
    body = client.get("/needs/candidates/").content.decode()
    group = re.search(r'name="group" value="([^"]+)"', body).group(1)
    client.post("/needs/candidates/action/", {"group": group, "action": "dismiss"})
    assert NeedDismissal.objects.count() == 3
    assert candidate_groups(region) == []
    assert "地域課題として提起" not in client.get("/needs/candidates/").content.decode()


@pytest.mark.django_db
def test_moving_a_need_out_of_its_group(center_staff, bus_needs, region, mobility_persons):
    groups = candidate_groups(region)
    assert len(groups) == 1 and len(groups[0].need_ids) == 3
    need_move_out(actor=center_staff, region=region, need=bus_needs[0], group=bus_needs)
    assert all(bus_needs[0].pk not in g.need_ids for g in candidate_groups(region))


@pytest.mark.django_db
def test_only_the_secretariat_answers(client, login, municipal_staff, bus_needs):
    login(client, municipal_staff)
    body = client.get("/needs/candidates/").content.decode()
    assert "同じニーズですか" not in body
    assert (
        client.post("/needs/candidates/answer/", {"token": "x", "same": "yes"}).status_code == 403
    )
    assert client.post("/needs/candidates/action/", {"action": "dismiss"}).status_code == 403
    assert not NeedPairAnswer.objects.exists()
    assert Need.objects.count() == 3


# ---- split and move ---------------------------------------------------------------------


def _regroup_link(body):
    match = re.search(r'href="(/needs/candidates/regroup/\?group=[^"]+)"', body)
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.mark.django_db
def test_secretariat_splits_a_need_off_its_candidate(client, login, secretariat, bus_needs, region):
    login(client, secretariat)
    link = _regroup_link(client.get("/needs/candidates/").content.decode())
    before = AuditEntry.objects.filter(action="view", target_type="needs.need").count()
    body = client.get(link).content.decode()
    assert body.count('name="need"') == 3
    assert not any(family in body for _c, _k, family, _t in MOBILITY_NEEDS)  # redacted
    shown = AuditEntry.objects.filter(action="view", target_type="needs.need").count() - before
    assert shown == 3  # each statement shown is audited
    token = re.search(r'name="group" value="([^"]+)"', body).group(1)
    # a need from outside the signed group is ignored: nothing chosen, nothing kept
    client.post(link, {"group": token, "need": "999999", "action": "split"})
    # all of them cannot be split from nothing
    client.post(link, {"group": token, "need": [n.pk for n in bus_needs], "action": "split"})
    assert not NeedPairAnswer.objects.exists()
    response = client.post(link, {"group": token, "need": bus_needs[0].pk, "action": "split"})
    assert response.status_code == 302
    kept = NeedPairAnswer.objects.all()
    assert len(kept) == 2 and not any(a.same for a in kept)
    assert all(bus_needs[0].pk in (a.first_id, a.second_id) for a in kept)
    assert all(bus_needs[0].pk not in g.need_ids for g in candidate_groups(region))


@pytest.mark.django_db
def test_moving_needs_into_another_candidate_holds(center_staff, bus_needs, region):
    category = need_category(region, "mobility")
    municipality = region.municipalities.first()
    guardian = [
        need_record(
            actor=center_staff,
            region=region,
            person=person_create(
                actor="test",
                region=region,
                family_name="試験",
                given_name=f"{i}",
                family_name_kana="シケン",
                given_name_kana="イチ",
                municipality=municipality,
                is_fictional=True,
            ),
            text=text,
            category=category,
        )
        for i, text in enumerate(GUARDIAN)
    ]
    groups = candidate_groups(region)
    assert sorted(len(g.need_ids) for g in groups) == [3, 3]
    written = need_group_split(
        actor=center_staff, region=region, moved=[bus_needs[0]], rest=bus_needs[1:], into=guardian
    )
    assert written == 5  # must-links through the target and the moved need; 2 cannot-links
    after = candidate_groups(region)
    assert len(after) == 1  # the bus group, down to 2 persons, is no candidate
    assert set(after[0].need_ids) == {bus_needs[0].pk, *(n.pk for n in guardian)}
    with pytest.raises(ValidationError):
        need_group_split(actor=center_staff, region=region, moved=[], rest=bus_needs)


@pytest.mark.django_db
def test_only_the_secretariat_splits(client, login, municipal_staff, bus_needs):
    login(client, municipal_staff)
    assert client.get("/needs/candidates/regroup/?group=x").status_code == 403
    assert client.post("/needs/candidates/regroup/", {"group": "x"}).status_code == 403
    assert not NeedPairAnswer.objects.exists()


def test_answers_teach_the_weights_only_once_there_are_enough():
    from tsunagu.needs.analysis.feedback import LEARN_MIN, learn_weights
    from tsunagu.needs.analysis.vectors import BLOCKS, WEIGHTS

    rng = np.random.default_rng(0)
    word = BLOCKS.index("word")
    # "yes" pairs share words, "no" pairs share topics only
    yes = rng.uniform(0.0, 0.3, size=(LEARN_MIN, len(BLOCKS)))
    yes[:, word] = rng.uniform(0.5, 0.9, size=LEARN_MIN)
    no = rng.uniform(0.3, 0.6, size=(LEARN_MIN, len(BLOCKS)))
    no[:, word] = rng.uniform(0.0, 0.2, size=LEARN_MIN)
    assert learn_weights(yes[:-1], no) is None  # too few answers: the defaults stay
    learnt = learn_weights(yes, no)
    total = sum(WEIGHTS.values())
    assert learnt["word"] > WEIGHTS["word"] / total
    assert abs(sum(learnt.values()) - 1.0) < 1e-9
    # half default, half learnt: no block drops below half its default share
    assert all(learnt[b] >= 0.5 * WEIGHTS[b] / total - 1e-9 for b in BLOCKS)
