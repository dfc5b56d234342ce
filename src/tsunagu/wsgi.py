import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Import every view (through the URLconf) and compile the base template when the server
    process starts, not in the first request it answers: that request used to take 4–5 s
    (issue 25: "the cold dashboard"), most of it importing every app's views. gunicorn's
    workers and `tsunagu serve` import this module before they accept a connection."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — the property imports the URLconf
    get_template("base.html")


_warm_up()
