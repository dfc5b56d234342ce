"""The personal-data check on free text of community records (地域支援, 地域の声).

These records must hold no personal data. The needs redaction (tsunagu.needs.analysis.redact)
finds what looks like a name, an address, a phone number, a mail address or a birth date; here it
only warns: the form shows what was found and asks the writer to confirm or rewrite. Best
effort, as the redaction itself."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tsunagu.needs.analysis.redact import ADDRESS, BIRTH_DATE, EMAIL, NAME, PHONE, redact

_LABELS = {
    NAME: _("氏名"),
    ADDRESS: _("住所"),
    PHONE: _("電話番号"),
    EMAIL: _("メールアドレス"),
    BIRTH_DATE: _("生年月日"),
}


def personal_data_findings(*texts: str) -> list[str]:
    """Labels of the kinds of personal data that seem to be typed in ``texts`` (empty: none)."""
    found: list[str] = []
    for text in texts:
        if not text:
            continue
        redacted = redact(text)
        for placeholder, label in _LABELS.items():
            if redacted.count(placeholder) > text.count(placeholder) and label not in found:
                found.append(label)
    return [str(label) for label in found]
