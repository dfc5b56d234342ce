"""{{ entry|audit_target }}: the audited object's kind in Japanese, with its id."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def audit_target(entry) -> str:
    if not entry.target_type:
        return ""
    try:
        label = str(apps.get_model(entry.target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        label = entry.target_type
    return f"{label} #{entry.target_id}" if entry.target_id else label
