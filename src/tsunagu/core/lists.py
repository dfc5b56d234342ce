"""The default master-data lists (DOMAIN.md), with stable codes.

Each region gets its own copy when it is created (core.services.region_create); an
administrator may add items, rename labels, reorder, or retire items, but codes never change,
so imports, reports and exports keep meaning the same thing."""

from tsunagu.core.models import ListKind

# kind -> [(code, label, aliases)]; aliases are other spellings accepted on import.
DEFAULT_LISTS: dict[str, list[tuple[str, str, str]]] = {
    ListKind.CONTACT_METHOD: [
        ("visit_in", "来所", ""),
        ("phone", "電話", "TEL"),
        ("home_visit", "訪問", ""),
        ("email", "メール", "Eメール、電子メール"),
        ("fax", "FAX", "ファックス、ファクス"),
        ("accompany", "同行", ""),
        ("case_meeting", "個別支援会議", "支援会議"),
        ("agency", "関係機関", ""),
        ("online", "オンライン", "Web、ウェブ"),
        ("other", "その他", ""),
    ],
    ListKind.CALLER_TYPE: [
        ("self", "本人", ""),
        ("family", "家族", ""),
        ("agency", "関係機関", ""),
        ("government", "行政", ""),
        ("other", "その他", ""),
    ],
    ListKind.DISABILITY_TYPE: [
        ("physical", "身体障害", "身体"),
        ("intellectual", "知的障害", "知的"),
        ("mental", "精神障害", "精神"),
        ("developmental", "発達障害", "発達"),
        ("brain_injury", "高次脳機能障害", "高次脳"),
        ("intractable", "難病", ""),
        ("smid", "重症心身障害", "重心"),
        ("child", "障害児", ""),
        ("other", "その他・不明", "その他、不明"),
    ],
    ListKind.SUPPORT_TOPIC: [
        ("welfare_services", "福祉サービスの利用等に関する支援", "福祉サービス"),
        # The national survey says 病状; 症状 is how an earlier list spelt it (old files import).
        ("understanding", "障害や病状の理解に関する支援", "障害や症状の理解に関する支援、障害理解"),
        ("health", "健康・医療に関する支援", "健康・医療"),
        ("anxiety", "不安の解消・情緒安定に関する支援", "不安解消"),
        ("childcare_education", "保育・教育に関する支援", "保育・教育"),
        ("family_relations", "家族関係・人間関係に関する支援", "家族関係・人間関係"),
        ("household_finance", "家計・経済に関する支援", "家計・経済"),
        ("life_skills", "生活技術に関する支援", "生活技術"),
        ("employment", "就労に関する支援", "就労"),
        ("social_participation", "社会参加・余暇活動に関する支援", "社会参加・余暇活動"),
        ("advocacy", "権利擁護に関する支援", "権利擁護"),
        # Not in the national survey's list; the center counts 差別解消 consultations on its own.
        ("discrimination", "障害を理由とする差別に関する相談", "差別解消、差別"),
        ("other", "その他", ""),
    ],
    # 課題分類 of needs (個別ニーズ・生活課題), issue 4. The codes are what the needs thesaurus
    # (tsunagu.needs.analysis) maps words to; an administrator may add categories.
    ListKind.NEED_CATEGORY: [
        ("housing", "住まい", "住居、住宅"),
        ("mobility", "移動・交通", "移動、交通"),
        ("daytime", "日中活動・居場所", "日中活動、居場所"),
        ("employment", "就労", "仕事"),
        ("emergency", "緊急時対応・短期入所", "緊急時対応、短期入所、緊急時の受け入れ"),
        ("future", "親亡き後・将来", "親亡き後、将来"),
        ("medical", "医療・通院", "医療、通院"),
        ("medical_care", "医療的ケア", ""),
        ("economy", "経済・食料", "経済、食料、生活費"),
        ("pension", "年金・制度手続", "年金、制度手続、手続"),
        ("rights", "権利擁護・成年後見", "権利擁護、成年後見"),
        ("communication", "情報保障・コミュニケーション", "情報保障、コミュニケーション"),
        ("workforce", "人材・サービス不足", "人材不足、サービス不足、ヘルパー不足"),
        ("disaster", "災害・避難", "災害、避難"),
        ("participation", "ひきこもり・社会参加", "ひきこもり、社会参加"),
        ("education", "教育・卒業後の進路", "教育、卒業後の進路、進路"),
        ("other", "その他", ""),
    ],
    # 相談の種類 (issue 18): what kind of work a consultation was, reported separately.
    ListKind.CONSULTATION_KIND: [
        ("general", "一般相談（基本相談支援）", "一般相談、基本相談、基本相談支援"),
        ("plan", "計画相談支援", "計画相談"),
        ("child_plan", "障害児相談支援", "障害児相談"),
        ("transition", "地域移行支援", "地域移行"),
        ("settlement", "地域定着支援", "地域定着"),
        ("other", "その他", ""),
    ],
    # 地域支援 (community work, issue 19): the lecture's five methods and ten functions of
    # コミュニティソーシャルワーク (日本介護支援専門員協会テキスト「主任介護支援専門員研修」2021).
    ListKind.COMMUNITY_METHOD: [
        ("network", "地域ネットワーク作り", "ネットワーク作り"),
        ("resource_development", "社会資源開発", "資源開発"),
        ("welfare_education", "福祉教育", ""),
        ("human_resources", "人材発掘・養成", "人材発掘、人材養成"),
        ("organizing", "地域組織化", ""),
    ],
    ListKind.COMMUNITY_FUNCTION: [
        ("needs_finding", "ニーズ把握", "ニーズ把握機能"),
        ("assessment", "アセスメント", "アセスメント機能"),
        ("counselling", "相談助言・制度活用支援", "相談助言、制度活用支援"),
        ("informal_support", "インフォーマルなサポート関係の維持・回復・開発", "インフォーマルサポート"),
        ("life_planning", "地域生活支援計画作成・実施・モニタリング", "地域生活支援計画"),
        ("organizing", "地域組織化（当事者組織化・住民活動組織化）", "地域組織化"),
        ("needs_sharing", "ニーズ共有・福祉教育", "ニーズ共有、福祉教育"),
        ("support_network", "ソーシャルサポートネットワーク形成・調整", "ソーシャルサポートネットワーク"),
        ("service_development", "ニーズ対応・サービス開発", "サービス開発"),
        ("administration", "アドミニストレーション", ""),
    ],
}

# The national survey's tables (厚生労働省 相談支援の実施状況): kind -> [(code, label)].
# A list item is counted in the national item named by its ``national_code``; blank means
# its own code when that is a national code, else その他 ("other").
NATIONAL_CATEGORIES: dict[str, list[tuple[str, str]]] = {
    ListKind.CONTACT_METHOD: [
        ("home_visit", "訪問"),
        ("visit_in", "来所"),
        ("accompany", "同行"),
        ("phone", "電話"),
        ("email", "電子メール"),
        ("case_meeting", "個別支援会議"),
        ("agency", "関係機関"),
        ("other", "その他"),
    ],
    ListKind.SUPPORT_TOPIC: [
        (code, label)
        for code, label, _aliases in DEFAULT_LISTS[ListKind.SUPPORT_TOPIC]
        if code != "discrimination"
    ],
}
NATIONAL_OTHER = "other"

# How the default lists' local items fold into the national ones (a center may change it).
DEFAULT_NATIONAL_CODES: dict[str, dict[str, str]] = {
    ListKind.CONTACT_METHOD: {"fax": "other", "online": "phone"},
    ListKind.SUPPORT_TOPIC: {"discrimination": "other"},
}

# The 相談の種類 a new consultation gets from the kind of the worker's organization
# (OrganizationKind value -> item code); any other organization: 一般相談.
DEFAULT_CONSULTATION_KIND = "general"
CONSULTATION_KIND_BY_ORGANIZATION = {"consultation": "plan"}


def national_code_of(kind: str, code: str, national_code: str = "") -> str:
    """The national item an item of ``kind`` is counted in (see NATIONAL_CATEGORIES)."""
    national = {c for c, _label in NATIONAL_CATEGORIES.get(kind, [])}
    if national_code in national:
        return national_code
    if code in national:
        return code
    return NATIONAL_OTHER
