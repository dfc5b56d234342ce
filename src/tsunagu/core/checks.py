"""System checks for configuration mistakes, with ids and hints."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_production_flag(app_configs, **kwargs):
    errors = []
    if not settings.PRODUCTION:
        errors.append(
            checks.Warning(
                "TSUNAGU_PRODUCTION is not set.",
                hint="Set TSUNAGU_PRODUCTION=1 on a deployed server: it turns on HTTPS-only "
                "cookies, HSTS and the SSL redirect, and requires SECRET_KEY.",
                id="tsunagu.W001",
            )
        )
    return errors


@checks.register()
def check_office_hours(app_configs, **kwargs):
    """A bad TSUNAGU_OFFICE_HOURS fails at start-up, not at the first night-time report."""
    from django.core.exceptions import ImproperlyConfigured

    from tsunagu.safeguarding.abuse.services import office_hours

    try:
        office_hours()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), hint="e.g. TSUNAGU_OFFICE_HOURS=08:30-17:15",
                             id="tsunagu.E010")]
    return []
