"""Access decided in one place.

Views never fetch personal data with ``Model.objects.get``: they call a selector that
passes through :func:`scope_personal`, and they are wrapped in :func:`capability_required`.
Every rule is the table in :mod:`tsunagu.core.roles`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from tsunagu.core.roles import Capability, capabilities_of, role_requires_two_factor


def user_can(user: Any, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.region_id is None:
        return False
    return capability in capabilities_of(user.role)


def needs_two_factor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and role_requires_two_factor(user.role)


def is_fully_authenticated(user: Any) -> bool:
    """Logged in, and verified by a second factor where the role needs one."""
    if not getattr(user, "is_authenticated", False):
        return False
    if needs_two_factor(user):
        return bool(getattr(user, "is_verified", lambda: False)())
    return True


def capability_required(*capabilities: Capability) -> Callable:
    """View decorator: the user must hold at least one of ``capabilities``.

    Anonymous users are sent to the login page; logged-in users without the capability
    get 403. Two-factor verification is enforced before this by the middleware."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not is_fully_authenticated(user):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not any(user_can(user, cap) for cap in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = frozenset(capabilities)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def scope_region(queryset: QuerySet, user: Any, *, field: str = "region") -> QuerySet:
    """Only rows of the user's own region; nothing for a user without one."""
    if not getattr(user, "is_authenticated", False) or user.region_id is None:
        return queryset.none()
    return queryset.filter(**{field: user.region_id})


def scope_personal(
    queryset: QuerySet, user: Any, *, organizations_field: str = "assigned_organizations"
) -> QuerySet:
    """Personal records the user may see: all of the region for center staff,
    those assigned to their own organization for provider staff, none for anyone else."""
    queryset = scope_region(queryset, user)
    if user_can(user, Capability.PERSONAL_ALL):
        return queryset
    if user_can(user, Capability.PERSONAL_ASSIGNED) and user.organization_id:
        return queryset.filter(**{organizations_field: user.organization_id}).distinct()
    return queryset.none()


def scope_person_records(
    queryset: QuerySet,
    user: Any,
    *,
    person_field: str = "person",
    organization_field: str = "organization",
) -> QuerySet:
    """Records about persons (consultations, referrals, ...): all of the region for center
    staff; for provider staff, those about persons assigned to their organization or
    recorded by their organization; none for anyone else."""
    queryset = scope_region(queryset, user)
    if user_can(user, Capability.PERSONAL_ALL):
        return queryset
    if user_can(user, Capability.PERSONAL_ASSIGNED) and user.organization_id:
        from django.db.models import Q

        return queryset.filter(
            Q(**{f"{person_field}__assigned_organizations": user.organization_id})
            | Q(**{organization_field: user.organization_id})
        ).distinct()
    return queryset.none()
