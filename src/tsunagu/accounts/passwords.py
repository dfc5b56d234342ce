"""Password rules beyond Django's own validators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password must mix letters with digits or symbols."""

    def validate(self, password: str, user=None) -> None:
        has_letter = any(ch.isalpha() for ch in password)
        has_other = any(ch.isdigit() or not ch.isalnum() for ch in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("パスワードには英字と、数字または記号の両方を含めてください。"),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("英字と、数字または記号の両方を含めてください。")
