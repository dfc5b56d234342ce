"""Upload limits: a request body larger than ``TSUNAGU_MAX_REQUEST_BYTES`` is refused from
its Content-Length alone, before anything reads it (not the CSRF check, not the upload
handlers, not the view), so a 100 MB upload costs neither memory nor disk.

``tsunagu serve`` also gives waitress the same limit (``max_request_body_size``), so waitress
refuses it before buffering the body. Per-file limits stay where the file is read
(``core/tabular.py`` 20 MB, attachments 10 MB); this one is the outer wall.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _


def max_request_bytes() -> int:
    return int(settings.TSUNAGU_MAX_REQUEST_BYTES)


def too_big_message() -> str:
    return _(
        "送信されたデータが大きすぎます（上限 %(mb)d MB）。ファイルを分けて送ってください。"
    ) % {"mb": max_request_bytes() // (1024 * 1024)}


class RequestSizeLimitMiddleware:
    """413 for a declared body over the limit; place it before anything reads request.POST."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            body = f'<!doctype html><html lang="ja"><title>413</title><p>{escape(too_big_message())}</p>'
            return HttpResponse(body, status=413)
        return self.get_response(request)
