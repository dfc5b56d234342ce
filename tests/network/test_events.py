"""The issue's "done when": a member posts an event, a resident registers from the public
page, the waitlist promotes on a cancellation, and the mails arrive on a real SMTP server
(aiosmtpd on loopback)."""

import re
from datetime import timedelta

from django.utils import timezone

from tsunagu.core.models import AuditEntry
from tsunagu.network.models import Event, Registration, RegistrationStatus


def _post_event(client, member, login):
    login(client, member)
    day = (timezone.localtime() + timedelta(days=14)).date()
    response = client.post(
        "/network/events/new/",
        {
            "title": "福祉のしごと交流会",
            "body": "事業所どうしの顔合わせです。",
            "kind": "exchange",
            "venue_type": "other",
            "day": day.isoformat(),
            "start_time": "13:30",
            "end_time": "16:00",
            "place": "のぎくプラザ",
            "has_venue": "on",
            "venue_capacity": "1",
            "has_online": "on",
            "online_capacity": "",
            "online_url": "https://meet.example.invalid/room-42",
            "is_public": "on",
            "accepts_registrations": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Event.objects.get(title="福祉のしごと交流会")


def _register(client, event, name, email, mode="venue"):
    return client.post(
        f"/public/sanbu/events/{event.pk}/",
        {"name": name, "email": email, "mode": mode, "party_size": "1", "consent": "on"},
    )


def _subject(message):
    # Python's parser keeps the whitespace before a folded encoded-word; the text is intact
    return str(message["Subject"]).strip()


def _mail_to(mailbox, address):
    return [message for rcpt, message in mailbox.messages if address in rcpt]


def test_done_when_post_register_waitlist_cancel_promote(client, member, login, smtp_server):
    event = _post_event(client, member, login)
    assert event.fiscal_year and event.kind == "exchange" and event.venue_capacity == 1
    client.logout()

    public = client.get(f"/public/sanbu/events/{event.pk}/")
    assert public.status_code == 200
    page = public.content.decode()
    assert "福祉のしごと交流会" in page and "room-42" not in page

    first = _register(client, event, "山田 花子", "hanako@example.invalid")
    assert first.status_code == 302 and first["Location"].endswith("/registered/confirmed/")
    second = _register(client, event, "鈴木 一郎", "ichiro@example.invalid")
    assert second["Location"].endswith("/registered/waitlisted/")
    online = _register(client, event, "佐藤 次郎", "jiro@example.invalid", mode="online")
    assert online["Location"].endswith("/registered/confirmed/")
    # nothing was sent in the requests: the mails wait in the outbox for the worker
    assert smtp_server.received == []

    [confirmation] = _mail_to(smtp_server, "hanako@example.invalid")
    assert _subject(confirmation) == "【参加申込み受付】福祉のしごと交流会"
    body = confirmation.get_content()
    assert "山田 花子 様" in body and "のぎくプラザ" in body and "room-42" not in body
    [waitlisted] = _mail_to(smtp_server, "ichiro@example.invalid")
    assert _subject(waitlisted) == "【キャンセル待ち】福祉のしごと交流会"
    [online_mail] = _mail_to(smtp_server, "jiro@example.invalid")
    assert "https://meet.example.invalid/room-42" in online_mail.get_content()

    cancel_link = re.search(r"http\S+/cancel/\S+/", body).group(0)
    cancel_path = cancel_link.split("8000", 1)[-1] if "8000" in cancel_link else cancel_link
    assert client.get(cancel_path).status_code == 200
    assert client.post(cancel_path).status_code == 200
    assert Registration.objects.get(email="hanako@example.invalid").status == "cancelled"
    promoted = Registration.objects.get(email="ichiro@example.invalid")
    assert promoted.status == RegistrationStatus.CONFIRMED and promoted.promoted_at

    mails = _mail_to(smtp_server, "ichiro@example.invalid")
    assert [_subject(m) for m in mails] == [
        "【キャンセル待ち】福祉のしごと交流会",
        "【参加確定（繰り上げ）】福祉のしごと交流会",
    ]
    assert "キャンセルが出たため" in mails[1].get_content()
    assert "/cancel/" in mails[1].get_content()
    cancelled = _mail_to(smtp_server, "hanako@example.invalid")[-1]
    assert _subject(cancelled) == "【参加取消】福祉のしごと交流会"
    # cancelling twice changes nothing
    assert client.post(cancel_path).status_code == 200
    assert Registration.objects.filter(status="confirmed", mode="venue").count() == 1


def test_public_page_never_shows_registrants_or_online_link(client, network_registration):
    event = network_registration.event
    page = client.get(f"/public/sanbu/events/{event.pk}/").content.decode()
    assert "山田 花子" not in page and "secret-room" not in page
    assert "secret-room" not in client.get("/public/sanbu/events/events.ics").content.decode()


def test_registration_form_errors_are_messages(client, network_event):
    response = client.post(
        f"/public/sanbu/events/{network_event.pk}/",
        {"name": "", "email": "not-an-address", "mode": "venue", "party_size": "99"},
    )
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_forged_or_foreign_tokens_are_404(client, network_cancel_token, other_region):
    assert client.get("/public/sanbu/events/cancel/abc/").status_code == 404
    assert client.get(f"/public/other/events/cancel/{network_cancel_token}/").status_code == 404
    # a feedback token is not a cancel token
    from tsunagu.network import tokens

    feedback = tokens.feedback_token(1)
    assert client.get(f"/public/sanbu/events/cancel/{feedback}/").status_code == 404


def test_non_public_event_is_404_on_the_public_page(client, provider_staff):
    from tests.network.fixtures import event_fields

    from tsunagu.network.services import post_create

    post = post_create(
        actor=provider_staff, title="内部の会議", event=event_fields(is_public=False)
    )
    assert client.get(f"/public/sanbu/events/{post.event.pk}/").status_code == 404


def test_registrants_seen_by_organizer_and_center_only_and_audited(
    client, login, network_registration, provider_staff, center_staff, member, other_provider_org
):
    event = network_registration.event
    url = f"/network/events/{event.pk}/registrations/"
    login(client, provider_staff)
    assert "山田 花子" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(
        user=provider_staff, action="view", target_id=str(event.pk)
    ).exists()
    client.logout()
    login(client, center_staff)
    assert client.get(url).status_code == 200
    client.logout()
    login(client, member)  # a member of no (or another) organization
    assert client.get(url).status_code == 404
    assert "山田 花子" not in client.get(f"/network/events/{event.pk}/").content.decode()


def test_attendance_checkin_and_pdf(client, login, network_registration, provider_staff):
    import io

    from pypdf import PdfReader

    event = network_registration.event
    login(client, provider_staff)
    response = client.post(
        f"/network/events/{event.pk}/registrations/{network_registration.pk}/attendance/",
        {"attended": "1", "from": "checkin"},
    )
    assert response.status_code == 302
    network_registration.refresh_from_db()
    assert network_registration.attended
    assert "山田 花子" in client.get(f"/network/events/{event.pk}/checkin/").content.decode()
    pdf = client.get(f"/network/events/{event.pk}/checkin.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "山田" in text and "事業所合同新人研修会" in text


def test_capacity_counts_party_size_and_promotion_keeps_order(network_event, smtp_server):
    from tsunagu.network import registration_services

    big = registration_services.registration_create(
        event=network_event, mode="venue", name="A", email="a@example.invalid", party_size=2
    )
    wait3 = registration_services.registration_create(
        event=network_event, mode="venue", name="B", email="b@example.invalid", party_size=2
    )
    wait1 = registration_services.registration_create(
        event=network_event, mode="venue", name="C", email="c@example.invalid"
    )
    assert [big.status, wait3.status, wait1.status] == ["confirmed", "waitlisted", "waitlisted"]
    promoted = registration_services.registration_cancel(registration=big)
    assert [r.pk for r in promoted] == [wait3.pk]  # 2 seats free: B (2) first, C must wait
    wait1.refresh_from_db()
    assert wait1.status == "waitlisted"
    subjects = [_subject(m) for rcpt, m in smtp_server.messages if "b@example.invalid" in rcpt]
    assert "【参加確定（繰り上げ）】事業所合同新人研修会" in subjects


def test_registration_closed_after_start(client, network_event):
    Event.objects.filter(pk=network_event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    response = client.post(
        f"/public/sanbu/events/{network_event.pk}/",
        {
            "name": "x",
            "email": "x@example.invalid",
            "mode": "venue",
            "party_size": "1",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_organizer_raises_capacity_and_the_waitlist_is_promoted(
    client, login, provider_staff, member, network_event, smtp_server
):
    from tsunagu.network import registration_services

    for n in range(3):
        registration_services.registration_create(
            event=network_event, mode="venue", name=f"R{n}", email=f"r{n}@example.invalid"
        )
    assert Registration.objects.filter(status="waitlisted").count() == 1
    login(client, member)
    assert client.get(f"/network/events/{network_event.pk}/edit/").status_code == 404
    client.logout()
    login(client, provider_staff)
    response = client.post(
        f"/network/events/{network_event.pk}/edit/",
        {
            "title": network_event.title,
            "place": "別の会場",
            "venue_capacity": "3",
            "online_capacity": "1",
            "online_url": network_event.online_url,
            "is_public": "on",
            "accepts_registrations": "on",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.filter(status="waitlisted").count() == 0
    subjects = [_subject(m) for rcpt, m in smtp_server.messages if "r2@example.invalid" in rcpt]
    assert subjects[-1] == "【参加確定（繰り上げ）】事業所合同新人研修会"


def test_only_author_or_center_marks_urgent(
    client, login, member, center_staff, network_post, smtp_server
):
    login(client, member)
    assert client.get(f"/network/posts/{network_post.pk}/urgent/").status_code == 403
    response = client.post(f"/network/posts/{network_post.pk}/urgent/", {"confirm": "on"})
    assert response.status_code == 403
    assert "緊急にして全員へ" not in client.get(f"/network/posts/{network_post.pk}/").content.decode()
    network_post.refresh_from_db()
    assert not network_post.is_urgent
    client.logout()
    login(client, center_staff)
    client.post(f"/network/posts/{network_post.pk}/urgent/", {"confirm": "on"})
    network_post.refresh_from_db()
    assert network_post.is_urgent and network_post.urgent_mailed_at
    assert any(member.email in rcpt for rcpt, _m in smtp_server.messages)


def test_marking_urgent_asks_to_confirm_with_the_number_of_recipients(
    client, login, provider_staff, member, center_staff, network_post, smtp_server
):
    """One click on the button sends nothing: the page names how many members get the mail,
    and only the ticked confirmation sends (through the outbox, to a real SMTP server)."""
    from tsunagu.network.selectors import network_recipients

    login(client, provider_staff)
    detail = client.get(f"/network/posts/{network_post.pk}/").content.decode()
    assert f'href="/network/posts/{network_post.pk}/urgent/"' in detail
    page = client.get(f"/network/posts/{network_post.pk}/urgent/")
    count = len(network_recipients(network_post.region))
    assert count >= 3
    assert f"全員（{count} 人）へメールすることを確認しました" in page.content.decode()
    # the old one-click form: a POST without the confirmation
    response = client.post(f"/network/posts/{network_post.pk}/urgent/")
    assert response.status_code == 200
    assert "まだ誰にも送っていません" in response.content.decode()
    network_post.refresh_from_db()
    assert not network_post.is_urgent and network_post.urgent_mailed_at is None
    assert smtp_server.messages == []
    response = client.post(f"/network/posts/{network_post.pk}/urgent/", {"confirm": "on"})
    assert response.status_code == 302
    network_post.refresh_from_db()
    assert network_post.is_urgent
    delivered = sorted(rcpt[0] for rcpt, _m in smtp_server.messages)
    assert delivered == sorted(u.email for u in network_recipients(network_post.region))
    assert member.email in delivered and center_staff.email in delivered
    # a second confirmation mails nobody again
    client.post(f"/network/posts/{network_post.pk}/urgent/", {"confirm": "on"})
    assert len(smtp_server.messages) == len(delivered)


def test_comment(client, login, member, network_post):
    login(client, member)
    response = client.post(f"/network/posts/{network_post.pk}/", {"body": "参加します。"})
    assert response.status_code == 302
    assert "参加します。" in client.get(f"/network/posts/{network_post.pk}/").content.decode()
    assert client.post(f"/network/posts/{network_post.pk}/", {"body": ""}).status_code == 200


def test_event_list_query_count(
    client, login, member, provider_staff, django_assert_max_num_queries
):
    from tests.network.fixtures import event_fields

    from tsunagu.network.services import post_create

    for n in range(25):
        post_create(actor=provider_staff, title=f"行事 {n}", event=event_fields())
    login(client, member)
    with django_assert_max_num_queries(8):
        assert client.get("/network/events/").status_code == 200


def test_online_link_goes_to_promoted_online_registrant_only(network_event, smtp_server):
    from tsunagu.network import registration_services

    first = registration_services.registration_create(
        event=network_event, mode="online", name="O1", email="o1@example.invalid"
    )
    second = registration_services.registration_create(
        event=network_event, mode="online", name="O2", email="o2@example.invalid"
    )
    venue = registration_services.registration_create(
        event=network_event, mode="venue", name="V", email="v@example.invalid"
    )
    assert second.status == "waitlisted"
    registration_services.registration_cancel(registration=first)
    by_address = {}
    for rcpt, message in smtp_server.messages:
        by_address.setdefault(rcpt[0], []).append(message.get_content())
    assert "secret-room" not in by_address["o2@example.invalid"][0]  # waitlisted
    assert "secret-room" in by_address["o2@example.invalid"][1]  # promoted
    assert not any("secret-room" in body for body in by_address["v@example.invalid"])
    assert venue.status == "confirmed"
