"""A region's data version: a token that changes whenever something is written in the region,
so that figures computed from the region's data (the dashboard's counts, the public
directory's categories, a list's number of rows) can be kept in the cache under it and
recomputed only after a change (issue 25).

Every write goes through a service that records an audit entry (core.audit.audit_record); an
entry of any action other than a view or an export renews the region's token once the
transaction commits. What is cached under the token is keyed by it, so a renewed token makes
the old entries unreachable (they expire on their own). Figures that depend on the time of day
as well (a deadline within 24 hours) are cached for ``SHORT_SECONDS`` at most.

Nothing personal is kept under a key shared by users: a cached value that depends on who asks
is keyed by the user (:func:`cached_for_user`)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
SHORT_SECONDS = 60  # counts that move with the clock (deadlines, "within 30 days")
LONG_SECONDS = 24 * 3600
_MISSING = object()


def _version_key(region_id: Any) -> str:
    return f"dataversion:{region_id}"


def data_version_renew(*, region_id: Any) -> None:
    """A new token for the region now, and again once the current transaction commits (only
    once outside one): a reader that computed from the data before the commit may have stored
    its figures under the first token; the second leaves them behind."""
    if region_id is None:
        return

    def renew() -> None:
        cache.set(_version_key(region_id), secrets.token_hex(8), LONG_SECONDS)

    renew()
    if not transaction.get_autocommit():
        transaction.on_commit(renew)


def cached(
    region_id: Any, name: str, compute: Callable[[], T], *, timeout: int = LONG_SECONDS
) -> T:
    """``compute()``, or what it gave last under the region's current data version: one
    cache read (the version and the value together) when nothing changed."""
    version_key = _version_key(region_id)
    digest = hashlib.sha256(name.encode()).hexdigest()[:24]  # any text: a valid cache key
    value_key = f"dv:{region_id}:{digest}"
    found = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    if version is None:  # never written since the cache was emptied: start a token
        version = secrets.token_hex(8)
        cache.add(version_key, version, LONG_SECONDS)
        version = cache.get(version_key, version)
    held = found.get(value_key, _MISSING)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == version:
        return held[1]
    value = compute()
    cache.set(value_key, (version, value), timeout)
    return value


def cached_for_user(
    user: Any, name: str, compute: Callable[[], T], *, timeout: int = LONG_SECONDS
) -> T:
    """:func:`cached` under a key of the user's own (and the role or affiliation worn)."""
    affiliation = getattr(user, "active_affiliation", None)
    who = f"u{user.pk}:{getattr(user, 'role', '')}:{getattr(affiliation, 'pk', '')}"
    return cached(user.region_id, f"{who}:{name}", compute, timeout=timeout)
