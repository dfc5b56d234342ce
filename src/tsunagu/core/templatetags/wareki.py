"""Template filters for Japanese dates: {{ d|wareki }}, {{ d|wareki_short }}, {{ y|nendo }}."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from tsunagu.core import dates

register = template.Library()


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


@register.filter
def wareki(value) -> str:
    d = _as_date(value)
    return dates.wareki(d) if d else ""


@register.filter
def wareki_short(value) -> str:
    d = _as_date(value)
    return dates.wareki(d, style="short") if d else ""


@register.filter
def nendo(value) -> str:
    try:
        return dates.fiscal_year_label(int(value))
    except (TypeError, ValueError):
        return ""
