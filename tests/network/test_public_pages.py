"""Public pages for residents (issue 21 item 10): the event list reached from the public
pages, registration with an e-mail address or a phone number, no stray space in the title,
and 「選択してください」 in every drop-down instead of ``---------``."""

import pytest
from django import forms

from tsunagu.core.models import Municipality, OutboxMail
from tsunagu.network.models import Registration

pytestmark = pytest.mark.django_db


def test_the_event_list_is_linked_from_the_public_pages(client, region):
    events = f"/public/{region.code}/events/"
    for page in ("/", f"/public/{region.code}/directory/", f"/public/{region.code}/council/"):
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        assert f'href="{events}"' in response.content.decode(), page
    title = client.get(events).content.decode()
    assert f"<h1>{region.name}の行事</h1>" in title


def _register(client, event, **fields):
    data = {"name": "山田 一郎", "mode": "venue", "party_size": "1", "consent": "on"}
    data.update(fields)
    return client.post(f"/public/sanbu/events/{event.pk}/", data)


def test_a_phone_number_alone_is_enough_to_register(client, network_event):
    response = _register(client, network_event, email="", phone="0475-00-1111")
    assert response.status_code == 302 and response["Location"].endswith("/confirmed-phone/")
    registration = Registration.objects.get()
    assert registration.phone == "0475-00-1111" and registration.email == ""
    page = client.get(response["Location"]).content.decode()
    assert "主催者にお電話ください" in page
    assert not OutboxMail.objects.exists()  # nothing to mail to


def test_one_of_email_or_phone_is_required_and_online_needs_email(client, network_event):
    response = _register(client, network_event, email="", phone="")
    assert response.status_code == 400
    assert "メールアドレスか電話番号のどちらかを入力してください。" in response.content.decode()
    response = _register(client, network_event, email="", phone="0475-00-1111", mode="online")
    assert response.status_code == 400
    assert "オンライン参加の案内はメールでお送りします" in response.content.decode()
    assert Registration.objects.count() == 0


def test_drop_downs_say_choose_instead_of_dashes(client, center_staff, consultation, login):
    class Choose(forms.Form):
        place = forms.ModelChoiceField(queryset=Municipality.objects.all())
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])

    html = str(Choose())
    assert html.count("選択してください") == 2 and "---------" not in html
    login(client, center_staff)
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "選択してください" in page and "---------" not in page
