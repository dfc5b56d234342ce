"""The outbox: services queue mail, a worker delivers it (tsunagu.core.mail)."""

import socket
import time

import pytest
from django.core.management import call_command

from tsunagu.core.jobs import JobRunner
from tsunagu.core.mail import MAX_ATTEMPTS, mail_queue, outbox_deliver
from tsunagu.core.models import OutboxMail, OutboxStatus

pytestmark = pytest.mark.django_db


def test_queued_mail_leaves_only_when_the_outbox_is_delivered(smtp_server):
    mail_queue(to=["worker@example.invalid", ""], subject="研修会のお知らせ", body="本文です。")
    assert smtp_server.received == []  # nothing is sent in the caller's request
    assert outbox_deliver() == 1
    (rcpt, message), = smtp_server.received
    assert rcpt == ["worker@example.invalid"]
    assert message["Subject"] == "研修会のお知らせ"
    assert message.get_content().strip() == "本文です。"
    assert OutboxMail.objects.get().status == OutboxStatus.SENT
    assert outbox_deliver() == 0  # sent once only


def test_attachments_and_japanese_filenames_arrive_intact(smtp_server):
    mail_queue(
        to=["a@example.invalid"],
        subject="チェックイン表",
        body="添付をご確認ください。",
        attachments=[("受付名簿.csv", "氏名\r\n山田\r\n".encode("cp932"), "text/csv")],
    )
    (_rcpt, message), = smtp_server.messages
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == "受付名簿.csv"
    assert part.get_payload(decode=True).decode("cp932") == "氏名\r\n山田\r\n"


def test_nobody_to_send_to_queues_nothing():
    assert mail_queue(to=["", "  "], subject="x", body="y") is None
    assert OutboxMail.objects.count() == 0


def test_a_server_that_is_down_keeps_the_mail_and_retries_later(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    mail = mail_queue(to=["a@example.invalid"], subject="件名", body="本文")
    assert outbox_deliver() == 0
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutboxStatus.PENDING, 1)
    assert mail.last_error and mail.next_attempt_at is not None
    assert outbox_deliver() == 0  # not due yet: the backoff holds it
    mail.refresh_from_db()
    assert mail.attempts == 1
    OutboxMail.objects.filter(pk=mail.pk).update(attempts=MAX_ATTEMPTS - 1, next_attempt_at=None)
    outbox_deliver()
    mail.refresh_from_db()
    assert mail.status == OutboxStatus.FAILED  # kept, visible, not retried forever


def test_the_command_delivers_and_reports(smtp_server, capsys):
    mail_queue(to=["a@example.invalid"], subject="お知らせ", body="本文")
    call_command("mail", "send")
    assert len(smtp_server.received) == 1
    call_command("mail", "status")
    assert "送信済み: 1" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_of_serve_delivers(smtp_server):
    mail_queue(to=["a@example.invalid"], subject="緊急のお知らせ", body="本文")
    worker = JobRunner(tick=0.05).start()
    try:
        for _ in range(200):  # wait for the thread, not for a fixed time
            if smtp_server.received:
                break
            time.sleep(0.05)
    finally:
        worker.stop()
    assert [m["Subject"] for _r, m in smtp_server.received] == ["緊急のお知らせ"]
