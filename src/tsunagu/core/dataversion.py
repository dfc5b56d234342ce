"""A region's data version: a token that changes whenever something is written in the region,
so that figures computed from the region's data (the dashboard's counts, the public
directory's categories and matches, a list's number of rows) are kept and computed again only
after a change (issue 25).

Every write goes through a service that records an audit entry (core.audit.audit_record); an
entry of any action other than a view or an export renews the region's token, at once and
again once the transaction commits. The token lives in Django's cache (shared by every server
process) and is read once per request; the figures kept under it live in this process's
memory (a bounded LRU), keyed by the token, so a renewed token leaves them behind. A region
whose token is missing (never written since the cache was emptied) keeps nothing: each request
computes. Figures that move with the clock as well (a deadline within 24 hours) are kept for
``SHORT_SECONDS`` at most, the rest for ``LONG_SECONDS`` (a write made around the services is
seen within that time).

Nothing personal is shared between users: a figure that depends on who asks is keyed by the
user (:func:`cached_for_user`)."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
SHORT_SECONDS = 60  # counts that move with the clock (deadlines, "within 30 days")
LONG_SECONDS = 3600
MAX_ENTRIES = 2048  # figures kept per process, least recently used dropped first

_kept: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
# the tokens read during the current request (set by core.middleware.RequestContextMiddleware)
_request_tokens: ContextVar[dict | None] = ContextVar("tsunagu_data_versions", default=None)


def _version_key(region_id: Any) -> str:
    return f"dataversion:{region_id}"


def request_tokens_start() -> Any:
    """A fresh memo of tokens for a request; returns the contextvar token to reset."""
    return _request_tokens.set({})


def request_tokens_end(token: Any) -> None:
    _request_tokens.reset(token)


def data_version_renew(*, region_id: Any) -> None:
    """A new token for the region now, and again once the current transaction commits (only
    once outside one): a reader that computed from the data before the commit may have kept
    its figures under the first token; the second leaves them behind."""
    if region_id is None:
        return

    def renew() -> None:
        fresh = secrets.token_hex(8)
        cache.set(_version_key(region_id), fresh, None)  # kept until renewed
        memo = _request_tokens.get()
        if memo is not None:
            memo[region_id] = fresh

    renew()
    if not transaction.get_autocommit():
        transaction.on_commit(renew)


def data_version(region_id: Any) -> str | None:
    """The region's token (None when missing), read once per request."""
    memo = _request_tokens.get()
    if memo is not None and region_id in memo:
        return memo[region_id]
    version = cache.get(_version_key(region_id))
    if memo is not None:
        memo[region_id] = version
    return version


def cached(
    region_id: Any, name: str, compute: Callable[[], T], *, timeout: int = LONG_SECONDS
) -> T:
    """``compute()``, or what it gave last in this process under the region's current data
    version and within ``timeout`` seconds."""
    version = data_version(region_id)
    if version is None:
        return compute()
    key = (region_id, name)
    now = time.monotonic()
    with _lock:
        held = _kept.get(key)
        if held is not None and held[0] > now and held[1][0] == version:
            _kept.move_to_end(key)
            return held[1][1]
    value = compute()
    with _lock:
        _kept[key] = (now + timeout, (version, value))
        _kept.move_to_end(key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return value


def cached_for_user(
    user: Any, name: str, compute: Callable[[], T], *, timeout: int = LONG_SECONDS
) -> T:
    """:func:`cached` under a key of the user's own (and the role or affiliation worn)."""
    affiliation = getattr(user, "active_affiliation", None)
    who = ("user", user.pk, str(getattr(user, "role", "")), getattr(affiliation, "pk", None))
    return cached(user.region_id, f"{who!r}:{name}", compute, timeout=timeout)


def forget_all() -> None:
    """Drop what this process keeps (tests: each starts with an empty cache)."""
    with _lock:
        _kept.clear()
