from django.http import HttpRequest

from tsunagu.core import dates
from tsunagu.core.access import is_fully_authenticated, user_can
from tsunagu.core.roles import Capability


def tsunagu(request: HttpRequest) -> dict:
    user = request.user
    today = dates.now_local().date()
    disaster = None
    if getattr(user, "is_authenticated", False) and user.region_id:
        from tsunagu.disaster.selectors import active_flag_for_user

        # the banner in base.html: loaded with the user's region, or cached
        disaster = active_flag_for_user(user)
    return {
        "disaster_active": disaster,
        "current_fiscal_year_label": dates.fiscal_year_label(dates.fiscal_year(today)),
        "today_wareki": dates.wareki(today),
        # Menus appear only once login is complete (second factor included).
        "fully_authenticated": is_fully_authenticated(user),
        "can": {
            cap.name.lower(): is_fully_authenticated(user) and user_can(user, cap)
            for cap in Capability
        },
    }
