"""Fixtures for the network tests (registered in tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tsunagu.network import registration_services, services, tokens
from tsunagu.network.invitation_services import invitation_create


def event_fields(**overrides):
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    values = {
        "kind": "training",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "山武健康福祉センター",
        "has_venue": True,
        "venue_capacity": 2,
        "has_online": True,
        "online_capacity": 1,
        "online_url": "https://meet.example.invalid/secret-room",
        "is_public": True,
        "accepts_registrations": True,
    }
    values.update(overrides)
    return services.EventFields(**values)


@pytest.fixture
def network_post(provider_staff):
    """A notice by the provider's staff."""
    return services.post_create(
        actor=provider_staff, title="今月のお知らせ", body="ホッとステーションの予定です。"
    )


@pytest.fixture
def network_event(provider_staff):
    """A public training with venue (2 seats) and online (1 seat), organized by the
    provider's organization."""
    post = services.post_create(
        actor=provider_staff,
        title="事業所合同新人研修会",
        body="障害福祉サービスの基礎",
        event=event_fields(),
    )
    return post.event


@pytest.fixture
def network_private_event(provider_staff):
    """An event for members only: never on the public pages."""
    post = services.post_create(
        actor=provider_staff, title="内部の連絡会", event=event_fields(is_public=False)
    )
    return post.event


@pytest.fixture
def network_registration(network_event):
    return registration_services.registration_create(
        event=network_event, mode="venue", name="山田 花子", email="hanako@example.invalid"
    )


@pytest.fixture
def network_cancel_token(network_registration):
    return tokens.cancel_token(network_registration.pk)


@pytest.fixture
def network_feedback_token(network_registration):
    return tokens.feedback_token(network_registration.pk)


@pytest.fixture
def network_invitation(admin, provider_org):
    return invitation_create(actor=admin, organization=provider_org, email="new@example.invalid")


@pytest.fixture
def network_invitation_token(network_invitation):
    return tokens.invitation_token(network_invitation.pk)


@pytest.fixture
def network_attachment(network_post, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tsunagu.network.models import PostAttachment

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("chirashi.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    services._attachment_add(network_post, upload)
    return PostAttachment.objects.get(post=network_post)


@pytest.fixture
def network_feed_token(member):
    return services.feed_token_create(actor=member)
