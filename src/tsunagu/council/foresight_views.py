"""将来予測 (foresight) for the council and the municipalities: the page and its CSV.

Holders of Capability.AGGREGATES (管理者, センター相談員, 協議会事務局, 市町村職員) see their own
region's figures, suppressed for every reader (tsunagu.council.foresight)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tsunagu.core import dates
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.core.suppression import THRESHOLD
from tsunagu.council.foresight import HORIZON_YEARS, OLD_AGE, foresight_rows
from tsunagu.council.foresight import foresight as foresight_figures
from tsunagu.people.models import Person


@require_safe
@capability_required(Capability.AGGREGATES)
def foresight(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    figures = foresight_figures(region)
    return render(
        request,
        "council/foresight.html",
        {
            "region": region,
            "figures": figures,
            "old_age": OLD_AGE,
            "horizon": HORIZON_YEARS,
            "fiscal_year_label": dates.fiscal_year_label(figures.fiscal_year),
            "today": figures.today,
            "threshold": THRESHOLD,
            # Demo regions are made of fictional persons: say so wherever figures are shown.
            "includes_fictional": Person.objects.filter(region=region, is_fictional=True).exists(),
        },
    )


@require_safe
@capability_required(Capability.AGGREGATES)
def foresight_csv(request: HttpRequest) -> HttpResponse:
    """One number per row (区分, 項目, 列, 数), UTF-8 with BOM, suppressed as on the page."""
    figures = foresight_figures(request.user.region)
    body = csv_bytes(
        [_("区分"), _("項目"), _("列"), _("数")],
        foresight_rows(figures),
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="council.foresight",
        summary=f"date={figures.today.isoformat()} format=csv-utf8 suppressed",
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"foresight-{figures.today:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
