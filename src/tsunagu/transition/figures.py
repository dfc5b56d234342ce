"""地域移行・地域定着 in the annual report, per 年度 (the lecture names it one of the three tasks
of a strengthened 基幹相談支援センター):

- ``transition_persons_supported``: persons with a step of 地域移行支援 in the 年度;
- ``transition_persons_left``: 移行者数 — persons who left a hospital or facility (退院・退所
  step) in the 年度;
- ``transition_steps_by_kind``: steps per kind (件);
- ``settlement_persons``: persons whose 地域定着支援 ran during the 年度;
- ``settlement_responses``: 緊急時の対応 (件).

The ``persons`` keys are counts of persons (PERSON_KEYS): suppressed for readers outside the
center (:func:`transition_published`), and so are the steps per kind of 1..THRESHOLD: a step
is a person's, so one 退院・退所 step would tell that 移行者数 is exactly 1. With ``municipality`` (its code, a
Municipality or its id), persons living there. A fixed number of queries (four)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from tsunagu.core.dates import fiscal_year_range
from tsunagu.transition.models import (
    EmergencyResponse,
    SettlementSupport,
    StepKind,
    TransitionStep,
)

PERSON_KEYS = ("transition_persons_supported", "transition_persons_left", "settlement_persons")


def _by_municipality(queryset, field: str, municipality: Any):
    if isinstance(municipality, str) and municipality:
        return queryset.filter(**{f"{field}__municipality__code": municipality})
    if municipality:
        return queryset.filter(
            **{f"{field}__municipality_id": getattr(municipality, "pk", municipality)}
        )
    return queryset


def transition_figures(*, region: Any, fiscal_year: int, municipality: Any = None) -> dict:
    region_id = region if isinstance(region, int) else region.pk
    first, last = fiscal_year_range(fiscal_year)
    steps = _by_municipality(
        TransitionStep.objects.filter(stay__region_id=region_id, on__range=(first, last)),
        "stay__person",
        municipality,
    )
    supports = _by_municipality(
        SettlementSupport.objects.filter(region_id=region_id, starts_on__lte=last).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first)
        ),
        "person",
        municipality,
    )
    responses = _by_municipality(
        EmergencyResponse.objects.filter(
            support__region_id=region_id,
            occurred_at__date__range=(first, last),
        ),
        "support__person",
        municipality,
    )
    by_kind = dict(steps.order_by().values_list("kind").annotate(n=Count("pk")))
    persons = steps.aggregate(
        supported=Count("stay__person", distinct=True),
        left=Count("stay__person", distinct=True, filter=Q(kind=StepKind.LEAVE)),
    )
    return {
        "transition_persons_supported": persons["supported"],
        "transition_persons_left": persons["left"],
        "transition_steps_by_kind": {
            str(label): by_kind.get(value, 0) for value, label in StepKind.choices
        },
        "settlement_persons": supports.aggregate(n=Count("person", distinct=True))["n"],
        "settlement_responses": responses.count(),
    }


def transition_published(figures: dict[str, Any]) -> dict[str, Any]:
    """The section as readers outside the center see it: counts of persons (PERSON_KEYS) and
    steps per kind of 1..THRESHOLD as ＊, through the one suppression module. Steps are 件, but
    each belongs to one person: a visible 1 beside a ＊ would give the ＊ back."""
    from tsunagu.core.suppression import protect, shown

    out = dict(figures)
    persons = {key: figures[key] for key in PERSON_KEYS if isinstance(figures.get(key), int)}
    out.update(shown(persons, protect(persons)))
    steps = figures.get("transition_steps_by_kind")
    if isinstance(steps, dict):
        out["transition_steps_by_kind"] = shown(steps, protect(steps))
    return out


def transition_tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The section as tables (the page, the XLSX, the PDF, the CSV)."""
    from django.utils.translation import gettext as _

    def table(key: str, caption: str, unit: str, rows: list) -> dict:
        return {
            "key": key,
            "title": caption,
            "caption": caption,
            "unit": unit,
            "multi_count": False,
            "rows": rows,
        }

    return [
        table(
            "transition_summary",
            _("地域移行・地域定着"),
            _("人・件"),
            [
                (_("地域移行支援を受けた人（人）"), figures["transition_persons_supported"]),
                (_("移行者数（退院・退所した人）（人）"), figures["transition_persons_left"]),
                (_("地域定着支援の利用者（人）"), figures["settlement_persons"]),
                (_("地域定着支援 緊急時の対応（件）"), figures["settlement_responses"]),
            ],
        ),
        table(
            "transition_steps_by_kind",
            _("地域移行支援 内容別 件数"),
            _("件"),
            list(figures["transition_steps_by_kind"].items()),
        ),
    ]
