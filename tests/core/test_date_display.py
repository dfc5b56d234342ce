"""Dates in one style (issue 21 item 7): the pages people read show 和暦 (令和4年6月1日), never
an ISO date (2022-06-01), which stays only in input values and attributes."""

import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from tsunagu.reports.layout import month_label

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
TAG = re.compile(r"<[^>]*>", re.S)  # a tag with its attributes (input values, href, datetime)
HIDDEN = re.compile(r"<(script|style|textarea)\b.*?</\1>", re.S)


def iso_dates_shown(html: str) -> list[str]:
    """ISO-looking dates in the text a reader sees (not in tags, scripts or attributes)."""
    return ISO.findall(TAG.sub(" ", HIDDEN.sub(" ", html)))


def test_the_filter_writes_dates_and_moments_in_wareki():
    template = Template("{% load wareki %}{{ d|jdate }}|{{ t|jdate }}|{{ t|jdate:'short' }}|"
                        "{{ t|jdate:'date' }}|{{ t|jdate:'seconds' }}|{{ none|jdate }}")
    moment = datetime(2026, 12, 7, 2, 56, 7, tzinfo=UTC)  # shown in Japan's time
    text = template.render(Context({"d": date(2026, 12, 21), "t": moment, "none": None}))
    assert text == ("令和8年12月21日|令和8年12月7日 11:56|R8.12.7 11:56|令和8年12月7日|"
                    "令和8年12月7日 11:56:07|")


def test_the_report_months_are_in_wareki_like_its_title():
    assert month_label("2022-04") == "令和4年4月"
    assert month_label("2019-04") == "平成31年4月"


def test_key_pages_show_no_iso_dates(
    client, admin, center_staff, consultation, referral, abuse_report, login
):
    login(client, center_staff)
    referral.due_on = date(2022, 6, 15)
    referral.save(update_fields=["due_on"])
    pages = {
        "referrals": reverse("consultations:referral_list"),
        "referral": reverse("consultations:referral_detail", args=[referral.pk]),
        "consultations": reverse("consultations:list"),
        "consultation": reverse("consultations:detail", args=[consultation.pk]),
        "need form": reverse("needs:new") + f"?consultation={consultation.pk}",
        "person candidates": reverse("safeguarding:abuse_person", args=[abuse_report.pk])
        + "?q=タカハシ",
    }
    shown = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        shown[name] = iso_dates_shown(response.content.decode())
    page = client.get(pages["referral"]).content.decode()
    assert "令和4年6月15日" in page and "令和4年6月1日 10:30" in page
    candidates = client.get(pages["person candidates"]).content.decode()
    assert "平成11年11月3日" in candidates  # the person's birth date, in 和暦
    login(client, admin)
    shown["audit log"] = iso_dates_shown(client.get("/audit/").content.decode())
    assert {name: found for name, found in shown.items() if found} == {}
