"""The dashboard: each role's work list, gathered from every app through the worklist registry
(``core/worklist.py``); in disaster mode the network's staff are sent to the disaster dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.access import is_fully_authenticated, user_can
from tsunagu.core.roles import Capability
from tsunagu.core.worklist import SECTION_FOLLOW, SECTION_REGION, SECTION_TODAY, work_list


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_fully_authenticated(user):
        return redirect("accounts:login")
    if request.GET.get("normal") != "1" and user_can(user, Capability.NETWORK):
        from tsunagu.disaster.selectors import active_flag_for_user

        if active_flag_for_user(user):  # disaster mode: the disaster dashboard comes first
            return redirect("disaster:home")
    today = dates.today_local()
    sections = work_list(user, today)
    context: dict = {
        "region": user.region,
        "sections": [
            (_("今日の仕事"), sections.get(SECTION_TODAY, []), "work-today"),
            (_("気にかけること"), sections.get(SECTION_FOLLOW, []), "work-follow"),
            (_("地域・会議・行事"), sections.get(SECTION_REGION, []), "work-region"),
        ],
    }
    return render(request, "portal/dashboard.html", context)
