"""The community issues needs feed, as needs may see them: a registry filled by council.

council sits above needs (an issue is built from needs) and owns ``CommunityIssue`` and the
links of needs to issues. needs never imports council: in its ``AppConfig.ready()`` council
registers here how to read the links and the issues (``tsunagu.council.need_links``). The
candidate groups (``needs.selectors.need_groups``) and the need pages read them through the
three functions below; with nothing registered no need feeds an issue."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IssueSource:
    # links(region) -> (need id, issue id) of every link of the region's issues
    links: Callable[[Any], Iterable[tuple[int, int]]]
    # fingerprint(region) -> a string that changes whenever links(region) would
    fingerprint: Callable[[Any], str]
    # issues(region, pks) -> the region's issues among pks (objects with .pk and .title)
    issues: Callable[[Any, Collection[int]], Iterable[Any]]


_SOURCE: list[IssueSource] = []


def register_issues(
    *,
    links: Callable[[Any], Iterable[tuple[int, int]]],
    fingerprint: Callable[[Any], str],
    issues: Callable[[Any, Collection[int]], Iterable[Any]],
) -> None:
    """Register (or replace) where the issues fed by needs are read."""
    _SOURCE[:] = [IssueSource(links=links, fingerprint=fingerprint, issues=issues)]


def issue_links(region: Any) -> dict[int, list[int]]:
    """need id -> the ids of the issues it feeds."""
    links: dict[int, list[int]] = {}
    for source in _SOURCE:
        for need_id, issue_id in source.links(region):
            links.setdefault(need_id, []).append(issue_id)
    return links


def issues_fingerprint(region: Any) -> str:
    return "".join(source.fingerprint(region) for source in _SOURCE)


def issues_by_pk(region: Any, pks: Collection[int]) -> dict[int, Any]:
    return {issue.pk: issue for source in _SOURCE for issue in source.issues(region, pks)}
