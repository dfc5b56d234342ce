"""System checks of safeguarding's configuration, registered in SafeguardingConfig.ready()."""

from django.core import checks


def check_office_hours(app_configs, **kwargs):
    """A bad TSUNAGU_OFFICE_HOURS fails at start-up, not at the first night-time report."""
    from django.core.exceptions import ImproperlyConfigured

    from tsunagu.safeguarding.abuse.services import office_hours

    try:
        office_hours()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error), hint="e.g. TSUNAGU_OFFICE_HOURS=08:30-17:15", id="tsunagu.E010"
            )
        ]
    return []
