"""Network events for the community work: 合同事例検討会 as a kind, and 研修 with 講師, 対象, 参加費
shown on the staff and public pages."""

from datetime import timedelta

from django.utils import timezone

from tsunagu.network.models import Event, EventKind


def test_a_training_with_lecturer_audience_and_fee(client, login, center_staff):
    login(client, center_staff)
    day = (timezone.localtime() + timedelta(days=14)).date()
    response = client.post(
        "/network/events/new/",
        {
            "title": "公開研修会「障害者虐待防止の義務化」",
            "body": "行政説明と講演。",
            "kind": EventKind.TRAINING,
            "venue_type": "other",
            "day": day.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "place": "山武健康福祉センター",
            "has_venue": "on",
            "is_public": "on",
            "lecturer": "千葉県虐待防止アドバイザー",
            "audience": "圏域の事業所職員",
            "fee": "無料",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert (event.lecturer, event.audience, event.fee) == (
        "千葉県虐待防止アドバイザー",
        "圏域の事業所職員",
        "無料",
    )
    public = client.get(f"/public/sanbu/events/{event.pk}/").content.decode()
    assert "千葉県虐待防止アドバイザー" in public and "圏域の事業所職員" in public


def test_case_conference_is_a_kind(client, login, center_staff):
    login(client, center_staff)
    form = client.get("/network/events/new/").content.decode()
    assert "合同事例検討会" in form
