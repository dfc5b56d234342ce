"""Personas, one per role, in the 山武 region — and an outsider in another region.

def test_something(client, center_staff, login):
    login(client, center_staff)       # password + second factor already passed
    assert client.get("/people/").status_code == 200
"""

from datetime import date

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.services import user_create
from tsunagu.core.access import needs_two_factor
from tsunagu.core.models import OrganizationKind
from tsunagu.core.roles import Role
from tsunagu.core.services import organization_upsert, region_create
from tsunagu.people.services import person_create

# Fixtures that live beside the app tests they serve, shared with the access matrix.
pytest_plugins = [
    "tests.access_fixtures",
    "tests.consultations.fixtures",
    "tests.council.fixtures",
    "tests.council.fixtures_meetings",
    "tests.safeguarding.fixtures_abuse",
    "tests.safeguarding.fixtures_rights",
    "tests.plans.fixtures",
    "tests.plans.fixtures_usage",
    "tests.directory.fixtures_api",
    "tests.directory.fixtures_public",
    "tests.directory.fixtures_staff",
    "tests.network.fixtures",
    "tests.disaster.fixtures",
    "tests.foodbank.fixtures",
    "tests.assessment.fixtures",
    "tests.privacy.fixtures",
    "tests.community.fixtures",
    "tests.transition.fixtures",
]

PASSWORD = "correct-horse-42-battery"
SANBU = [
    ("12213", "東金市"),
    ("12237", "山武市"),
    ("12239", "大網白里市"),
    ("12403", "九十九里町"),
    ("12409", "芝山町"),
    ("12410", "横芝光町"),
]


@pytest.fixture
def region(db):
    return region_create(actor="test", code="sanbu", name="山武圏域", municipalities=SANBU)


@pytest.fixture
def other_region(db):
    return region_create(
        actor="test", code="other", name="よその圏域", municipalities=[("12100", "千葉市")]
    )


def _org(region, name, kind):
    return organization_upsert(actor="test", region=region, name=name, kind=kind)


@pytest.fixture
def center_org(region):
    return _org(region, "山武郡市障がい者基幹相談支援センター", OrganizationKind.CORE_CENTER)


@pytest.fixture
def provider_org(region):
    return _org(region, "よろず相談センター ぬくもり", OrganizationKind.CONSULTATION)


@pytest.fixture
def other_provider_org(region):
    return _org(region, "別の事業所", OrganizationKind.SERVICE_PROVIDER)


def _user(region, username, role, **extra):
    return user_create(
        actor="test",
        region=region,
        username=username,
        password=PASSWORD,
        role=role,
        display_name=username,
        **{"email": f"{username}@example.invalid", **extra},
    )


@pytest.fixture
def admin(region, center_org):
    return _user(region, "alice-admin", Role.ADMIN, organization=center_org)


@pytest.fixture
def center_staff(region, center_org):
    return _user(region, "carol-center", Role.CENTER_STAFF, organization=center_org)


@pytest.fixture
def provider_staff(region, provider_org):
    return _user(region, "paul-provider", Role.PROVIDER_STAFF, organization=provider_org)


@pytest.fixture
def secretariat(region):
    return _user(region, "sam-secretariat", Role.SECRETARIAT)


@pytest.fixture
def municipal_staff(region):
    return _user(
        region,
        "mia-municipality",
        Role.MUNICIPALITY,
        municipality=region.municipalities.get(code="12213"),
    )


@pytest.fixture
def member(region):
    return _user(region, "max-member", Role.MEMBER)


@pytest.fixture
def outsider(other_region):
    """Center staff of another region: must never see anything of 山武."""
    return _user(other_region, "oscar-outsider", Role.CENTER_STAFF)


@pytest.fixture
def personas(admin, center_staff, provider_staff, secretariat, municipal_staff, member, outsider):
    return {
        "admin": admin,
        "center_staff": center_staff,
        "provider_staff": provider_staff,
        "secretariat": secretariat,
        "municipal_staff": municipal_staff,
        "member": member,
        "outsider": outsider,
    }


@pytest.fixture
def person(region, center_org, provider_org):
    """A fictional person assigned to the center and to the provider."""
    return person_create(
        actor="test",
        region=region,
        family_name="髙橋",
        given_name="美咲",
        family_name_kana="タカハシ",
        given_name_kana="ミサキ",
        birth_date=date(1999, 11, 3),
        municipality=region.municipalities.get(code="12237"),
        organizations=[center_org, provider_org],
        is_fictional=True,
    )


@pytest.fixture
def unassigned_person(region, center_org):
    """Assigned to the center only: provider staff must not see this one."""
    return person_create(
        actor="test",
        region=region,
        family_name="山﨑",
        given_name="健一",
        family_name_kana="ヤマザキ",
        given_name_kana="ケンイチ",
        organizations=[center_org],
        is_fictional=True,
    )


@pytest.fixture
def duplicate_review(region, person, unassigned_person):
    """A pair for center staff to review (重複の可能性), as a provider's registration leaves."""
    from tsunagu.people.models import DuplicateReview

    return DuplicateReview.objects.create(region=region, person=person, existing=unassigned_person)


@pytest.fixture
def login():
    """Log a client in as ``user`` with the second factor passed where the role needs it."""

    def do_login(client, user):
        client.force_login(user)
        if needs_two_factor(user):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="test", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return do_login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness is for attackers, not for a test suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """Counters kept in Django's cache (password reset limits) start at zero in each test.
    The cache is a table of the test database (as in production), so it is cleared with the
    database unblocked. A test that uses no database has no cache table either (pytest-django
    makes the test database only when a collected test asks for it): nothing to clear."""
    uses_database = request.node.get_closest_marker("django_db") or (
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database:
        yield
        return
    from django.core.cache import cache

    from tsunagu.core.dataversion import forget_all

    forget_all()  # the figures kept in this process under a data version (issue 25)
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


class _Handler:
    """aiosmtpd handler: keeps what the loopback SMTP server receives, parsed with the
    standard library."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


class _Mailbox:
    """What a test reads. Services only queue mail (tsunagu.core.mail); reading ``messages``
    first runs the outbox delivery that the background worker runs in production, so a test
    sees what the worker would have sent by then. ``received`` is what arrived without it."""

    def __init__(self, handler):
        self._handler = handler

    @property
    def received(self):
        return self._handler.received

    @property
    def messages(self):
        from tsunagu.core.mail import outbox_deliver

        outbox_deliver()
        return self._handler.received


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), with Django sending mail to it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Handler()
    mailbox = _Mailbox(handler)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()
