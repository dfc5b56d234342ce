"""Joining the network: an administrator invites a staff member of an organization by
e-mail; the invitee opens the signed link (no login), chooses a username, display name and
password; the account (role ネットワーク会員) stays inactive until an administrator
approves it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.services import user_create
from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.mail import mail_queue
from tsunagu.core.models import AuditAction, Organization, User
from tsunagu.core.roles import Role
from tsunagu.network import tokens
from tsunagu.network.models import Invitation
from tsunagu.network.selectors import invitation_usable

INVITATION_DAYS = 14


def invitation_url(invitation: Invitation) -> str:
    return settings.TSUNAGU_BASE_URL + reverse(
        "network:join", args=[tokens.invitation_token(invitation.pk)]
    )


@transaction.atomic
def invitation_create(*, actor: User, organization: Organization, email: str) -> Invitation:
    if organization.region_id != actor.region_id:
        raise ValueError("organization belongs to another region")
    invitation = Invitation.objects.create(
        region=actor.region,
        organization=organization,
        email=email.strip(),
        created_by=acting_user(actor),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=invitation,
        summary=f"organization={organization.pk}",
    )
    body = "\n\n".join(
        [
            _("%(org)s のみなさまへ") % {"org": organization.name},
            _(
                "%(region)s のネットワーク（ホッとdeネットワーク）へ招待します。"
                "次のリンクから、ユーザー名とパスワードを決めて登録してください"
                "（%(days)d日間有効）。登録のあと、管理者の承認で使えるようになります。"
            )
            % {"region": actor.region.name, "days": INVITATION_DAYS},
            invitation_url(invitation),
        ]
    )
    mail_queue(
        to=[invitation.email],
        subject=_("ネットワークへの招待（%(region)s）") % {"region": actor.region.name},
        body=body,
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, username: str, display_name: str, password: str
) -> User:
    """Create the (inactive) member account; raises ValidationError for a weak password
    and ValueError when the invitation cannot be used any more."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_usable(invitation):
        raise ValueError("invitation not usable")
    actor = f"invitation:{invitation.pk}"
    user = user_create(
        actor=actor,
        region=invitation.region,
        username=username,
        password=password,
        role=Role.MEMBER,
        display_name=display_name,
        email=invitation.email,
        organization=invitation.organization,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    invitation.user = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["user", "accepted_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=invitation, summary="accepted")
    return user


@transaction.atomic
def invitation_approve(*, actor: User, invitation: Invitation) -> User:
    if invitation.user is None or invitation.approved_at is not None:
        raise ValueError("nothing to approve")
    user = invitation.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    invitation.approved_at = timezone.now()
    invitation.approved_by = actor
    invitation.save(update_fields=["approved_at", "approved_by"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=invitation, summary="approved")
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, summary="is_active=True")
    login = settings.TSUNAGU_BASE_URL + reverse("accounts:login")
    mail_queue(
        to=[user.email],
        subject=_("ネットワークの登録が承認されました"),
        body=_("%(name)s 様\n\n登録が承認されました。次のページからログインできます。\n%(url)s")
        % {"name": user.display_name or user.username, "url": login},
    )
    return user


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=invitation, summary="revoked")
    return invitation
