"""Invitations (管理者) and the public page where an invitee sets up the account; the
members' feed settings (a revocable secret URL for calendar apps)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required, scope_region
from tsunagu.core.models import User
from tsunagu.core.roles import Capability
from tsunagu.core.services import organization_upsert
from tsunagu.network import invitation_services, selectors, services, tokens
from tsunagu.network.forms import InvitationAcceptForm, InvitationForm
from tsunagu.network.models import FeedToken, Invitation


@capability_required(Capability.MANAGE_REGION)
def invitation_list(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    form = InvitationForm(region=region)
    if request.method == "POST":
        form = InvitationForm(request.POST, region=region)
        if form.is_valid():
            data = form.cleaned_data
            organization = data["organization"]
            if organization is None:
                organization = organization_upsert(
                    actor=request.user,
                    region=region,
                    name=data["new_organization"].strip(),
                    kind=data["new_organization_kind"],
                )
            invitation_services.invitation_create(
                actor=request.user, organization=organization, email=data["email"]
            )
            messages.success(request, _("招待のメールを送ります。"))
            return redirect("network:invitation_list")
    rows = (
        scope_region(Invitation.objects.all(), request.user)
        .select_related("organization", "user")
        .order_by("-created_at")[:200]
    )
    return render(request, "network/invitation_list.html", {"form": form, "invitations": rows})


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = scope_region(Invitation.objects.all(), request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


@require_POST
@capability_required(Capability.MANAGE_REGION)
def invitation_approve(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    try:
        invitation_services.invitation_approve(actor=request.user, invitation=invitation)
    except ValueError:
        messages.error(request, _("承認できる登録がありません。"))
    else:
        messages.success(request, _("承認しました。"))
    return redirect("network:invitation_list")


@require_POST
@capability_required(Capability.MANAGE_REGION)
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation_services.invitation_revoke(actor=request.user, invitation=_invitation(request, pk))
    messages.success(request, _("招待を取り消しました。"))
    return redirect("network:invitation_list")


def join(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invitee sets up the account from the mailed link."""
    pk = tokens.invitation_token_pk(token)
    invitation = Invitation.objects.filter(pk=pk).select_related("organization").first()
    if invitation is None:
        raise Http404
    if not selectors.invitation_usable(invitation):
        return render(request, "network/join.html", {"unusable": True}, status=410)
    form = InvitationAcceptForm()
    if request.method == "POST":
        form = InvitationAcceptForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if User.objects.filter(username__iexact=data["username"]).exists():
                form.add_error("username", _("このユーザー名は使われています。"))
            else:
                try:
                    invitation_services.invitation_accept(
                        invitation=invitation,
                        username=data["username"],
                        display_name=data["display_name"],
                        password=data["password"],
                    )
                except ValidationError as error:
                    form.add_error("password", error)
                except IntegrityError:
                    form.add_error("username", _("このユーザー名は使われています。"))
                else:
                    return render(request, "network/join.html", {"done": True})
    return render(
        request,
        "network/join.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@capability_required(Capability.NETWORK)
def feed_settings(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(actor=request.user)
            messages.success(request, _("フィードのURLを無効にしました。"))
            return redirect("network:feed_settings")
        new_token = services.feed_token_create(actor=request.user)
    urls = None
    if new_token:
        base = settings.TSUNAGU_BASE_URL
        urls = {
            "ics": base + reverse("network:feed_events_ics", args=[new_token]),
            "atom": base + reverse("network:feed_posts_atom", args=[new_token]),
        }
    return render(
        request,
        "network/feed_settings.html",
        {
            "urls": urls,
            "has_token": FeedToken.objects.filter(user=request.user).exists(),
            "region": request.user.region,
        },
    )
