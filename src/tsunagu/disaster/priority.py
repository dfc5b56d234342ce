"""The order in which safety checks are made (安否確認の優先度).

A score is the sum of the points of the factors that apply; the list is sorted by score
(highest first), then by 市町村, then by reading. The factors and their points:

=====================================  ======  ==============================================
factor                                 points  why
=====================================  ======  ==============================================
電源を要する医療機器 (power_dependent)    40      a power cut is life-threatening within hours
医療的ケア (medical_care)                30      care that cannot wait (吸引, 経管栄養, ...)
ひとり暮らし (living_alone)              20      nobody at home to notice or call for help
近くに家族なし (not family_nearby)       10      nobody close by who can go and look
障害支援区分5・6 (person.support_category) 10      high support needs in daily life
=====================================  ======  ==============================================

The score is shown with its reasons wherever a check is listed. 40 points or more is
最優先, 20 or more 優先, the rest 通常. Ties are broken by 市町村 so that a worker can take one
area at a time.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tsunagu.people.models import SupportCategory

HIGH_SUPPORT_CATEGORIES = (SupportCategory.C5, SupportCategory.C6)

# code -> (points, label)
FACTORS: dict[str, tuple[int, object]] = {
    "power": (40, _("電源を要する医療機器")),
    "medical": (30, _("医療的ケア")),
    "alone": (20, _("ひとり暮らし")),
    "no_family": (10, _("近くに家族なし")),
    "category": (10, _("障害支援区分5・6")),
}

# Score from which a check is shown as 最優先 / 優先.
URGENT_FROM = 40
HIGH_FROM = 20


@dataclass(frozen=True)
class Priority:
    score: int
    codes: tuple[str, ...]

    @property
    def reasons(self) -> str:
        return ",".join(self.codes)


def priority_of(
    *,
    power_dependent: bool,
    medical_care: bool,
    living_alone: bool,
    family_nearby: bool,
    support_category: str,
) -> Priority:
    applies = {
        "power": power_dependent,
        "medical": medical_care,
        "alone": living_alone,
        "no_family": not family_nearby,
        "category": support_category in HIGH_SUPPORT_CATEGORIES,
    }
    codes = tuple(code for code in FACTORS if applies[code])
    return Priority(score=sum(FACTORS[code][0] for code in codes), codes=codes)


def reason_labels(codes: str | list[str] | tuple[str, ...]) -> list[str]:
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c]
    return [str(FACTORS[c][1]) for c in codes if c in FACTORS]


def level_label(score: int) -> str:
    if score >= URGENT_FROM:
        return str(_("最優先"))
    if score >= HIGH_FROM:
        return str(_("優先"))
    return str(_("通常"))
