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
    # Menus appear only once login is complete (second factor included): asked once, not
    # once per capability (issue 25)
    full = is_fully_authenticated(user)
    return {
        "disaster_active": disaster,
        "current_fiscal_year_label": dates.fiscal_year_label(dates.fiscal_year(today)),
        "today_wareki": dates.wareki(today),
        "fully_authenticated": full,
        "can": {cap.name.lower(): full and user_can(user, cap) for cap in Capability},
    }
