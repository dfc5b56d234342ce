"""The client's address and scheme behind a reverse proxy (nginx in deploy/).

Behind a proxy every request comes from the proxy, so ``REMOTE_ADDR`` is the proxy's: the
audit log would record the proxy for everyone and django-axes would lock a user out for
anyone's wrong passwords. The proxy says who the client is in ``X-Forwarded-For`` and whether
the connection was HTTPS in ``X-Forwarded-Proto`` — headers any client can also send. So they
are believed only when the request comes from an address in ``TSUNAGU_TRUSTED_PROXIES``; from
anyone else they are removed before Django (``SECURE_PROXY_SSL_HEADER``) or tsunagu reads them.
This is done here for every WSGI server alike (waitress and gunicorn pass the headers on)."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(values: list[str]) -> list[Network]:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values]


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    text = text.strip().strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(forwarded_for: str, is_trusted: Callable[[object], bool]) -> str | None:
    """The client in an ``X-Forwarded-For`` chain: the rightmost address that is not one of
    our proxies (addresses left of it were written by the client and prove nothing)."""
    entries = [entry for entry in forwarded_for.split(",") if entry.strip()]
    for entry in reversed(entries):
        address = _address(entry)
        if address is None:
            return None  # garbage: keep the proxy's own address rather than guess
        if not is_trusted(address):
            return str(address)
    return None


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = trusted_networks(settings.TSUNAGU_TRUSTED_PROXIES)

    def is_trusted(self, address) -> bool:
        return any(address in network for network in self.networks)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = _address(meta.get("REMOTE_ADDR"))
        if peer is not None and self.networks and self.is_trusted(peer):
            client = client_address(meta.get("HTTP_X_FORWARDED_FOR", ""), self.is_trusted)
            if client:
                meta["REMOTE_ADDR"] = client
        else:
            for header in _FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
