"""The one form field for dates: typed as people in Japan write them, shown back in 和暦.

Every form that takes a date uses JapaneseDateField (``<input type=date>`` shows the
browser's own format, which differs by device); templates show dates with ``|jdate``."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates


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
