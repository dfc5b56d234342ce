"""The dashboard as each role's work list (issue 21 item 2).

core knows no app; each app registers what it has to say about the day's work in its
``AppConfig.ready()`` with :func:`work_item_register`. An item is one number (one COUNT
query, whatever the amount of data) and the list that number stands for: every number on the
dashboard links to its list. An item answers ``None`` for a user it is not for (the role
lacks the capability), and the dashboard leaves it out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from tsunagu.core.access import user_can
from tsunagu.core.roles import Capability

# Sections of the dashboard, in the order they are shown.
SECTION_TODAY = "today"  # 今日の仕事: deadlines passed or near
SECTION_FOLLOW = "follow"  # 気にかけること: persons, notices
SECTION_REGION = "region"  # 地域・会議: issues, meetings, events


@dataclass(frozen=True)
class WorkItem:
    key: str
    section: str
    order: int
    label: Any  # lazy text
    capabilities: tuple[Capability, ...]  # any one of them
    count: Callable[[Any, date], int]
    url_name: str
    query: str = ""
    urgent: bool = False  # a number above zero is flagged 至急
    # Counted on every request instead of kept under the region's data version
    # (core.dataversion): for a number that changes without an audited write.
    live: bool = False

    def url(self) -> str:
        path = reverse(self.url_name)
        return f"{path}?{self.query}" if self.query else path


@dataclass(frozen=True)
class WorkRow:
    item: WorkItem
    count: int
    url: str


_ITEMS: dict[str, WorkItem] = {}


def work_item_register(item: WorkItem) -> None:
    """Called from an app's ``AppConfig.ready()``; registering a key again replaces it."""
    _ITEMS[item.key] = item


def work_items() -> list[WorkItem]:
    return sorted(_ITEMS.values(), key=lambda i: (i.section, i.order, i.key))


def work_list(user: Any, today: date) -> dict[str, list[WorkRow]]:
    """The user's rows by section: one query per item the role may see, no more — and none
    while the region's data has not changed (issue 25): the numbers are kept for the user
    under the region's data version (core.dataversion) for a minute at most, since some of
    them move with the clock (due within 24 hours). ``live`` items are counted every time."""
    from tsunagu.core.dataversion import SHORT_SECONDS, cached_for_user

    items = [
        item
        for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key))
        if not item.capabilities or any(user_can(user, c) for c in item.capabilities)
    ]

    def counts() -> dict[str, int]:
        return {item.key: item.count(user, today) for item in items if not item.live}

    kept = cached_for_user(user, f"worklist:{today.isoformat()}", counts, timeout=SHORT_SECONDS)
    sections: dict[str, list[WorkRow]] = {SECTION_TODAY: [], SECTION_FOLLOW: [], SECTION_REGION: []}
    for item in items:
        count = item.count(user, today) if item.live or item.key not in kept else kept[item.key]
        sections.setdefault(item.section, []).append(
            WorkRow(item=item, count=count, url=item.url())
        )
    return sections


def register() -> None:
    """core's own item: the user's unread notifications (お知らせ)."""
    from django.utils.translation import gettext_lazy as _

    work_item_register(WorkItem(
        key="core.notifications", section=SECTION_FOLLOW, order=50,
        label=_("未読のお知らせ"), capabilities=(),
        count=lambda user, today: user.notifications.filter(read_at__isnull=True).count(),
        url_name="core:notifications", live=True,  # read and sent without an audit entry
    ))  # fmt: skip
