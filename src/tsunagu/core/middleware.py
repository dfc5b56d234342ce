"""Per-request context that the audit log needs (address and path), kept in a contextvar
so that service functions called from views, commands and tasks record the same way."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None = None
    path: str = ""


_NO_REQUEST = RequestMeta()
_meta: ContextVar[RequestMeta | None] = ContextVar("tsunagu_request_meta", default=None)


def current_request_meta() -> RequestMeta:
    return _meta.get() or _NO_REQUEST


def set_request_meta(meta: RequestMeta | None):
    """Set the context (used by management commands); returns a token for reset."""
    return _meta.set(meta)


def reset_request_meta(token) -> None:
    _meta.reset(token)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _meta.set(
            RequestMeta(ip_address=request.META.get("REMOTE_ADDR") or None, path=request.path)
        )
        try:
            return self.get_response(request)
        finally:
            _meta.reset(token)
