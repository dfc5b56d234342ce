"""The progress table (市町村 × 状況, with row, column and grand totals) that municipality and
secretariat readers see: no hidden cell can be worked out from the totals shown beside it."""

import random
import re
from datetime import date

import pytest

from tsunagu.core.suppression import SUPPRESSED, recoverable
from tsunagu.disaster.models import SafetyCheck, SafetyStatus
from tsunagu.disaster.services import activation_start, check_update, registration_save
from tsunagu.people.services import person_create

STATUSES = list(SafetyStatus.values)

# 15 persons: 10 無事, and five 1s in the other columns (the finding of issue 16, item 3).
SCENARIO = {
    "東金市": {"safe": 5, "needs_support": 1, "unreachable": 1},
    "山武市": {"safe": 5, "unconfirmed": 1},
    "大網白里市": {"unconfirmed": 1},
    "九十九里町": {"needs_support": 1},
}


@pytest.fixture
def activation(region):
    persons = []
    for name, counts in SCENARIO.items():
        municipality = region.municipalities.get(name=name)
        for status, n in counts.items():
            for i in range(n):
                person = person_create(
                    actor="test", region=region, family_name="安否", given_name=f"{status}{i}",
                    family_name_kana="アンピ", municipality=municipality, is_fictional=True,
                    audit=False,
                )
                registration_save(actor="test", region=region, person=person,
                                  consent_on=date(2025, 4, 1))
                persons.append((person, status))
    activation = activation_start(actor="test", region=region, title="テスト地震", notify=False)
    for person, status in persons:
        if status != SafetyStatus.UNCONFIRMED:
            check = SafetyCheck.objects.get(activation=activation, person=person)
            check_update(actor="test", check=check, version=check.version, status=status)
    return activation


def published_table(page: str) -> tuple[dict, list]:
    """The progress table as a reader reads it off the page: every number shown, and the sums
    the reader knows (each row adds up to its 計, each column to the 合計 row)."""
    table = page[page.index('class="table disaster-progress"'):]
    table = table[: table.index("</table>")]
    values: dict = {}
    names = []
    for row in re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</tr>", table, re.S):
        name = row[: row.index("</th>")].strip()
        cells = re.findall(r'data-status="(\w+)">([^<]*)<', row)
        total = re.findall(r'<td class="num">([^<]*)</td>\s*$', row.strip())[0]
        for status, text in [*cells, ("total", total)]:
            values[(name, status)] = text if text == SUPPRESSED else int(text)
        names.append(name)
    *municipalities, grand = names
    sums = [((n, "total"), [(n, s) for s in STATUSES]) for n in names]
    sums += [((grand, s), [(n, s) for n in municipalities]) for s in [*STATUSES, "total"]]
    return values, sums


def test_no_hidden_cell_of_the_progress_table_can_be_worked_out(
    client, municipal_staff, secretariat, center_staff, activation, login
):
    for reader in (municipal_staff, secretariat):
        login(client, reader)
        page = client.get(f"/disaster/activations/{activation.pk}/").content.decode()
        values, sums = published_table(page)
        assert values[("合計", "total")] == 15  # protected, not blanked
        assert not any(v in (1, 2) for v in values.values())
        assert recoverable(values, sums) == {}, values
    login(client, center_staff)  # the center sees the counts as they are
    values, _sums = published_table(
        client.get(f"/disaster/activations/{activation.pk}/").content.decode()
    )
    assert values[("東金市", "needs_support")] == 1


def test_the_attacker_reads_the_five_ones_off_a_row_by_row_suppression():
    """Control: hiding small cells row by row, as the table did, leaves them recoverable."""
    grand = dict.fromkeys([*STATUSES, "total"], 0)
    values = {}
    for name in ["東金市", "山武市", "大網白里市", "九十九里町", "芝山町", "横芝光町"]:
        counts = {s: SCENARIO.get(name, {}).get(s, 0) for s in STATUSES}
        counts["total"] = sum(counts.values())
        for s, n in counts.items():
            values[(name, s)] = n
            grand[s] += n
    values |= {("合計", s): n for s, n in grand.items()}
    names = [*dict.fromkeys(n for n, _s in values)]
    row_by_row = {k: (SUPPRESSED if 1 <= v <= 2 else v) for k, v in values.items()}
    sums = [((n, "total"), [(n, s) for s in STATUSES]) for n in names]
    sums += [(("合計", s), [(n, s) for n in names[:-1]]) for s in [*STATUSES, "total"]]
    found = recoverable(row_by_row, sums)
    assert found[("東金市", "needs_support")] == 1


def test_random_progress_tables_are_protected():
    from tests.suppression_check import assert_protected

    from tsunagu.disaster.selectors import _row, suppress_progress

    rng = random.Random(311)
    for _ in range(80):
        spread = rng.choice([(0, 2), (0, 5), (0, 30)])
        rows, grand = [], dict.fromkeys(STATUSES, 0)
        for m in range(rng.randint(1, 7)):
            counts = {s: rng.randint(*spread) if rng.random() < 0.6 else 0 for s in STATUSES}
            grand = {s: grand[s] + counts[s] for s in STATUSES}
            rows.append(_row(f"m{m}", counts))
        rows.append(_row("", grand))

        def flat(table):
            return {(i, k): v for i, row in enumerate(table)
                    for k, v in [*row.counts.items(), ("total", row.total)]}

        last = len(rows) - 1
        sums = [((i, "total"), [(i, s) for s in STATUSES]) for i in range(len(rows))]
        sums += [((last, c), [(i, c) for i in range(last)]) for c in [*STATUSES, "total"]]
        assert_protected(flat(rows), flat(suppress_progress(rows)), sums)
