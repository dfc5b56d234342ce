"""The tsunagu taxonomy of the directory, as data: what kind of resource, what service, the
ホッとステーション mark and its offerings, and what makes a place easy to reach.

Every taxonomy and term has a FIXED UUID (uuid5 of NAMESPACE and its code), so an export made
today and one made next year name the same term with the same id, and other systems can map
them once. Codes are ASCII and never change; names may be reworded (the id stays).

A service carries a term as an HSDS attribute (``attributes[].taxonomy_term``); a location
carries the accessibility terms the same way. ``taxonomy_seed()`` writes the rows; imports call
it, and so should whatever sets up a region.

Sources: the seven kinds of social resources of the 地域診断 lecture (DOMAIN.md, "Community
assessment"), the service types of 障害者総合支援法 and 児童福祉法, and the ホッとステーション
network (DOMAIN.md, "Places to be")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tsunagu.directory.models import Offering

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:directory:taxonomy")
VERSION = "1"
LANGUAGE = "ja"


def taxonomy_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{code}")


def term_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")


@dataclass(frozen=True)
class TaxonomyDef:
    code: str
    name: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return taxonomy_uuid(self.code)


@dataclass(frozen=True)
class TermDef:
    taxonomy: str  # TaxonomyDef.code
    code: str
    name: str
    description: str = ""
    parent: str = ""  # TermDef.code

    @property
    def id(self) -> uuid.UUID:
        return term_uuid(self.code)


KIND = "tsunagu-resource-kind"
SERVICE = "tsunagu-service"
HOT_STATION = "tsunagu-hot-station"
ACCESS = "tsunagu-access"
IDENTIFIER = "tsunagu-identifier"

TAXONOMIES: tuple[TaxonomyDef, ...] = (
    TaxonomyDef(KIND, "社会資源の種別", "地域診断で整理する社会資源の7つの種別"),
    TaxonomyDef(SERVICE, "サービス・活動の種類", "相談、障害福祉サービス、居場所、子ども食堂など"),
    TaxonomyDef(HOT_STATION, "ホッとステーション", "ホッとステーションのマークと、そこで提供していること"),
    TaxonomyDef(ACCESS, "利用しやすさ", "車いす、駐車場、公共交通"),
    TaxonomyDef(IDENTIFIER, "公的なデータの番号", "公表データの事業所番号・施設ID（attribute の value が番号）"),
)  # fmt: skip

HOT_STATION_MARK = "hot-station"
ACCESS_WHEELCHAIR = "access-wheelchair"
ACCESS_PARKING = "access-parking"
ACCESS_PUBLIC_TRANSPORT = "access-public-transport"
DISABILITY_WELFARE = "svc-disability-welfare"
# Identifiers of official registers, kept on the service as an attribute whose value is the
# number: a re-import of the next release finds the service by it.
ID_WAM_OFFICE = "id-wam-office"
ID_STANDARD_FACILITY = "id-standard-public-facility"
ID_STANDARD_CARE_OFFICE = "id-standard-care-office"

# Offering value -> term code, in the order the mark lists them.
OFFERING_TERMS: dict[str, str] = {
    Offering.IBASHO.value: "offering-ibasho",
    Offering.CONSULTATION.value: "offering-consultation",
    Offering.TRAINING.value: "offering-training",
    Offering.COOL.value: "offering-cool",
}

# Location flag (Location field name) -> term code.
ACCESS_TERMS: dict[str, str] = {
    "wheelchair": ACCESS_WHEELCHAIR,
    "parking": ACCESS_PARKING,
    "public_transport": ACCESS_PUBLIC_TRANSPORT,
}

_DW = DISABILITY_WELFARE

TERMS: tuple[TermDef, ...] = (
    # 社会資源の種別 (the lecture's seven kinds)
    TermDef(KIND, "kind-government", "行政機関", "市町村、県、国の機関"),
    TermDef(KIND, "kind-health-welfare", "保健・医療・福祉関連の機関・団体", "病院、事業所、社会福祉協議会など"),
    TermDef(KIND, "kind-community", "地縁組織", "自治会・町内会、民生委員・児童委員協議会など"),
    TermDef(KIND, "kind-volunteer-group", "ボランティアグループ", ""),
    TermDef(KIND, "kind-npo", "NPO法人", "特定非営利活動法人"),
    TermDef(KIND, "kind-self-help", "当事者団体", "本人の会、家族会など"),
    TermDef(KIND, "kind-business", "生活関連産業", "商店、交通、金融、郵便など暮らしに関わる事業者"),
    # サービス・活動の種類
    TermDef(SERVICE, "svc-consultation", "相談", "困り事や暮らしの相談"),
    TermDef(SERVICE, _DW, "障害福祉サービス", "障害者総合支援法・児童福祉法によるサービス"),
    TermDef(SERVICE, "svc-ibasho", "居場所", "気軽に立ち寄れる場所"),
    TermDef(SERVICE, "svc-work-training", "就労訓練", "働く練習ができる場"),
    TermDef(SERVICE, "svc-volunteer", "ボランティア", "ボランティアとして参加できる活動"),
    TermDef(SERVICE, "svc-kodomo-shokudo", "子ども食堂", "ちいき食堂・子ども食堂"),
    TermDef(SERVICE, "svc-food-bank", "フードバンク", "食品や物品の支援"),
    # 障害福祉サービスの種類 (children of 障害福祉サービス)
    TermDef(SERVICE, "dw-home-care", "居宅介護", "介護給付", _DW),
    TermDef(SERVICE, "dw-severe-visiting-care", "重度訪問介護", "介護給付", _DW),
    TermDef(SERVICE, "dw-accompanying", "同行援護", "介護給付", _DW),
    TermDef(SERVICE, "dw-behavioral-support", "行動援護", "介護給付", _DW),
    TermDef(SERVICE, "dw-comprehensive-support", "重度障害者等包括支援", "介護給付", _DW),
    TermDef(SERVICE, "dw-short-stay", "短期入所", "介護給付", _DW),
    TermDef(SERVICE, "dw-medical-care", "療養介護", "介護給付", _DW),
    TermDef(SERVICE, "dw-daily-life-care", "生活介護", "介護給付", _DW),
    TermDef(SERVICE, "dw-residential-support", "施設入所支援", "介護給付", _DW),
    TermDef(SERVICE, "dw-functional-training", "自立訓練（機能訓練）", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-life-training", "自立訓練（生活訓練）", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-employment-selection", "就労選択支援", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-employment-transition", "就労移行支援", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-employment-a", "就労継続支援A型", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-employment-b", "就労継続支援B型", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-employment-retention", "就労定着支援", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-independent-living", "自立生活援助", "訓練等給付", _DW),
    TermDef(SERVICE, "dw-group-home", "共同生活援助", "訓練等給付（グループホーム）", _DW),
    TermDef(SERVICE, "dw-plan-consultation", "計画相談支援", "相談支援", _DW),
    TermDef(SERVICE, "dw-community-transition", "地域移行支援", "相談支援", _DW),
    TermDef(SERVICE, "dw-community-settlement", "地域定着支援", "相談支援", _DW),
    TermDef(SERVICE, "dw-child-consultation", "障害児相談支援", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-child-development", "児童発達支援", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-after-school", "放課後等デイサービス", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-home-visit-child", "居宅訪問型児童発達支援", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-nursery-visit", "保育所等訪問支援", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-child-residential", "障害児入所支援", "児童福祉法", _DW),
    TermDef(SERVICE, "dw-mobility-support", "移動支援", "地域生活支援事業", _DW),
    TermDef(SERVICE, "dw-community-activity-center", "地域活動支援センター", "地域生活支援事業", _DW),
    TermDef(SERVICE, "dw-day-care", "日中一時支援", "地域生活支援事業", _DW),
    # ホッとステーション: the mark and its four offerings
    TermDef(HOT_STATION, HOT_STATION_MARK, "ホッとステーション", "マークを掲げ、立ち寄れる時間と場所を提供しています"),
    TermDef(HOT_STATION, OFFERING_TERMS["ibasho"], "居場所", "立ち寄って過ごせます", HOT_STATION_MARK),
    TermDef(HOT_STATION, OFFERING_TERMS["consultation"], "困り事相談", "困り事を相談できます", HOT_STATION_MARK),
    TermDef(HOT_STATION, OFFERING_TERMS["training"], "就労訓練・ボランティア", "就労訓練やボランティアの場", HOT_STATION_MARK),
    TermDef(HOT_STATION, OFFERING_TERMS["cool"], "クールステーション", "夏の暑さを避けて休めます", HOT_STATION_MARK),
    # 利用しやすさ (on locations)
    TermDef(ACCESS, ACCESS_WHEELCHAIR, "車いすで利用できる", "段差がなく、車いすで入れます"),
    TermDef(ACCESS, ACCESS_PARKING, "駐車場あり", "利用者が使える駐車場があります"),
    TermDef(ACCESS, ACCESS_PUBLIC_TRANSPORT, "公共交通で行ける", "バス停・駅から歩いて行けます"),
    # 公的なデータの番号 (value: the number)
    TermDef(IDENTIFIER, ID_WAM_OFFICE, "WAM NET 事業所番号", "障害福祉サービス等情報公表システムの事業所番号とサービス種別"),
    TermDef(IDENTIFIER, ID_STANDARD_FACILITY, "公共施設一覧のID", "自治体標準オープンデータセット「公共施設一覧」のID"),
    TermDef(IDENTIFIER, ID_STANDARD_CARE_OFFICE, "介護サービス事業所一覧のID", "自治体標準「介護サービス事業所一覧」のID"),
)  # fmt: skip

TAXONOMY_BY_CODE: dict[str, TaxonomyDef] = {t.code: t for t in TAXONOMIES}
TERM_BY_CODE: dict[str, TermDef] = {t.code: t for t in TERMS}
TERM_BY_ID: dict[uuid.UUID, TermDef] = {t.id: t for t in TERMS}
TAXONOMY_IDS: frozenset[uuid.UUID] = frozenset(t.id for t in TAXONOMIES)
OFFERING_BY_TERM_ID: dict[uuid.UUID, str] = {
    term_uuid(code): offering for offering, code in OFFERING_TERMS.items()
}
ACCESS_BY_TERM_ID: dict[uuid.UUID, str] = {term_uuid(code): f for f, code in ACCESS_TERMS.items()}
HOT_STATION_MARK_ID = term_uuid(HOT_STATION_MARK)
# Terms a service may carry as categories (the CSV's 分類コード): kinds and services.
CATEGORY_TAXONOMIES = frozenset({KIND, SERVICE})


def taxonomy_document(definition: TaxonomyDef) -> dict:
    """The HSDS taxonomy object of one of ours."""
    return {
        "id": str(definition.id),
        "name": definition.name,
        "description": definition.description,
        "version": VERSION,
    }


def term_document(definition: TermDef) -> dict:
    """The HSDS taxonomy_term object of one of ours (with its taxonomy nested)."""
    taxonomy = TAXONOMY_BY_CODE[definition.taxonomy]
    document = {
        "id": str(definition.id),
        "code": definition.code,
        "name": definition.name,
        "description": definition.description or definition.name,
        "taxonomy": taxonomy.name,
        "taxonomy_id": str(taxonomy.id),
        "taxonomy_detail": taxonomy_document(taxonomy),
        "language": LANGUAGE,
    }
    if definition.parent:
        document["parent_id"] = str(term_uuid(definition.parent))
    return document


def attribute_document(*, link_id: str, link_entity: str, code: str, value: str = "") -> dict:
    """An HSDS attribute linking ``link_id`` (a service or location) to one of our terms.

    Its id is derived from the link and the term, so the same fact exports the same id."""
    term = TERM_BY_CODE[code]
    document = {
        "id": str(uuid.uuid5(NAMESPACE, f"attribute:{link_id}:{term.id}")),
        "link_id": link_id,
        "link_entity": link_entity,
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": term_document(term),
    }
    if value:
        document["value"] = value
    return document


def taxonomy_seed() -> int:
    """Write our taxonomies and terms (idempotent: rows that exist are brought up to date).
    Returns how many rows were created."""
    from tsunagu.directory.models import Taxonomy, TaxonomyTerm

    created = 0
    taxonomies = {t.pk: t for t in Taxonomy.objects.filter(pk__in=TAXONOMY_IDS)}
    for definition in TAXONOMIES:
        document = taxonomy_document(definition)
        row = taxonomies.get(definition.id)
        if row is None:
            created += 1
            Taxonomy.objects.create(
                id=definition.id,
                name=definition.name,
                description=definition.description,
                document=document,
            )
        elif row.document != document or row.name != definition.name:
            Taxonomy.objects.filter(pk=row.pk).update(
                name=definition.name, description=definition.description, document=document
            )
    terms = {t.pk: t for t in TaxonomyTerm.objects.filter(pk__in=TERM_BY_ID)}
    for definition in TERMS:  # parents come before their children
        document = term_document(definition)
        fields = {
            "taxonomy_id": TAXONOMY_BY_CODE[definition.taxonomy].id,
            "parent_id": term_uuid(definition.parent) if definition.parent else None,
            "code": definition.code,
            "name": definition.name,
            "description": document["description"],
            "document": document,
        }
        row = terms.get(definition.id)
        if row is None:
            created += 1
            TaxonomyTerm.objects.create(id=definition.id, **fields)
        elif any(getattr(row, key) != value for key, value in fields.items()):
            TaxonomyTerm.objects.filter(pk=row.pk).update(**fields)
    return created


def category_lookup(text: str) -> TermDef | None:
    """A category (kind or service term) by its code or its name, as typed in a sheet."""
    from tsunagu.core.tabular import match_key

    key = match_key(text)
    for term in TERMS:
        if term.taxonomy in CATEGORY_TAXONOMIES and key in (
            match_key(term.code),
            match_key(term.name),
        ):
            return term
    return None
