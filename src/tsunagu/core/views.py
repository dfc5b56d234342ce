from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from tsunagu import __version__
from tsunagu.consultations.selectors import (
    consultation_list,
    referral_open_list,
    referrals_overdue,
)
from tsunagu.core import dates
from tsunagu.core.access import (
    capability_required,
    is_fully_authenticated,
    scope_region,
    user_can,
)
from tsunagu.core.models import Municipality, Organization, OrganizationKind, Region
from tsunagu.core.roles import Capability
from tsunagu.people.selectors import person_list


def home(request: HttpRequest) -> HttpResponse:
    """The public front page: who the center is and how to reach it. No login."""
    region = Region.objects.order_by("pk").first() if Region.objects.count() == 1 else None
    centers = (
        Organization.objects.filter(
            region=region, kind=OrganizationKind.CORE_CENTER
        ).select_related("municipality")
        if region
        else Organization.objects.none()
    )
    municipalities = Municipality.objects.filter(region=region) if region else []
    return render(
        request,
        "core/home.html",
        {"region": region, "centers": centers, "municipalities": municipalities},
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_fully_authenticated(user):
        return redirect("accounts:login")
    if request.GET.get("normal") != "1" and user_can(user, Capability.NETWORK):
        from tsunagu.disaster.selectors import active_flag_for_user

        if active_flag_for_user(user):  # disaster mode: the disaster dashboard comes first
            return redirect("disaster:home")
    context: dict = {"region": user.region}
    if user_can(user, Capability.PERSONAL_ALL) or user_can(user, Capability.PERSONAL_ASSIGNED):
        context["person_count"] = person_list(user=user).count()
        today = dates.today_local()
        fiscal_year = dates.fiscal_year(today)
        context["consultations_this_year"] = (
            consultation_list(user=user).filter(fiscal_year=fiscal_year).count()
        )
        open_referrals = referral_open_list(user=user, mine_only=True)
        context["my_open_referrals"] = open_referrals.count()
        context["my_overdue_referrals"] = referrals_overdue(open_referrals, today).count()
    if user_can(user, Capability.DIRECTORY):
        context["organization_counts"] = (
            scope_region(Organization.objects.all(), user)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("kind")
        )
        labels = dict(OrganizationKind.choices)
        for row in context["organization_counts"]:
            row["label"] = labels.get(row["kind"], row["kind"])
    context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    if user_can(user, Capability.SAFEGUARDING):
        from tsunagu.safeguarding.abuse_selectors import abuse_overdue_count

        context["abuse_overdue"] = abuse_overdue_count(user)
    if user_can(user, Capability.DEIDENTIFIED):
        from tsunagu.needs.selectors import candidate_groups

        context["candidate_count"] = len(candidate_groups(user.region))
    if user.region_id:
        context["municipalities"] = Municipality.objects.filter(region_id=user.region_id)
    return render(request, "core/dashboard.html", context)


@capability_required(Capability.DIRECTORY)
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = scope_region(Organization.objects.all(), request.user).select_related(
        "municipality"
    )
    return render(request, "core/organization_list.html", {"organizations": organizations})


# The job runner counts as running when a job finished within this many seconds (the mail
# job runs every 5 s).
JOBS_RECENT_SECONDS = 300


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the database answers, 503 when it does not. Also the mail
    waiting to leave (``outbox``) and whether the job runner ran recently (``jobs``); status
    ``warning`` when it has not — mail, escalations and the digest are then not going out.
    Counts and times only: nothing about anyone."""
    from django.utils import timezone

    from tsunagu.core.jobs import jobs_last_finished
    from tsunagu.core.models import OutboxMail, OutboxStatus

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = OutboxMail.objects.filter(status=OutboxStatus.PENDING)
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        failed = OutboxMail.objects.filter(status=OutboxStatus.FAILED).count()
        last_run = jobs_last_finished()
    except Exception:  # noqa: BLE001 — any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    now = timezone.now()
    recent = last_run is not None and (now - last_run).total_seconds() <= JOBS_RECENT_SECONDS
    return JsonResponse(
        {
            "status": "ok" if recent else "warning",
            "database": "ok",
            "version": __version__,
            "outbox": {
                "pending": pending.count(),
                "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else 0,
                "failed": failed,
            },
            "jobs": {
                "last_finished": last_run.isoformat() if last_run else None,
                "recent": recent,
            },
        }
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
