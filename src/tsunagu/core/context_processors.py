from django.http import HttpRequest

from tsunagu.core import dates
from tsunagu.core.access import is_fully_authenticated, user_can
from tsunagu.core.roles import Capability


def tsunagu(request: HttpRequest) -> dict:
    user = request.user
    today = dates.now_local().date()
    return {
        "current_fiscal_year_label": dates.fiscal_year_label(dates.fiscal_year(today)),
        "today_wareki": dates.wareki(today),
        # Menus appear only once login is complete (second factor included).
        "fully_authenticated": is_fully_authenticated(user),
        "can": {
            cap.name.lower(): is_fully_authenticated(user) and user_can(user, cap)
            for cap in Capability
        },
    }
