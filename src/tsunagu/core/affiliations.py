"""Several hats on one account. A user holds one or more affiliations (organization or
municipality + role); the active one — chosen explicitly and kept in the session — is put
on ``request.user`` by one middleware, so that everything reading ``user.role``,
``user.organization`` or ``user.municipality`` (core.access, selectors, templates) follows
the hat being worn without knowing about hats."""

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from tsunagu.core.audit import audit_record
from tsunagu.core.models import Affiliation, AuditAction, Municipality, Organization, User
from tsunagu.core.roles import Role

SESSION_KEY = "tsunagu_affiliation"


def affiliation_list(*, user: User):
    return Affiliation.objects.filter(user=user).select_related("organization", "municipality")


@transaction.atomic
def affiliation_add(
    *,
    actor: Any,
    user: User,
    role: Role | str,
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    primary: bool = False,
) -> Affiliation:
    """Give ``user`` another hat, within their own region."""
    for place in (organization, municipality):
        if place is not None and place.region_id != user.region_id:
            raise ValueError("an affiliation belongs to the user's own region")
    affiliation = Affiliation.objects.create(
        user=user,
        role=Role(role),
        organization=organization,
        municipality=municipality,
        primary=primary,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=user,
        summary=f"affiliation added: role={affiliation.role} "
        f"organization={affiliation.organization_id} municipality={affiliation.municipality_id}",
    )
    return affiliation


@transaction.atomic
def affiliation_remove(*, actor: Any, affiliation: Affiliation) -> None:
    """Withdraw a hat (not the primary one); a session wearing it falls back to the primary."""
    if affiliation.primary:
        raise ValueError("the primary affiliation follows the account's own role")
    user = affiliation.user
    summary = f"affiliation removed: role={affiliation.role} " + (
        f"organization={affiliation.organization_id} municipality={affiliation.municipality_id}"
    )
    affiliation.delete()
    audit_record(actor=actor, action=AuditAction.DELETE, target=user, summary=summary)


@transaction.atomic
def affiliation_primary_sync(*, user: User) -> None:
    """Keep the primary affiliation equal to the role and organization on the account."""
    if not user.role:
        Affiliation.objects.filter(user=user, primary=True).delete()
        return
    Affiliation.objects.update_or_create(
        user=user,
        primary=True,
        defaults={
            "role": user.role,
            "organization_id": user.organization_id,
            "municipality_id": user.municipality_id,
        },
    )


def affiliation_others(*, user: User):
    """The hats besides the account's own (primary) one."""
    return affiliation_list(user=user).filter(primary=False)


@transaction.atomic
def affiliation_switch(
    *, user: User, session: SessionBase, affiliation_id: int | None
) -> Affiliation | None:
    """Wear another of the user's hats from the next request on (``None``: the account's
    own); audited. Raises Affiliation.DoesNotExist for a hat that is not theirs."""
    if affiliation_id is None:
        session.pop(SESSION_KEY, None)
        audit_record(
            actor=user,
            action=AuditAction.SECURITY,
            target=user,
            summary="affiliation switched to primary",
        )
        return None
    affiliation = affiliation_others(user=user).get(pk=affiliation_id)
    session[SESSION_KEY] = affiliation.pk
    audit_record(
        actor=user,
        action=AuditAction.SECURITY,
        target=user,
        summary=f"affiliation switched to {affiliation.pk}: role={affiliation.role} "
        f"organization={affiliation.organization_id} municipality={affiliation.municipality_id}",
    )
    return affiliation


class AffiliationMiddleware:
    """Put the session's active affiliation on the user. Without a choice in the session
    the account's own (primary) role and organization stand, at no extra query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if chosen is not None and getattr(user, "is_authenticated", False):
            affiliation = affiliation_others(user=user).filter(pk=chosen).first()
            if affiliation is None:  # withdrawn since: back to the account's own hat
                del request.session[SESSION_KEY]
            else:
                user.wear(affiliation)
        return self.get_response(request)
