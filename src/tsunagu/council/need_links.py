"""What ``council`` registers in needs' issue registry (tsunagu.needs.issues): the links of
needs to community issues and the issues themselves, read by the candidate groups."""

from collections.abc import Collection
from typing import Any

from django.db.models import Count, Max

from tsunagu.council.models import CommunityIssue, IssueNeed
from tsunagu.needs.issues import register_issues


def _links(region: Any) -> list[tuple[int, int]]:
    return list(IssueNeed.objects.filter(issue__region=region).values_list("need_id", "issue_id"))


def _fingerprint(region: Any) -> str:
    links = IssueNeed.objects.filter(issue__region=region).aggregate(n=Count("pk"), top=Max("pk"))
    return f"{links['n']}:{links['top']}"


def _issues(region: Any, pks: Collection[int]) -> list[CommunityIssue]:
    return list(CommunityIssue.objects.filter(region=region, pk__in=pks))


def register() -> None:
    register_issues(links=_links, fingerprint=_fingerprint, issues=_issues)
