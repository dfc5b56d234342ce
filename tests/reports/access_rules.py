"""Access rules for the annual report (see tests/test_access_matrix.py).

Center staff see full figures; the council secretariat and the municipality see suppressed
figures (200); provider staff and network members are refused; a user of another region sees
their own (empty) region."""

from tests.access import row as _row

_AGGREGATES = _row(302, 200, 200, 403, 200, 200, 403, 200)

RULES = {
    "reports:index": (lambda o: "/reports/", _AGGREGATES),
    "reports:annual": (lambda o: "/reports/annual/?year=2022", _AGGREGATES),
    "reports:annual_chart": (lambda o: "/reports/annual/chart/month.svg?year=2022", _AGGREGATES),
    "reports:annual_xlsx": (lambda o: "/reports/annual/jisseki.xlsx?year=2022", _AGGREGATES),
    "reports:annual_csv": (lambda o: "/reports/annual/jisseki.csv?year=2022", _AGGREGATES),
    "reports:annual_csv(cp932)": (
        lambda o: "/reports/annual/jisseki.csv?year=2022&encoding=cp932",
        _AGGREGATES,
    ),
    "reports:annual_pdf": (lambda o: "/reports/annual/jisseki.pdf?year=2022", _AGGREGATES),
}
