"""A region administrator's account management."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts import services
from tsunagu.accounts.forms import AffiliationForm, UserForm
from tsunagu.core import affiliations
from tsunagu.core.access import capability_required, scope_region
from tsunagu.core.models import User
from tsunagu.core.roles import Capability, Role


def _region_user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(scope_region(User.objects.all(), request.user), pk=pk)


@capability_required(Capability.MANAGE_REGION)
def user_list(request: HttpRequest) -> HttpResponse:
    users = (
        scope_region(User.objects.all(), request.user)
        .select_related("organization", "municipality")
        .order_by("role", "username")
    )
    with_device = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    rows = [(u, u.pk in with_device) for u in users]
    return render(request, "accounts/user_list.html", {"rows": rows})


@capability_required(Capability.MANAGE_REGION)
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, region=request.user.region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                region=request.user.region,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
                organization=data["organization"],
                municipality=data["municipality"],
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, _("アカウントを作成しました。"))
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@capability_required(Capability.MANAGE_REGION)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _region_user(request, pk)
    initial = {
        "username": target.username,
        "display_name": target.display_name,
        "email": target.email,
        "role": target.role,
        "organization": target.organization,
        "municipality": target.municipality,
        "is_active": target.is_active,
    }
    form = UserForm(
        request.POST or None, region=request.user.region, instance=target, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if target == request.user and (data["role"] != target.role or not data["is_active"]):
            form.add_error(None, _("自分自身の役割の変更や利用停止はできません。"))
        else:
            services.user_update(
                actor=request.user,
                user=target,
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
                organization=data["organization"],
                municipality=data["municipality"],
                is_active=data["is_active"],
            )
            messages.success(request, _("アカウントを更新しました。"))
            return redirect("accounts:user_list")
    has_device = TOTPDevice.objects.filter(user=target, confirmed=True).exists()
    context = {
        "form": form,
        "target": target,
        "has_device": has_device,
        "others": affiliations.affiliation_others(user=target),
        "affiliation_form": AffiliationForm(region=request.user.region, prefix="hat"),
    }
    return render(request, "accounts/user_form.html", context)


@capability_required(Capability.MANAGE_REGION)
@require_POST
def user_affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an account another hat (兼務・出向)."""
    target = _region_user(request, pk)
    form = AffiliationForm(request.POST, region=request.user.region, prefix="hat")
    if form.is_valid():
        data = form.cleaned_data
        affiliations.affiliation_add(
            actor=request.user,
            user=target,
            role=data["role"],
            organization=data["organization"] if data["role"] != Role.MUNICIPALITY else None,
            municipality=data["municipality"] if data["role"] == Role.MUNICIPALITY else None,
        )
        messages.success(request, _("兼務の所属を追加しました。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("accounts:user_edit", pk=target.pk)


@capability_required(Capability.MANAGE_REGION)
@require_POST
def user_affiliation_remove(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    target = _region_user(request, pk)
    affiliation = get_object_or_404(affiliations.affiliation_others(user=target), pk=affiliation_pk)
    affiliations.affiliation_remove(actor=request.user, affiliation=affiliation)
    messages.success(request, _("兼務の所属を外しました。"))
    return redirect("accounts:user_edit", pk=target.pk)


@capability_required(Capability.MANAGE_REGION)
@require_POST
def user_reset_otp(request: HttpRequest, pk: int) -> HttpResponse:
    target = _region_user(request, pk)
    services.totp_device_reset(actor=request.user, user=target)
    messages.success(request, _("二要素認証をリセットしました。次回ログイン時に再設定されます。"))
    return redirect("accounts:user_edit", pk=target.pk)
