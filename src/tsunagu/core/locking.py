"""Optimistic locking: no lost update when two workers edit the same record at once.

A record that workers edit together (Person, Consultation, SupportPlan, CommunityIssue, Service)
carries ``lock_version``, an integer raised by one on every save through its service. The edit
form sends the number it was built from in a hidden field; the service calls ``lock_claim``
first, inside its transaction: ``UPDATE … SET lock_version = lock_version + 1 WHERE pk = … AND
lock_version = <sent>``. No row updated means someone saved in between: ``EditConflict``, the
transaction rolls back, and the view shows the form again with 「他の職員が先に保存しました」
and both versions side by side (``conflict_context`` + ``core/_conflict.html``), carrying the new
number so that the worker can merge and save again.

The UPDATE takes the row lock, so the check is race-free on PostgreSQL (a second transaction
waits, then sees the new number) and on SQLite (one writer at a time). Callers that edit
without a form (imports, commands) pass ``None``: no check, but the number still rises, so
an editor who opened the form before the import is told.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOCK_FIELD = "lock_version"


def lock_version_field() -> models.PositiveIntegerField:
    """The model field; one per locked model (migrations add only this)."""
    return models.PositiveIntegerField(gettext_lazy("更新番号"), default=0, editable=False)


class EditConflict(Exception):
    """The record was saved by someone else after the edit form was opened."""

    def __init__(self, instance: models.Model) -> None:
        super().__init__(_("他の職員が先に保存しました。"))
        self.instance = instance


def lock_claim(instance: models.Model, version: int | None) -> None:
    """Raise the record's lock number, or EditConflict if it is no longer ``version``.

    Call inside the service's transaction, before anything is written. ``instance`` gets the
    new number, so a later ``save()`` keeps it."""
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if version is not None:
        rows = rows.filter(**{LOCK_FIELD: version})
    if rows.update(**{LOCK_FIELD: F(LOCK_FIELD) + 1}) == 0:
        raise EditConflict(instance)
    if version is not None:
        new = version + 1  # the UPDATE matched exactly this number
    else:
        new = model._base_manager.filter(pk=instance.pk).values_list(LOCK_FIELD, flat=True).get()
    setattr(instance, LOCK_FIELD, new)


def add_lock_field(form: forms.Form, instance: models.Model) -> None:
    """The hidden field an edit form sends back. Not required: a client that does not send
    it (a script, an old test) is not checked, but a browser always sends it."""
    form.fields[LOCK_FIELD] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0,
        initial=getattr(instance, LOCK_FIELD),
    )  # fmt: skip


def submitted_version(form: forms.Form) -> int | None:
    """The number sent with the form (after validation), taken out of cleaned_data so the
    rest can be passed to a service as fields."""
    return form.cleaned_data.pop(LOCK_FIELD, None)


def _flat_choices(choices: Any) -> list[tuple[str, str]]:
    flat = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend((str(k), str(v)) for k, v in label)
        else:
            flat.append((str(key), str(label)))
    return flat


def _display(bound: forms.BoundField, value: Any) -> str:
    field = bound.field
    if isinstance(field, forms.BooleanField):
        return _("はい") if value and value not in ("False", "false", "0") else _("いいえ")
    if hasattr(field, "choices"):
        values = value if isinstance(value, list | tuple) else [value]
        keys = [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]
        labels = dict(_flat_choices(field.choices))
        return "、".join(labels.get(k, k) for k in keys)
    if value is None:
        return ""
    if not isinstance(value, str):
        value = bound.field.widget.format_value(field.prepare_value(value))
    return "" if value is None else str(value)


def conflict_context(form: forms.Form, current_form: forms.Form, current: models.Model) -> dict:
    """What ``core/_conflict.html`` shows: for each field of ``form`` (the worker's input),
    the value saved now (``current_form``, an unbound form built from the record as it is now)
    and the value submitted. The form keeps the worker's input and takes the new lock number."""
    rows = []
    for name in form.fields:
        if name == LOCK_FIELD or name not in current_form.fields:
            continue
        mine, theirs = form[name], current_form[name]
        if mine.is_hidden:
            continue
        theirs_text = _display(theirs, theirs.value())
        mine_text = _display(mine, mine.value())
        rows.append({"label": mine.label, "theirs": theirs_text, "yours": mine_text,
                     "differs": theirs_text.strip() != mine_text.strip()})  # fmt: skip
    data = form.data.copy()
    data[form.add_prefix(LOCK_FIELD)] = str(getattr(current, LOCK_FIELD))
    form.data = data
    return {"rows": rows, "differs": sum(1 for r in rows if r["differs"])}
