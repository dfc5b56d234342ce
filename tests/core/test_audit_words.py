"""The audit log read by an inspector (issue 21 item 8): codes in Japanese words, the
person's name for a reader who may see persons, and the stored summary unchanged."""

import pytest

from tsunagu.core.audit import audit_record
from tsunagu.core.audit_words import summary_words
from tsunagu.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("summary", "words"),
    [
        ("status=received>fact_check", "状況：受付・受理→事実確認・安全確認"),
        ("reports.annual fy=2022 format=pdf", "年次報告（実績報告） 年度：令和4年度 形式：PDF"),
        ("activation=3 mine=0 page=1 rows=12 fields=address,phone",
         "災害モード：3 自分の担当のみ：いいえ ページ：1 件数：12 表示した項目：住所、電話番号"),
        ("format=csv-cp932 rows=4", "形式：CSV（Excel用・Shift_JIS） 件数：4"),
        ("something new=odd", "something new=odd"),  # unknown text is kept as written
        # a 年度 nobody could mean (a crawl asked ?fy=99999999999999999999): kept as asked,
        # and the log page still opens
        ("reports.annual fy=99999999999999999999", "年次報告（実績報告） 年度：99999999999999999999"),
        ("reports.annual fy=1200", "年次報告（実績報告） 年度：1200"),
    ],
)
def test_summaries_read_in_japanese(summary, words):
    assert summary_words(summary) == words


def test_the_log_names_the_person_for_a_reader_who_may_see_persons(
    client, admin, person, login
):
    audit_record(actor=admin, action=AuditAction.VIEW, target=person,
                 summary=f"person={person.pk} status=received>fact_check")
    audit_record(actor=admin, action=AuditAction.EXPORT, target_type="reports.annual",
                 summary="reports.annual fy=2022 format=pdf")
    login(client, admin)
    page = client.get("/audit/").content.decode()
    assert "利用者：髙橋 美咲" in page and f"髙橋 美咲（#{person.pk}）" in page
    assert "状況：受付・受理→事実確認・安全確認" in page
    assert "年度：令和4年度 形式：PDF" in page
    assert "audit.css" in page  # the print layout
    # the names shown are personal data: the page itself is in the log
    seen = AuditEntry.objects.filter(target_type="core.auditentry_list").get()
    assert "names=1" in seen.summary
    stored = AuditEntry.objects.filter(target_type="reports.annual").get()
    assert stored.summary == "reports.annual fy=2022 format=pdf"  # unchanged
