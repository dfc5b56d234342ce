"""Template filters for Japanese dates: {{ d|jdate }} (the one to use for any date or moment
shown to people), {{ d|wareki }}, {{ d|wareki_short }}, {{ y|nendo }}.

Dates are shown in 和暦 everywhere; ISO dates (2026-12-21) appear only in input values,
attributes (``<time datetime>``) and machine files (CSV, JSON)."""

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


@register.filter
def jdate(value, style: str = "") -> str:
    """A date or a moment for people: 令和8年12月21日, and for a datetime its local time too
    (令和8年12月21日 11:56). ``"short"``: R8.12.21 (11:56); ``"date"``: the date alone;
    ``"seconds"``: with the seconds (令和8年12月21日 11:56:07, the audit log)."""
    d = _as_date(value)
    if d is None:
        return ""
    text = dates.wareki(d, style="short" if style == "short" else "long")
    if isinstance(value, datetime) and style != "date":
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{text} {moment:%H:%M:%S}" if style == "seconds" else f"{text} {moment:%H:%M}"
    return text
