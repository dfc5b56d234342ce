"""Reads of needs. Need text is personal data: the list of needs goes through
scope_person_records; everything for readers outside the center (candidate groups, similar-need
counts) is counts and thesaurus keywords only."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from tsunagu.core.access import scope_person_records, scope_region
from tsunagu.core.models import ListItem, ListKind
from tsunagu.needs.issues import issue_links, issues_fingerprint
from tsunagu.needs.models import Need, NeedDismissal, NeedPairAnswer

# The typed text is compared with at most this many recent needs of the suggested category,
# so suggestions stay fast however many needs a region holds.
SIMILAR_SCAN_LIMIT = 3000
SIMILAR_THRESHOLD = 0.35
# Questions compare every pair of the region's open needs (4 n² bytes, and a regrouping).
QUESTION_MAX_NEEDS = 2_000


def need_list(*, user: Any) -> QuerySet:
    return scope_person_records(Need.objects.all(), user).select_related(
        "person", "category", "municipality", "recorded_by"
    )


def need_get(*, user: Any, pk: int) -> Need:
    need = need_list(user=user).filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


def need_categories(region: Any) -> QuerySet:
    return ListItem.objects.of(region, ListKind.NEED_CATEGORY).active()


@dataclass
class Suggestion:
    categories: list[dict[str, Any]]
    similar_persons: int
    similar_municipalities: int
    # The existing community issue, or else the candidate group, most like the typed need:
    # ("issue", issue id, persons) / ("candidate", None, persons) / None.
    nearest: tuple[str, int | None, int] | None = None


def need_suggest(region: Any, text: str, *, exclude_person_id: int | None = None) -> Suggestion:
    """Categories for ``text`` and how many other persons have recorded a similar need."""
    from tsunagu.needs import analysis  # the tokenizer loads on first use

    text = text.strip()[:2000]
    if not text:
        return Suggestion([], 0, 0)
    features = analysis.analyze(text)
    codes = analysis.suggest_categories(text, limit=3)
    items = {i.code: i for i in need_categories(region).filter(code__in=[c for c, _ in codes])}
    categories = [
        {"pk": items[code].pk, "code": code, "label": items[code].label, "score": round(score, 2)}
        for code, score in codes
        if code in items
    ]
    persons: set[int] = set()
    municipalities: set[int] = set()
    if categories:
        rows = (
            Need.objects.filter(
                region=region, category_id=categories[0]["pk"], person__isnull=False
            )
            .exclude(person_id=exclude_person_id)
            .order_by("-noted_on", "-pk")
            .values_list("person_id", "municipality_id", "analysis", "text")[:SIMILAR_SCAN_LIMIT]
        )
        for person_id, municipality_id, data, need_text in rows:
            stored = analysis.stored_features(data, need_text)
            if analysis.similarity(features, stored) >= SIMILAR_THRESHOLD:
                persons.add(person_id)
                if municipality_id:
                    municipalities.add(municipality_id)
    return Suggestion(
        categories, len(persons), len(municipalities), nearest_group(region, features)
    )


# A group is compared through at most this many of its needs.
NEAREST_SAMPLE = 30


def nearest_group(region: Any, features: Any) -> tuple[str, int | None, int] | None:
    """The community issue (first) or candidate group whose needs are on average most like
    ``features``, if that mean similarity reaches SIMILAR_THRESHOLD: so the link is made where
    the need is recorded. Counts and ids only."""
    from tsunagu.needs import analysis

    groups = need_groups(region)
    ids = [pk for g in groups for pk in g.need_ids[:NEAREST_SAMPLE]]
    stored = {
        pk: analysis.stored_features(data, text)
        for pk, data, text in Need.objects.filter(pk__in=ids).values_list("pk", "analysis", "text")
    }
    best: tuple[float, Group] | None = None
    for group in groups:
        sample = [stored[pk] for pk in group.need_ids[:NEAREST_SAMPLE] if pk in stored]
        if not sample:
            continue
        score = sum(analysis.similarity(features, f) for f in sample) / len(sample)
        # an issue the need would feed is the better link: it wins a tie
        key = (score, bool(group.issue_ids))
        if score >= SIMILAR_THRESHOLD and (
            best is None or key > (best[0], bool(best[1].issue_ids))
        ):
            best = (score, group)
    if best is None:
        return None
    group = best[1]
    if group.issue_ids:
        return ("issue", group.issue_ids[0], group.person_count)
    return ("candidate", None, group.person_count)


@dataclass
class Group:
    """A recurring need across persons: either a candidate community issue, or new evidence
    for an issue that already exists. Holds ids for the server only; pages show counts."""

    key: str
    need_ids: list[int]
    person_count: int
    municipality_count: int
    category_id: int | None
    keywords: list[str]
    issue_ids: list[int] = field(default_factory=list)  # existing issues these needs feed
    unlinked_ids: list[int] = field(default_factory=list)
    # needs with no person grouped here by the same analysis (tsunagu.needs.beside):
    # source name -> [(pk, recording organization id)]; never counted as persons
    beside: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)

    def beside_figures(self, name: str) -> dict[str, int] | None:
        from tsunagu.needs.beside import beside_figures

        return beside_figures(self.beside.get(name, []))


def _fingerprint(region: Any) -> str:
    needs = Need.objects.filter(region=region).aggregate(
        n=Count("pk"), last=Max("updated_at"), top=Max("pk")
    )
    answers = NeedPairAnswer.objects.filter(region=region).aggregate(
        n=Count("pk"), last=Max("answered_at")
    )
    dismissed = NeedDismissal.objects.filter(region=region).aggregate(n=Count("pk"))
    raw = (
        f"{needs['n']}:{needs['top']}:{needs['last']}:{issues_fingerprint(region)}"
        f":{answers['n']}:{answers['last']}:{dismissed['n']}"
    )
    from tsunagu.needs.beside import beside_sources

    raw += "".join(f":{source.name}={source.fingerprint(region)}" for source in beside_sources())
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def need_groups(region: Any, *, min_persons: int | None = None) -> list[Group]:
    """Recurring needs of the region's open (unmet) needs, grouped by meaning.

    Grouping every open need each time would be slow for a large region, so the result is
    cached until a need or an issue link changes."""
    from tsunagu.needs import analysis  # the tokenizer loads on first use

    k = min_persons or settings.COUNCIL_MIN_PERSONS
    key = f"need-groups:{region.pk}:{k}:{_fingerprint(region)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    from tsunagu.needs.analysis.feedback import FINAL_THRESHOLD, region_weights

    rows, items = _open_items(region)
    answers = region_answers(region)
    tau = FINAL_THRESHOLD if len(answers) else None
    weights = region_weights(items, answers)
    labels = analysis.cluster(
        items,
        min_persons=k,
        must_link=answers.yes,
        cannot_link=answers.no,
        threshold=tau,
        weights=weights,
    )
    # 地域の声 (needs with no person, tsunagu.needs.beside) join the groups by the same rule,
    # never shaping them: the groups and the persons counted are what the needs alone give
    from tsunagu.needs.beside import beside_sources

    joiners = []
    joined: dict[tuple[str, int], int | None] = {}  # (source, pk) -> organization id
    for source in beside_sources():
        for beside in source.rows(region):
            joined[(source.name, beside.pk)] = beside.organization_id
            joiners.append(
                analysis.ClusterItem(
                    id=("beside", source.name, beside.pk),
                    person=None,
                    municipality=None,
                    features=analysis.stored_features(beside.analysis, beside.text),
                )
            )
    labels.update(analysis.join_groups(items, labels, joiners, weights=weights, threshold=tau))
    beside_by_label: dict[str, dict[str, list[tuple[int, int | None]]]] = {}
    for (name, pk), organization_id in joined.items():
        label = labels.get(("beside", name, pk))
        if label:
            beside_by_label.setdefault(label, {}).setdefault(name, []).append(
                (pk, organization_id)
            )
    links = issue_links(region)
    by_label: dict[str, list] = {}
    for row, item in zip(rows, items, strict=True):
        label = labels.get(item.id)
        if label:
            by_label.setdefault(label, []).append((row, item))
    groups = []
    for label, members in sorted(by_label.items()):
        persons = {row[1] for row, _ in members if row[1] is not None}
        categories = [row[3] for row, _ in members]
        # A group belongs to an issue when at least half of its needs already feed it; one
        # need that happens to be linked elsewhere does not make a group someone else's.
        fed = Counter(i for row, _ in members for i in links.get(row[0], []))
        issue_ids = sorted(i for i, n in fed.items() if n * 2 >= len(members))
        groups.append(
            Group(
                key=label,
                need_ids=[row[0] for row, _ in members],
                person_count=len(persons),
                municipality_count=len({row[2] for row, _ in members if row[2]}),
                category_id=max(set(categories), key=categories.count) if categories else None,
                keywords=analysis.cluster_keywords([item.features for _, item in members]),
                issue_ids=issue_ids,
                unlinked_ids=[row[0] for row, _ in members if row[0] not in links],
                beside=beside_by_label.get(label, {}),
            )
        )
    groups.sort(key=lambda g: (-g.person_count, g.key))
    cache.set(key, groups, 3600)
    return groups


def _open_items(region: Any) -> tuple[list[tuple], list[Any]]:
    """The region's open needs not dismissed, as rows and ClusterItems (stale analyses of an
    older thesaurus are redone and saved)."""
    from tsunagu.needs import analysis

    rows = list(
        Need.objects.filter(region=region, met_at__isnull=True, dismissal__isnull=True)
        .order_by("pk")
        .values_list("pk", "person_id", "municipality_id", "category_id", "analysis", "text")
    )
    items = []
    stale = []
    for pk, person, muni, _cat, data, text in rows:
        features = analysis.stored_features(data, text)
        if features.to_json() != data:  # analysed by an older thesaurus: keep the new one
            stale.append(Need(pk=pk, analysis=features.to_json()))
        items.append(
            analysis.ClusterItem(id=pk, person=person, municipality=muni, features=features)
        )
    if stale:
        Need.objects.bulk_update(stale, ["analysis"], batch_size=1000)
    return rows, items


def region_answers(region: Any) -> Any:
    """The secretariat's answers in the region, as must-link (yes) and cannot-link (no)."""
    from tsunagu.needs.analysis.feedback import Answers

    answers = Answers()
    for first, second, same in NeedPairAnswer.objects.filter(region=region).values_list(
        "first_id", "second_id", "same"
    ):
        answers.add(first, second, same)
    return answers


def need_question(region: Any, *, min_persons: int | None = None) -> tuple[Need, Need] | None:
    """The next yes/no question for the secretariat ("are these the same need?"): the pair the
    command `tsunagu needs cluster --answers` would ask next. Both needs are in a candidate
    group of at least k persons (or were shown in an earlier question). None when nothing is
    left to ask, or the region holds more open needs than one comparison can hold."""
    from tsunagu.needs.analysis.feedback import Grouper

    k = min_persons or settings.COUNCIL_MIN_PERSONS
    _rows, items = _open_items(region)
    if len(items) < 2 or len(items) > QUESTION_MAX_NEEDS:
        return None
    answers = region_answers(region)
    pair = Grouper(items, min_persons=k, answers=answers).next_question(answers)
    if pair is None:
        return None
    needs = Need.objects.in_bulk(list(pair))
    return needs[pair[0]], needs[pair[1]]


def candidate_groups(region: Any) -> list[Group]:
    """Groups that feed no issue yet: candidate community issues."""
    return [g for g in need_groups(region) if not g.issue_ids]


def issue_beside_figures(issue: Any, name: str) -> dict[str, int] | None:
    """The needs with no person (source ``name``) grouped with the needs feeding ``issue``,
    by the same analysis: its evidence beside the persons. None when there are none."""
    from tsunagu.needs.beside import beside_figures

    return beside_figures(
        member
        for group in need_groups(issue.region)
        if issue.pk in group.issue_ids
        for member in group.beside.get(name, [])
    )


def new_evidence_groups(region: Any) -> list[Group]:
    """Groups that feed an existing issue and hold needs not linked to it yet."""
    return [g for g in need_groups(region) if g.issue_ids and g.unlinked_ids]


def region_needs(*, user: Any) -> QuerySet:
    """The region's needs, for counting only (never listed to readers outside the center)."""
    return scope_region(Need.objects.all(), user)


GROUP_SALT = "tsunagu.needs.group"  # the signed need ids of a candidate group on its page


def group_needs_from_token(user: Any, token: str) -> list[Need]:
    """The needs of a group whose ids the server signed on the candidate page (empty when the
    token is forged, older than a day, or of another region)."""
    try:
        data = signing.loads(token, salt=GROUP_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return []
    if data.get("r") != user.region_id:
        return []
    return list(Need.objects.filter(region=user.region, pk__in=data.get("ids", [])))
