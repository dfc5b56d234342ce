"""将来予測 (foresight): what the region will need in a few years, from what is on record.

Three figures by 市町村, for the council and the municipalities (Capability.AGGREGATES):

- 親亡き後: persons whose key caregiver (主な介護者) is 75 or older this year, and those whose
  key caregiver reaches 75 within 5 years. The two are disjoint: publishing "75+ now" and
  "75+ in 5 years" side by side would give away their difference, a count of 1–2.
- 卒業後の進路: persons leaving special-support school (特別支援学校) at the end of this 年度
  and the next two.
- Needs per 課題分類 per quarter of the 年度 for the last 8 completed quarters, with the trend
  of the last 4 against the 4 before.

Everything is de-identified and suppressed for every reader (tsunagu.core.suppression:
1–2 → ＊, and complementary suppression within each column or half-year block and its total). Only columns and
their totals are published, never row sums, so no suppressed cell can be read back from
another. Every count is aggregated in SQL: the number of queries does not grow with data.

Ages come from the caregiver's birth year only: the age reached in the calendar year
(this year − birth year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind, Municipality, Region
from tsunagu.core.suppression import SUPPRESSED, THRESHOLD, protect
from tsunagu.council.models import CommunityIssue
from tsunagu.needs.evidence import suppress_count
from tsunagu.needs.models import Need
from tsunagu.people.models import Caregiver, Person

Cell = int | str  # a count, or SUPPRESSED

OLD_AGE = 75  # age of the key caregiver from which 親亡き後 is close
HORIZON_YEARS = 5
SCHOOL_YEARS = 3  # this 年度 and the next two
QUARTERS = 8  # completed quarters in the needs trend; the trend compares halves

UNKNOWN = "unknown"  # row key for persons without a 市町村


# --- suppression -----------------------------------------------------------------------


def suppress_column(values: dict[str, int]) -> tuple[dict[str, Cell], Cell]:
    """One exclusive breakdown and its total, suppressed: 1–2 → ＊, then enough other cells
    (the total too when needed) that none can be read back from what is shown."""
    total = sum(values.values())
    keyed: dict[Any, int] = {("cell", k): v for k, v in values.items()}
    keyed["total"] = total
    hidden = protect(keyed, [("total", [("cell", k) for k in values])], threshold=THRESHOLD)
    cells = {k: (SUPPRESSED if ("cell", k) in hidden else v) for k, v in values.items()}
    return cells, SUPPRESSED if "total" in hidden else total


def has_suppressed(*cells: Any) -> bool:
    return any(c == SUPPRESSED for c in cells)


# --- tables by 市町村 ----------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    total: Cell
    cells: dict[str, Cell]


@dataclass
class MunicipalityTable:
    """Rows are 市町村 (all of the region, zeros shown), columns disjoint groups of persons."""

    rows: list[tuple[str, str]]  # (key, label)
    columns: list[Column]

    @property
    def body(self) -> list[tuple[str, list[Cell]]]:
        return [(label, [c.cells[key] for c in self.columns]) for key, label in self.rows]

    @property
    def totals(self) -> list[Cell]:
        return [c.total for c in self.columns]

    @property
    def has_suppressed(self) -> bool:
        return any(has_suppressed(c.total, *c.cells.values()) for c in self.columns)


def _municipality_rows(region: Region, counted: set) -> list[tuple[str, str]]:
    rows = [
        (str(pk), name)
        for pk, name in Municipality.objects.filter(region=region)
        .order_by("code")
        .values_list("pk", "name")
    ]
    if None in counted:
        rows.append((UNKNOWN, _("市町村不明")))
    return rows


def _key(municipality_id: int | None) -> str:
    return UNKNOWN if municipality_id is None else str(municipality_id)


def _table(
    region: Region, columns: list[tuple[str, str]], counts: dict[tuple[Any, str], int]
) -> MunicipalityTable:
    """``counts``: (municipality id or None, column key) -> persons."""
    rows = _municipality_rows(region, {m for m, _c in counts})
    built = []
    for col_key, label in columns:
        values = {key: 0 for key, _label in rows}
        for (municipality_id, c), n in counts.items():
            if c == col_key:
                values[_key(municipality_id)] += n
        cells, total = suppress_column(values)
        built.append(Column(key=col_key, label=label, total=total, cells=cells))
    return MunicipalityTable(rows=rows, columns=built)


def _live_persons(region: Region) -> QuerySet:
    return Person.objects.filter(region=region, merged_into__isnull=True)


def _caregiver_counts(persons: QuerySet, year: int, *, by: str | None) -> list[dict]:
    """Persons with a key caregiver aged OLD_AGE+ in ``year`` ("now"), and aged OLD_AGE+ by
    ``year`` + HORIZON_YEARS ("later", which includes "now"). One query."""
    qs = Caregiver.objects.filter(
        person__in=persons,
        is_key=True,
        birth_year__isnull=False,
        birth_year__lte=year + HORIZON_YEARS - OLD_AGE,
    )
    aggregates = {
        "now": Count("person", distinct=True, filter=Q(birth_year__lte=year - OLD_AGE)),
        "later": Count("person", distinct=True),
    }
    if by is None:
        return [qs.aggregate(**aggregates)]
    return list(qs.values(by).annotate(**aggregates).order_by())


def caregiver_columns(year: int) -> list[tuple[str, str]]:
    return [
        ("now", _("主な介護者が%(age)d歳以上（%(year)d年）") % {"age": OLD_AGE, "year": year}),
        (
            "soon",
            _("%(n)d年以内に%(age)d歳に達する（%(year)d年まで）")
            % {"n": HORIZON_YEARS, "age": OLD_AGE, "year": year + HORIZON_YEARS},
        ),
    ]


def caregiver_table(region: Region, year: int) -> MunicipalityTable:
    """親亡き後 by 市町村 (two queries)."""
    counts: dict[tuple[Any, str], int] = {}
    for row in _caregiver_counts(_live_persons(region), year, by="person__municipality_id"):
        municipality_id = row["person__municipality_id"]
        counts[(municipality_id, "now")] = row["now"]
        counts[(municipality_id, "soon")] = row["later"] - row["now"]
    return _table(region, caregiver_columns(year), counts)


def school_years(fiscal_year: int) -> list[int]:
    return [fiscal_year + i for i in range(SCHOOL_YEARS)]


def school_label(year: int) -> str:
    """令和8年度（令和9年3月卒業）."""
    return _("%(fy)s（%(spring)s3月卒業）") % {
        "fy": dates.fiscal_year_label(year),
        "spring": dates.wareki(date(year + 1, 3, 1), style="year"),
    }


def school_table(region: Region, fiscal_year: int) -> MunicipalityTable:
    """卒業後の進路 by 市町村 and 年度 of leaving (two queries)."""
    years = school_years(fiscal_year)
    rows = (
        _live_persons(region)
        .filter(school_leaving_year__gte=years[0], school_leaving_year__lte=years[-1])
        .values("municipality_id", "school_leaving_year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(r["municipality_id"], str(r["school_leaving_year"])): r["n"] for r in rows}
    return _table(region, [(str(y), school_label(y)) for y in years], counts)


# --- needs per quarter ------------------------------------------------------------------


def quarter_index(d: date) -> int:
    """Quarters of 年度 counted from year 0: 年度 ``fy`` quarter ``q`` (1–4) is fy*4 + q-1."""
    return dates.fiscal_year(d) * 4 + ((d.month - 4) % 12) // 3


def quarter_start(index: int) -> date:
    fiscal_year, q = divmod(index, 4)
    month = 4 + 3 * q
    return date(fiscal_year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_label(index: int) -> str:
    fiscal_year, q = divmod(index, 4)
    return _("%(fy)s 第%(q)d四半期") % {"fy": dates.fiscal_year_label(fiscal_year), "q": q + 1}


@dataclass
class Trend:
    direction: str  # "up", "down", "flat", "new" (nothing before), "none" (nothing at all)
    percent: int | None = None  # change of the last 4 quarters against the 4 before

    @property
    def magnitude(self) -> int | None:
        return None if self.percent is None else abs(self.percent)


def trend(previous: int, recent: int) -> Trend:
    if previous == 0:
        return Trend("new") if recent else Trend("none")
    percent = round((recent - previous) * 100 / previous)
    if recent == previous:
        return Trend("flat", 0)
    return Trend("up" if recent > previous else "down", percent)


@dataclass
class TrendRow:
    label: str
    cells: list[Cell]  # one per quarter, oldest first
    previous: Cell  # sum of the first half
    recent: Cell  # sum of the second half
    trend: Trend | None  # None when either half is suppressed


@dataclass
class NeedsTrend:
    quarters: list[str]  # labels, oldest first
    rows: list[TrendRow]
    first_day: date
    last_day: date

    @property
    def previous_label(self) -> str:
        half = len(self.quarters) // 2
        return _("%(first)s〜%(last)s") % {
            "first": self.quarters[0],
            "last": self.quarters[half - 1],
        }

    @property
    def recent_label(self) -> str:
        half = len(self.quarters) // 2
        return _("%(first)s〜%(last)s") % {
            "first": self.quarters[half],
            "last": self.quarters[-1],
        }

    @property
    def has_suppressed(self) -> bool:
        return any(has_suppressed(r.previous, r.recent, *r.cells) for r in self.rows)


def needs_trend(region: Region, today: date) -> NeedsTrend:
    """Needs (延べ件数, anonymous ones included) per 課題分類 per quarter for the QUARTERS
    completed quarters before ``today``'s (two queries). Each half is an exclusive breakdown
    of its sum, suppressed on its own; the trend is shown only when both sums are."""
    current = quarter_index(today)
    indexes = list(range(current - QUARTERS, current))
    first_day, end = quarter_start(indexes[0]), quarter_start(current)
    rows = (
        Need.objects.filter(region=region, noted_on__gte=first_day, noted_on__lt=end)
        .annotate(month=TruncMonth("noted_on"))
        .values("category_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        per_quarter = counts.setdefault(row["category_id"], dict.fromkeys(indexes, 0))
        per_quarter[quarter_index(row["month"])] += row["n"]
    categories = ListItem.objects.filter(region=region, kind=ListKind.NEED_CATEGORY).filter(
        Q(is_active=True) | Q(pk__in=list(counts))
    )
    half = QUARTERS // 2
    built = []
    for category in categories.order_by("sort_order", "pk"):
        per_quarter = counts.get(category.pk, dict.fromkeys(indexes, 0))
        values = [per_quarter[i] for i in indexes]
        first, first_total = suppress_column({str(i): v for i, v in enumerate(values[:half])})
        second, second_total = suppress_column({str(i): v for i, v in enumerate(values[half:])})
        shown = not has_suppressed(first_total, second_total)
        built.append(
            TrendRow(
                label=category.label,
                cells=[*first.values(), *second.values()],
                previous=first_total,
                recent=second_total,
                trend=trend(first_total, second_total) if shown else None,
            )
        )
    return NeedsTrend(
        quarters=[quarter_label(i) for i in indexes],
        rows=built,
        first_day=first_day,
        last_day=end - timedelta(days=1),
    )


# --- the whole page -----------------------------------------------------------------------


@dataclass
class Foresight:
    today: date
    year: int  # calendar year of the caregivers' ages
    fiscal_year: int
    caregivers: MunicipalityTable
    school: MunicipalityTable
    needs: NeedsTrend
    caregivers_later_total: Cell = field(default=SUPPRESSED)

    @property
    def has_suppressed(self) -> bool:
        return (
            self.caregivers.has_suppressed
            or self.school.has_suppressed
            or self.needs.has_suppressed
        )


def foresight(region: Region, *, today: date | None = None) -> Foresight:
    """The foresight figures of ``region`` as of ``today`` (Tokyo). Seven queries."""
    today = today or dates.today_local()
    fiscal_year = dates.fiscal_year(today)
    caregivers = caregiver_table(region, today.year)
    now, soon = caregivers.totals
    later = SUPPRESSED if has_suppressed(now, soon) else now + soon
    return Foresight(
        today=today,
        year=today.year,
        fiscal_year=fiscal_year,
        caregivers=caregivers,
        school=school_table(region, fiscal_year),
        needs=needs_trend(region, today),
        caregivers_later_total=later,
    )


def foresight_rows(figures: Foresight) -> list[tuple[str, str, str, Cell]]:
    """One row per number (区分, 項目, 列, 数), for CSV."""
    out: list[tuple[str, str, str, Cell]] = []
    for section, table in (
        (_("親亡き後"), figures.caregivers),
        (_("卒業後の進路"), figures.school),
    ):
        for col in table.columns:
            for key, label in table.rows:
                out.append((section, label, col.label, col.cells[key]))
            out.append((section, _("合計"), col.label, col.total))
    section = _("課題分類別のニーズ件数")
    for row in figures.needs.rows:
        for quarter, cell in zip(figures.needs.quarters, row.cells, strict=True):
            out.append((section, row.label, quarter, cell))
        out.append((section, row.label, figures.needs.previous_label, row.previous))
        out.append((section, row.label, figures.needs.recent_label, row.recent))
        if row.trend is not None and row.trend.percent is not None:
            out.append((section, row.label, _("増減率（%）"), row.trend.percent))
    return out


# --- one community issue ------------------------------------------------------------------


@dataclass
class IssueForesight:
    """親亡き後 and 卒業後の進路 among the persons whose needs evidence one issue.
    Totals only, each suppressed (1–2 → ＊); "later" is shown only when both parts are."""

    year: int
    caregivers_now: Cell
    caregivers_soon: Cell
    caregivers_later: Cell
    leaving_school: list[tuple[str, Cell]]  # (年度 label, persons), this 年度 first

    @property
    def caregiver_labels(self) -> list[tuple[str, Cell]]:
        return list(
            zip(
                (label for _k, label in caregiver_columns(self.year)),
                (self.caregivers_now, self.caregivers_soon),
                strict=True,
            )
        )

    @property
    def has_suppressed(self) -> bool:
        return has_suppressed(
            self.caregivers_now, self.caregivers_soon, *(c for _l, c in self.leaving_school)
        )


def issue_persons(issue: CommunityIssue) -> QuerySet:
    """The persons whose needs evidence ``issue`` (a merged duplicate counts as the kept
    record), as a queryset to use inside other queries."""
    evidencing = (
        Need.objects.filter(issue_links__issue=issue, person__isnull=False)
        .annotate(effective=Coalesce("person__merged_into_id", "person_id"))
        .values("effective")
    )
    return Person.objects.filter(pk__in=evidencing, merged_into__isnull=True)


def issue_foresight(issue: CommunityIssue, *, today: date | None = None) -> IssueForesight:
    """(a) and (b) of the foresight for the persons behind ``issue``. Two queries."""
    today = today or dates.today_local()
    persons = issue_persons(issue)
    row = _caregiver_counts(persons, today.year, by=None)[0]
    years = school_years(dates.fiscal_year(today))
    leaving = dict(
        persons.filter(school_leaving_year__gte=years[0], school_leaving_year__lte=years[-1])
        .values_list("school_leaving_year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    now, soon = row["now"] or 0, (row["later"] or 0) - (row["now"] or 0)
    now_cell, soon_cell = suppress_count(now), suppress_count(soon)
    return IssueForesight(
        year=today.year,
        caregivers_now=now_cell,
        caregivers_soon=soon_cell,
        caregivers_later=SUPPRESSED if has_suppressed(now_cell, soon_cell) else now + soon,
        leaving_school=[(school_label(y), suppress_count(leaving.get(y, 0))) for y in years],
    )
