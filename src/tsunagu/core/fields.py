"""Form fields that accept what people type in Japan and store one clean form.

The one form field for dates: typed as people in Japan write them, shown back in 和暦. Every
form that takes a date uses JapaneseDateField (``<input type=date>`` shows the browser's own
format, which differs by device); templates show dates with ``|jdate``. Then フリガナ, postal
codes, phone numbers and years of birth (moved here from people, which every app shares)."""

import re
import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.core.text import hiragana_to_katakana, normalize


class _TypedTextField(forms.Field):
    """A text input whose value becomes another type (date, int): the length is checked on
    the text, before conversion."""

    widget = forms.TextInput
    max_chars = 40

    def _text(self, value) -> str:
        text = "" if value in self.empty_values else str(value).strip()
        if len(text) > self.max_chars:
            raise ValidationError(
                _("%(n)d文字以内で入力してください。") % {"n": self.max_chars}, code="max_length"
            )
        return text

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = str(self.max_chars)
        return attrs


class JapaneseDateField(_TypedTextField):
    """A date typed as 2022/4/1, R4.4.1, 令和4年4月1日, 20220401, in full or half width.

    Shown back in 和暦 (令和4年4月1日), which it reads again unchanged."""

    default_error_messages = {
        "future": _("未来の日付は入力できません。"),
        "too_old": _("日付が古すぎます。"),
    }

    def __init__(self, *, allow_future: bool = True, **kwargs):
        self.allow_future = allow_future
        kwargs.setdefault(
            "help_text", _("例：1999/11/3、H11.11.3、平成11年11月3日（全角の数字も使えます）")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, date):
            return dates.wareki(value)
        return value

    def to_python(self, value) -> date | None:
        if isinstance(value, date):
            return value
        text = self._text(value)
        if not text:
            return None
        try:
            day = dates.parse_date(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        if day.year < 1900:
            raise ValidationError(self.error_messages["too_old"], code="too_old")
        if not self.allow_future and day > dates.today_local():
            raise ValidationError(self.error_messages["future"], code="future")
        return day

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "placeholder": _("例：R4.4.1")})
        return attrs


_KATAKANA = re.compile(r"[\u30a1-\u30f6\u30fc\u30fd\u30fe\u30fb ]*")
_POSTAL = re.compile(r"\d{7}")
_PHONE = re.compile(r"\+?[0-9()\-]{6,20}")
_YEAR = re.compile(r"(?P<e>明治|大正|昭和|平成|令和|[MTSHR])(?P<y>元|\d{1,2})年?")


class KatakanaField(forms.CharField):
    """フリガナ: hiragana become katakana, half-width kana full-width; katakana only."""

    default_error_messages = {
        "not_kana": _("フリガナはカタカナかひらがなで入力してください。"),
    }

    def to_python(self, value) -> str:
        text = hiragana_to_katakana(normalize(super().to_python(value) or ""))
        return re.sub(r"[-‐−―～〜]", "ー", text)

    def validate(self, value) -> None:
        super().validate(value)
        if value and not _KATAKANA.fullmatch(value):
            raise ValidationError(self.error_messages["not_kana"], code="not_kana")


def postal_code_digits(text: str) -> str:
    """ "〒２８３－００６６" -> "2830066" (not checked)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s〒\-‐ー−]", "", text)


class PostalCodeField(forms.CharField):
    """郵便番号: 7 digits, typed with or without 〒 and hyphen; stored as 283-0066."""

    default_error_messages = {
        "invalid": _("郵便番号は7桁の数字で入力してください（例：283-0066）。")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        digits = postal_code_digits(text)
        if not _POSTAL.fullmatch(digits):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return f"{digits[:3]}-{digits[3:]}"

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        return attrs


class PhoneField(forms.CharField):
    default_error_messages = {"invalid": _("電話番号は数字とハイフンで入力してください。")}

    def to_python(self, value) -> str:
        text = normalize(super().to_python(value) or "").replace(" ", "")
        for dash in "ー－‐−―":
            text = text.replace(dash, "-")
        if text and not _PHONE.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return text

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "autocomplete": "off"})
        return attrs


class BirthYearField(_TypedTextField):
    """生まれ年: 1960, １９６０, S35, 昭和35, 昭和35年."""

    max_chars = 10
    default_error_messages = {
        "invalid": _("生まれ年は西暦（例：1960）か和暦（例：S35、昭和35年）で入力してください。"),
        "range": _("生まれ年が正しくありません。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("例：1960、S35、昭和35年"))
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        if isinstance(value, int):
            return value
        text = "".join(unicodedata.normalize("NFKC", self._text(value)).split())
        if not text:
            return None
        text = text.upper()
        if re.fullmatch(r"\d{4}年?", text):
            year = int(text[:4])
        elif m := _YEAR.fullmatch(text):
            era = next(e for e in dates.ERAS if m["e"] in (e.name, e.abbr))
            year = era.start.year + (1 if m["y"] == "元" else int(m["y"])) - 1
            end = dates.era_end(era)
            if end is not None and year > end.year:
                raise ValidationError(self.error_messages["range"], code="range")
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not 1900 <= year <= dates.today_local().year:
            raise ValidationError(self.error_messages["range"], code="range")
        return year

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off"})
        return attrs
