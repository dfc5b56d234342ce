from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tsunagu import __version__
from tsunagu.core.access import capability_required, scope_region
from tsunagu.core.models import Municipality, Organization, OrganizationKind, Region
from tsunagu.core.roles import Capability


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
