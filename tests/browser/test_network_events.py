"""Issue 7's "done when", in Chromium: a member posts an event, a resident registers from
the public page (no account), a second resident lands on the waitlist, the first cancels
from the link in the mail, and the second is promoted — every mail read back from the
loopback SMTP server."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tsunagu.network.models import Event, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mails(smtp_server, address):
    return [message for rcpt, message in smtp_server.messages if address in rcpt]


def _register(page, event, name, email):
    page.goto(f"/public/sanbu/events/{event.pk}/")
    page.get_by_role("textbox", name="お名前").fill(name)
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_role("radio", name="会場").check()
    page.get_by_role("checkbox", name="お名前と連絡先を").check()
    page.get_by_role("button", name="申し込む").click()


def test_member_posts_resident_registers_waitlist_promotes(
    page, context, sign_in, member, smtp_server, live_server, settings
):
    settings.TSUNAGU_BASE_URL = live_server.url
    sign_in(member)
    page.goto("/network/")
    page.get_by_role("link", name="行事を投稿").first.click()
    page.get_by_label("件名").fill("ちいき食堂 ほのん 冬のつどい")
    page.get_by_label("本文").fill("温かいごはんを一緒に食べましょう。")
    page.get_by_label("種類").select_option("cafeteria")
    page.get_by_label("日付").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_label("開始時刻").fill("11:00")
    page.get_by_label("終了時刻").fill("14:00")
    page.get_by_label("会場", exact=True).fill("ホッとステーション 東金")
    page.get_by_label("会場の定員（空欄: 制限なし）").fill("1")
    page.get_by_label("公開ページに載せる").check()
    page.get_by_label("公開ページで参加申込みを受け付ける").check()
    page.get_by_role("button", name="投稿する").click()
    page.get_by_text("投稿しました。").wait_for()
    event = Event.objects.get(title="ちいき食堂 ほのん 冬のつどい")

    context.clear_cookies()  # the residents have no account
    _register(page, event, "山田 花子", "hanako@example.invalid")
    page.get_by_role("heading", name="お申込みを受け付けました").wait_for()
    _register(page, event, "鈴木 一郎", "ichiro@example.invalid")
    page.get_by_role("heading", name="キャンセル待ちで受け付けました").wait_for()

    [confirmation] = _mails(smtp_server, "hanako@example.invalid")
    assert str(confirmation["Subject"]).strip() == "【参加申込み受付】ちいき食堂 ほのん 冬のつどい"
    cancel = re.search(r"https?://\S+/cancel/\S+/", confirmation.get_content()).group(0)
    page.goto(cancel)
    page.get_by_role("button", name="参加を取り消す").click()
    page.get_by_text("参加を取り消しました。").wait_for()

    assert Registration.objects.get(email="ichiro@example.invalid").status == "confirmed"
    subjects = [str(m["Subject"]).strip() for m in _mails(smtp_server, "ichiro@example.invalid")]
    assert subjects == [
        "【キャンセル待ち】ちいき食堂 ほのん 冬のつどい",
        "【参加確定（繰り上げ）】ちいき食堂 ほのん 冬のつどい",
    ]


def test_marking_a_post_urgent_asks_before_mailing_everyone(
    page, sign_in, provider_staff, member, network_post, smtp_server
):
    from tsunagu.network.selectors import network_recipients

    count = len(network_recipients(network_post.region))
    sign_in(provider_staff)
    page.goto(f"/network/posts/{network_post.pk}/")
    page.get_by_role("link", name="緊急にして全員へメールする…").click()
    box = page.get_by_label(f"全員（{count} 人）へメールすることを確認しました")
    box.wait_for()
    box.evaluate("el => el.removeAttribute('required')")  # as a script or an old page would
    page.get_by_role("button", name="緊急にして全員へメールする").click()
    page.get_by_text("まだ誰にも送っていません").wait_for()
    assert smtp_server.messages == []
    page.get_by_label(f"全員（{count} 人）へメールすることを確認しました").check()
    page.get_by_role("button", name="緊急にして全員へメールする").click()
    page.get_by_text("緊急にして、全員へメールしました。").wait_for()
    assert len(_mails(smtp_server, member.email)) == 1
