"""The access log: one line per request — client address, method, path, status, time.

Never the query string (search words are names), never a body, never a user name: paths
carry ids only. Written by the application so that it is the same under waitress and
gunicorn and carries the client's address, not the proxy's (tsunagu.core.proxy runs first)."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("tsunagu.access")


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        log.info(
            '%s "%s %s" %s %dms',
            request.META.get("REMOTE_ADDR") or "-",
            request.method,
            request.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response
