"""What every app's forms share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def add_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto ``form``: each field's errors at the field when the
    form has it, the rest (and errors of no field) at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
