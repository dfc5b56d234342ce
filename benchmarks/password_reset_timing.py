"""Time of the password reset page for a registered and an unknown address (issue 16).

    TSUNAGU_VAR_DIR=$(mktemp -d) TSUNAGU_PASSWORD_RESET_PER_ADDRESS=1000 \
    TSUNAGU_PASSWORD_RESET_PER_CLIENT=1000 .venv/bin/python benchmarks/password_reset_timing.py

Migrates a throw-away SQLite database under TSUNAGU_VAR_DIR, creates one account, and posts
the page TRIES (default 80) times for each kind of address, interleaved (alternating which
goes first), through Django's test client; prints the median (p50) of each. The limits are
raised so that every request does its full work.
Informative only: the tests assert the same statements for both, never a time."""

import os
import secrets
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from tsunagu.accounts.services import user_create  # noqa: E402
from tsunagu.core.models import Region, User  # noqa: E402
from tsunagu.core.services import region_create  # noqa: E402

TRIES = int(os.environ.get("TRIES", "80"))
KNOWN = "known@example.invalid"


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    region = Region.objects.first() or region_create(
        actor="bench", code="bench", name="bench", municipalities=[("12100", "千葉市")]
    )
    if not User.objects.filter(email=KNOWN).exists():
        user_create(actor="bench", region=region, username="bench-user", role="secretariat",
                    password=secrets.token_urlsafe(16), email=KNOWN)  # fmt: skip
    client = Client()
    times: dict[str, list[float]] = {"registered": [], "unknown": []}
    for i in range(TRIES):
        pair = [("registered", KNOWN), ("unknown", f"nobody{i}@example.invalid")]
        for kind, email in pair if i % 2 else reversed(pair):  # neither always goes first
            start = time.perf_counter()
            answer = client.post("/accounts/password/reset/", {"email": email})
            times[kind].append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 302
    for kind, values in times.items():
        print(f"{kind}: p50 {statistics.median(values):.1f} ms over {TRIES}")


if __name__ == "__main__":
    main()
