"""Per-request context that the audit log needs (address and path), kept in a contextvar
so that service functions called from views, commands and tasks record the same way."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

from tsunagu.core.dataversion import request_tokens_end, request_tokens_start
from tsunagu.core.roles import Capability


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
        versions = request_tokens_start()  # each region's data version read once (issue 25)
        try:
            return self.get_response(request)
        finally:
            request_tokens_end(versions)
            _meta.reset(token)


# Set by PersonalDataNoStoreMiddleware for the length of a request: a mutable box, so that a
# mark made deeper down (even in a copied context) reaches the middleware.
_personal: ContextVar[list[bool] | None] = ContextVar("tsunagu_personal_data", default=None)

# A view that requires one of these shows personal data (compare roles.TWO_FACTOR_CAPABILITIES).
PERSONAL_CAPABILITIES = frozenset(
    {Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED, Capability.SAFEGUARDING}
)


def mark_personal_data_shown() -> None:
    """The response to this request shows personal data: it must not be stored by a browser
    or a proxy. Called by audit_record for every VIEW and EXPORT entry."""
    box = _personal.get()
    if box is not None:
        box[0] = True


class PersonalDataNoStoreMiddleware:
    """``Cache-Control: no-store`` (Django's never_cache headers) on every response that shows
    personal data: a view that requires a capability to personal data (capability_required
    sets ``required_capabilities``), or a request that wrote a VIEW or EXPORT audit entry.
    The back button then reloads the page (and audits it) instead of showing a copy kept on
    disk of a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        box = [False]
        token = _personal.set(box)
        try:
            response = self.get_response(request)
        finally:
            _personal.reset(token)
        if box[0]:
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        required = getattr(view_func, "required_capabilities", frozenset())
        if PERSONAL_CAPABILITIES & set(required):
            mark_personal_data_shown()
        return None


class NulInQueryMiddleware:
    """NUL characters are taken out of the query string before any view reads it.

    No one types a NUL; it comes from a broken link or a probe. PostgreSQL refuses NUL in text
    (a search for it was a server error there and a different answer on SQLite). Taking it out,
    as the HSDS API already did for its own parameters, gives the answer the rest of the text
    asks for. Forms refuse NUL in posted fields (Django's CharField validator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
