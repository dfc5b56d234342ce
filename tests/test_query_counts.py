"""Query counts do not grow with the data (issue 10).

The budget of every page is checked by tests/test_access_matrix.py (tests/query_budget.py).
Here every page some role may open is requested with the test fixtures, then the whole 山武
demo (`tsunagu demo`: 276 persons with their consultations, needs, issues, plans, the
directory, events, the food bank, …) is loaded into the same region and every page is
requested again: a page whose count grows with the data runs a query per row (N+1)."""

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from tests.test_access_matrix import MATRIX, _Fixtures

# A list that is empty in the fixtures may add a query or two (a prefetch) once it has rows.
EMPTY_TO_FULL = 2
ORDER = ["admin", "center_staff", "secretariat", "municipal_staff", "member", "provider_staff",
         "anonymous"]  # fmt: skip


def test_query_counts_do_not_grow_with_the_data(client, personas, login, request):
    fixtures = _Fixtures(request)
    pages = []  # (name, role, path)
    unbuilt = []
    for name in sorted(MATRIX):
        build, expected = MATRIX[name]
        role = next((r for r in ORDER if expected.get(r) == 200), None)
        if role is None:
            continue
        try:
            with transaction.atomic():
                path = build(fixtures)
        except (ValidationError, IntegrityError, ValueError):
            # builders are written for a fresh database each; a few clash when all run in
            # one (e.g. two switch disaster mode on). Those pages are counted in the matrix.
            unbuilt.append(name)
            continue
        pages.append((name, role, path))

    def measure():
        counts = {}
        for name, role, path in pages:
            client.logout()
            if role != "anonymous":
                login(client, personas[role])
            client.get(path)  # warm per-process caches (lists, taxonomy) once
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts[name] = (response.status_code, len(queries))
        return counts

    before = measure()
    call_command("demo", "--quiet-logins", verbosity=0)
    after = measure()
    compared = [n for n in before if before[n][0] == 200 and after[n][0] == 200]
    grown = {
        name: (before[name][1], after[name][1])
        for name in compared
        if after[name][1] > before[name][1] + EMPTY_TO_FULL
    }
    assert len(compared) > 150, (len(compared), unbuilt)  # the matrix really was covered
    assert len(unbuilt) < 10, unbuilt
    assert grown == {}, f"query counts that grew with the data (before, after): {grown}"
