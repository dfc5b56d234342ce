"""Figures per 年度, the demo's ちいき食堂 figures, feeds (iCalendar, Atom), the daily
digest, invitations, feedback and attachments."""

import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from tsunagu.core.dates import TOKYO
from tsunagu.network import registration_services, services, tokens
from tsunagu.network.demo import demo_network_load
from tsunagu.network.figures import event_figures
from tsunagu.network.models import Event, Invitation, Post

ATOM = "{http://www.w3.org/2005/Atom}"


def test_demo_reproduces_the_seed_cafeteria_figures(region, center_staff, member):
    assert demo_network_load(region=region) is True
    assert demo_network_load(region=region) is False  # idempotent
    figures = event_figures(region=region, year=2022)
    [cafeteria] = [k for k in figures["kinds"] if k["code"] == "cafeteria"]
    assert cafeteria["total"] == {"sessions": 16, "people": 1644}
    by_venue = {v["code"]: v["sessions"] for v in cafeteria["venues"]}
    assert by_venue == {"community_event": 8, "school": 4, "festa": 1, "corporate": 3, "other": 0}
    assert Event.objects.filter(kind="cafeteria", fiscal_year=2022).count() == 16
    assert any("1,644" in source for source in figures["sources"])


def test_figures_use_attendance_when_registered_headcount_otherwise(
    client, login, member, network_event, smtp_server
):
    region = network_event.region
    one = registration_services.registration_create(
        event=network_event, mode="venue", name="A", email="a@example.invalid", party_size=2
    )
    registration_services.registration_create(
        event=network_event, mode="online", name="B", email="b@example.invalid"
    )
    registration_services.registration_attendance_set(actor="test", registration=one, attended=True)
    network_event.participants = 999  # ignored: the event took registrations
    network_event.save()
    start = datetime(2026, 3, 31, 23, 30, tzinfo=TOKYO)  # 令和7年度 (the last day)
    services.event_create(
        actor="test",
        region=region,
        title="パントリー",
        fields=services.EventFields(
            kind="pantry", starts_at=start, ends_at=start + timedelta(minutes=20), participants=40
        ),
    )
    year = network_event.fiscal_year
    figures = event_figures(region=region, year=year)
    [training] = [k for k in figures["kinds"] if k["code"] == "training"]
    assert training["total"] == {"sessions": 1, "people": 2}
    pantry = event_figures(region=region, year=2025)["total"]
    assert pantry == {"sessions": 1, "people": 40}
    login(client, member)
    page = client.get(f"/network/figures/?year={year}")
    assert page.status_code == 200
    csv = client.get(f"/network/figures.csv?year={year}").content.decode("utf-8-sig")
    assert "研修会" in csv
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/network/figures.xlsx?year={year}").content))
    assert book.active["A3"].value == "研修会"
    assert client.get("/network/figures/?year=abc").status_code == 200
    assert client.get("/network/figures/?year=99999999999999").status_code == 200


def test_figures_page_query_count(client, login, member, region, django_assert_max_num_queries):
    start = datetime(2022, 6, 1, 10, tzinfo=TOKYO)
    for n in range(30):
        services.event_create(
            actor="test",
            region=region,
            title=f"e{n}",
            fields=services.EventFields(
                kind="cafeteria",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                participants=n,
            ),
        )
    login(client, member)
    with django_assert_max_num_queries(9):  # with the disaster banner, read from the database (issue 17)
        assert client.get("/network/figures/?year=2022").status_code == 200


def test_feed_query_count(client, login, member, provider_staff, django_assert_max_num_queries):
    for n in range(25):
        services.post_create(actor=provider_staff, title=f"お知らせ {n}", body="本文")
    login(client, member)
    with django_assert_max_num_queries(12):
        assert client.get("/network/").status_code == 200


def test_public_ical_and_atom_parse(client, network_event, provider_staff):
    from tests.network.fixtures import event_fields

    services.post_create(
        actor=provider_staff, title="非公開の会議", event=event_fields(is_public=False)
    )
    response = client.get("/public/sanbu/events/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["事業所合同新人研修会"]
    assert events[0].decoded("DTSTART") == network_event.starts_at
    assert str(events[0]["LOCATION"]) == "山武健康福祉センター"
    atom = ET.fromstring(client.get("/public/sanbu/events/feed.atom").content)  # noqa: S314 — our own feed
    titles = [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]
    assert titles == ["事業所合同新人研修会"]


def test_members_feeds_by_token_and_revocable(client, login, member, network_event, network_post):
    token = services.feed_token_create(actor=member)
    calendar = Calendar.from_ical(client.get(f"/network/feeds/{token}/events.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["事業所合同新人研修会"]
    assert "secret-room" not in calendar.to_ical().decode()
    atom = ET.fromstring(client.get(f"/network/feeds/{token}/posts.atom").content)  # noqa: S314
    titles = {e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")}
    assert titles == {"今月のお知らせ", "事業所合同新人研修会"}
    new = services.feed_token_create(actor=member)
    assert client.get(f"/network/feeds/{token}/posts.atom").status_code == 404
    services.feed_token_revoke(actor=member)
    assert client.get(f"/network/feeds/{new}/posts.atom").status_code == 404
    login(client, member)
    page = client.post("/network/feeds/", {"action": "create"}).content.decode()
    assert "/events.ics" in page


def test_digest_mails_yesterdays_posts_once(
    region, provider_staff, member, center_staff, smtp_server
):
    post = services.post_create(actor=provider_staff, title="夏のクールステーション", body="x")
    day = timezone.localtime(post.created_at).date()
    Post.objects.filter(pk=post.pk).update(created_at=post.created_at)
    out = io.StringIO()
    call_command("network", "digest", "--date", day.isoformat(), stdout=out)
    call_command("network", "digest", "--date", day.isoformat(), stdout=out)
    assert "送信済み" in out.getvalue()
    mails = [m for rcpt, m in smtp_server.messages if member.email in rcpt]
    assert len(mails) == 1
    assert "ネットワークのまとめ" in str(mails[0]["Subject"])
    assert "夏のクールステーション" in mails[0].get_content()


def test_urgent_post_is_mailed_at_once(client, login, member, center_staff, smtp_server):
    login(client, member)
    client.post(
        "/network/posts/new/",
        {"title": "台風で休止します", "body": "本日の食堂は中止", "is_urgent": "on"},
    )
    mails = [m for rcpt, m in smtp_server.messages if center_staff.email in rcpt]
    assert [str(m["Subject"]).strip() for m in mails] == ["【緊急】台風で休止します"]


@pytest.mark.parametrize(
    "name", ["report.pdf", "photo.png", "photo.jpg"]
)
def test_html_named_as_a_pdf_or_image_is_not_attached(client, login, member, settings, tmp_path,
                                                      name):
    settings.MEDIA_ROOT = tmp_path
    login(client, member)
    html = SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post("/network/posts/new/", {"title": "資料", "attachments": [html]})
    assert response.status_code == 200 and "添付できません" in response.content.decode()
    assert not Post.objects.filter(title="資料").exists()


def test_attachments_checked_by_content_and_served_to_the_region_only(
    client, login, member, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, member)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post("/network/posts/new/", {"title": "x", "attachments": [fake]})
    assert response.status_code == 200 and "添付できません" in response.content.decode()
    png = SimpleUploadedFile("../../etc/passwd.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    response = client.post("/network/posts/new/", {"title": "写真", "attachments": [png]})
    assert response.status_code == 302
    post = Post.objects.get(title="写真")
    item = post.attachments.get()
    assert "passwd" not in item.file.name and item.file.name.endswith(".png")
    assert client.get(f"/network/attachments/{item.pk}/").status_code == 200
    client.logout()
    login(client, outsider)
    assert client.get(f"/network/attachments/{item.pk}/").status_code == 404


def test_invitation_join_and_approval(client, login, admin, smtp_server):
    login(client, admin)
    response = client.post(
        "/network/invitations/",
        {
            "email": "shop@example.invalid",
            "new_organization": "八百屋 みどり",
            "new_organization_kind": "network_member",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="shop@example.invalid")
    [mail] = [m for rcpt, m in smtp_server.messages if "shop@example.invalid" in rcpt]
    link = mail.get_content().split("/network/join/", 1)[1].split("/", 1)[0]
    client.logout()
    form = {
        "username": "midori",
        "display_name": "みどり",
        "password": "a-long-passphrase-42",
        "password_again": "a-long-passphrase-42",
    }
    assert client.post(f"/network/join/{link}/", form).status_code == 200
    invitation.refresh_from_db()
    user = invitation.user
    assert user.role == "member" and not user.is_active
    assert user.organization.name == "八百屋 みどり"
    assert client.post(f"/network/join/{link}/", form).status_code == 410  # used
    assert client.get("/network/join/forged/").status_code == 404
    login(client, admin)
    client.post(f"/network/invitations/{invitation.pk}/approve/")
    user.refresh_from_db()
    assert user.is_active


def test_expired_invitation(client, network_invitation):
    Invitation.objects.filter(pk=network_invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    token = tokens.invitation_token(network_invitation.pk)
    assert client.get(f"/network/join/{token}/").status_code == 410


def test_feedback_mailed_answered_and_summarized(
    client, login, provider_staff, network_registration, smtp_server
):
    event = network_registration.event
    login(client, provider_staff)
    client.post(f"/network/events/{event.pk}/feedback/request/")
    [mail] = [
        m
        for rcpt, m in smtp_server.messages
        if network_registration.email in rcpt and "ふりかえり" in str(m["Subject"])
    ]
    path = "/public/" + mail.get_content().split("/public/", 1)[1].split()[0]
    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"satisfaction": "5", "usefulness": "4", "comment": "相談できる場所を知りました。"}
    )
    assert response.status_code == 200
    assert client.post(path, {"satisfaction": "9"}).status_code == 400
    login(client, provider_staff)
    page = client.get(f"/network/events/{event.pk}/feedback/").content.decode()
    assert "相談できる場所を知りました。" in page and "5.0" in page


@pytest.mark.parametrize("page", ["abc", "99999999999999999999"])
def test_bad_page_numbers(client, login, member, page):
    login(client, member)
    assert client.get(f"/network/?page={page}&m=xyz").status_code == 200
