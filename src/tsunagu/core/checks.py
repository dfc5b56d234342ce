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
