"""Event figures per 年度: sessions (開催回数) and participants (参加者数) by kind and by
venue type. One dict, rendered by the page, the CSV and the XLSX.

Participants of an event follow ``Event``'s rule: the people marked attended when the event
took registrations, the organizer's headcount otherwise."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from tsunagu.core.dates import fiscal_year_label
from tsunagu.core.models import Region
from tsunagu.network.models import Event, EventKind, RegistrationStatus, VenueType


def participant_total(registration_count: int, attended: int | None, headcount: int | None) -> int:
    if registration_count:
        return attended or 0
    return headcount or 0


def event_figures(*, region: Region, year: int) -> dict[str, Any]:
    events = (
        Event.objects.filter(region=region, fiscal_year=year)
        .annotate(
            registration_count=Count("registrations"),
            attended=Sum(
                "registrations__party_size",
                filter=Q(
                    registrations__attended=True,
                    registrations__status=RegistrationStatus.CONFIRMED,
                ),
            ),
        )
        .values("kind", "venue_type", "registration_count", "attended", "participants")
    )
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for row in events:
        cell = cells.setdefault((row["kind"], row["venue_type"]), {"sessions": 0, "people": 0})
        cell["sessions"] += 1
        cell["people"] += participant_total(
            row["registration_count"], row["attended"], row["participants"]
        )

    def total(keep) -> dict[str, int]:
        chosen = [cell for key, cell in cells.items() if keep(key)]
        return {
            "sessions": sum(c["sessions"] for c in chosen),
            "people": sum(c["people"] for c in chosen),
        }

    kinds = [
        {
            "code": kind.value,
            "label": str(kind.label),
            "venues": [
                {"code": venue.value, **cells.get((kind.value, venue.value), _zero())}
                for venue in VenueType
            ],
            "total": total(lambda key, k=kind.value: key[0] == k),
        }
        for kind in EventKind
    ]
    return {
        "region": region.code,
        "year": year,
        "year_label": fiscal_year_label(year),
        "venue_types": [{"code": v.value, "label": str(v.label)} for v in VenueType],
        "kinds": kinds,
        "venue_totals": [
            {"code": v.value, **total(lambda key, c=v.value: key[1] == c)} for v in VenueType
        ],
        "total": total(lambda key: True),
        # where recorded figures come from (e.g. the seed's ちいき食堂 sessions)
        "sources": sorted(
            Event.objects.filter(region=region, fiscal_year=year)
            .exclude(source_note="")
            .values_list("source_note", flat=True)
            .distinct()
        ),
    }


def _zero() -> dict[str, int]:
    return {"sessions": 0, "people": 0}


def figure_rows(figures: dict[str, Any]) -> list[list[Any]]:
    """The table as rows (header first): kind, then sessions/people per venue type, total."""
    from django.utils.translation import gettext as _

    header = [_("種類")]
    for venue in figures["venue_types"]:
        header += [
            _("%(venue)s 回数") % {"venue": venue["label"]},
            _("%(venue)s 参加者") % {"venue": venue["label"]},
        ]
    header += [_("合計 回数"), _("合計 参加者")]
    rows = [header]
    for kind in figures["kinds"]:
        row: list[Any] = [kind["label"]]
        for venue in kind["venues"]:
            row += [venue["sessions"], venue["people"]]
        row += [kind["total"]["sessions"], kind["total"]["people"]]
        rows.append(row)
    last: list[Any] = [_("合計")]
    for venue in figures["venue_totals"]:
        last += [venue["sessions"], venue["people"]]
    last += [figures["total"]["sessions"], figures["total"]["people"]]
    rows.append(last)
    return rows
