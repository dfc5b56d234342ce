"""What tells two persons of the same name apart, wherever a person is listed or chosen:
``{% person_ident p %}`` gives 生年月日 in 和暦 with the age, the 利用者ID and the responsible
workers (担当職員). Prefetch ``assigned_staff`` where a list of persons is shown."""

from django import template
from django.utils.translation import gettext as _

from tsunagu.core import dates

register = template.Library()


def person_ident_parts(person) -> list[str]:
    """The parts as plain text, in the order they are read (also used by tests)."""
    parts = []
    if person.birth_date:
        age = person.age_on(dates.today_local())
        parts.append(
            _("%(born)s生（%(age)d歳）") % {"born": dates.wareki(person.birth_date), "age": age}
        )
    else:
        parts.append(_("生年月日不明"))
    if person.external_id:
        parts.append(_("利用者ID %(id)s") % {"id": person.external_id})
    staff = [str(u) for u in person.assigned_staff.all()]
    parts.append(_("担当 %(names)s") % {"names": "、".join(staff)} if staff else _("担当なし"))
    return parts


@register.inclusion_tag("people/_person_ident.html")
def person_ident(person) -> dict:
    return {"parts": person_ident_parts(person)}
