"""Hostile input for property-based tests: what a user's file or form may hold."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Reproducible and quick enough for CI: a fixed derandomized search, no example database.
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e逆",
    "\ufeff",
    "'; DROP TABLE people_person; --",
    '" OR 1=1 --',
    "%_\\",
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "2023-02-30",
    "2023/13/01",
    "R99.99.99",
    "令和0年0月0日",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "Ⓐ",
    "𠮷野家",
    "髙橋",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "../../etc/passwd",
    "ｱｲｳ",
    "\r\n",
    "a" * 5000,
]

# Any Unicode a file may carry except lone surrogates (not encodable in UTF-8 at all).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
CELL = st.one_of(st.sampled_from(NASTY), UNICODE)
