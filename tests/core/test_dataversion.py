"""Figures kept under a region's data version (tsunagu.core.dataversion, issue 25): computed
once, computed again after any audited write in the region (not after a view), and kept apart
per user where they depend on who asks."""

import re

from tsunagu.core.audit import audit_record
from tsunagu.core.dataversion import cached, cached_for_user
from tsunagu.core.models import AuditAction


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_kept_until_a_write_in_the_region(region, other_region):
    calls, compute = _counter()
    assert cached(region.pk, "figure", compute) == 1
    assert cached(region.pk, "figure", compute) == 1  # kept: not computed again
    # a view is no change; a write in another region is not this region's
    audit_record(actor="test", action=AuditAction.VIEW, target_type="x", region=region)
    audit_record(actor="test", action=AuditAction.UPDATE, target_type="x", region=other_region)
    assert cached(region.pk, "figure", compute) == 1
    audit_record(actor="test", action=AuditAction.CREATE, target_type="x", region=region)
    assert cached(region.pk, "figure", compute) == 2
    assert cached(region.pk, "figure", compute) == 2
    assert len(calls) == 2


def test_each_user_has_their_own(region, center_staff, provider_staff):
    assert cached_for_user(center_staff, "mine", lambda: "carol") == "carol"
    assert cached_for_user(provider_staff, "mine", lambda: "paul") == "paul"
    assert cached_for_user(center_staff, "mine", lambda: "recomputed") == "carol"


def _count(page: str, key: str) -> int:
    found = re.search(
        rf'data-key="{re.escape(key)}">\s*<a href="[^"]+"><span class="worklist__count">(\d+) 件',
        page,
    )
    assert found, key
    return int(found.group(1))


def test_the_dashboard_shows_a_new_notification_at_once(client, login, center_staff, region):
    """The work list is kept under the data version; a notification is sent without an audit
    entry, so its item is counted on every request (``live``)."""
    from tsunagu.core.notifications import notification_send

    login(client, center_staff)
    assert _count(client.get("/dashboard/").content.decode(), "core.notifications") == 0
    notification_send(users=[center_staff], subject="テスト", body="本文")
    assert _count(client.get("/dashboard/").content.decode(), "core.notifications") == 1
