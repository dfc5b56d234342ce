"""The administrator's view of the audit log: search, and export as CSV."""

from datetime import datetime, time

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.core import audit_words, dates
from tsunagu.core.access import capability_required, scope_region
from tsunagu.core.audit import audit_record
from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.fields import JapaneseDateField
from tsunagu.core.models import AuditAction, AuditEntry
from tsunagu.core.roles import Capability

EXPORT_LIMIT = 100_000


class AuditSearchForm(forms.Form):
    username = forms.CharField(label=_("ユーザー名"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("すべて"))] + list(AuditAction.choices)
    )
    target_type = forms.ChoiceField(label=_("対象の種類"), required=False, choices=())
    target_id = forms.CharField(label=_("対象ID"), required=False, max_length=64)
    date_from = JapaneseDateField(label=_("開始日"), required=False, help_text="")
    date_to = JapaneseDateField(label=_("終了日"), required=False, help_text="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", _("すべて"))] + sorted(
            (model._meta.label_lower, str(model._meta.verbose_name))
            for model in apps.get_models()
            if model.__module__.startswith("tsunagu.")
        )

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("username"):
            entries = entries.filter(username__icontains=data["username"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("target_type"):
            entries = entries.filter(target_type=data["target_type"])
        if data.get("target_id"):
            entries = entries.filter(target_id=data["target_id"])
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            entries = entries.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data.get("date_to"):
            entries = entries.filter(at__lte=datetime.combine(data["date_to"], time.max, tz))
        return entries


def _entries(request: HttpRequest):
    form = AuditSearchForm(request.GET or None)
    entries = scope_region(AuditEntry.objects.all(), request.user)
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    return form, entries


@capability_required(Capability.MANAGE_REGION)
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _entries(request)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    entries = list(page.object_list)
    names = audit_words.person_names(
        request.user,
        audit_words.person_ids([(e.target_type, e.target_id, e.summary) for e in entries]),
    )
    rows = [
        (e, _target_text(e, names), audit_words.summary_words(e.summary, names=names))
        for e in entries
    ]
    audit_record(
        actor=request.user, action=AuditAction.VIEW, target_type="core.auditentry_list",
        summary=f"page={page.number} rows={len(entries)} names={len(names)}",
    )
    return render(
        request, "core/audit_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _target_text(entry, names: dict[str, str]) -> str:
    """The audited object in words: its kind, and the person's name when the reader may see
    it (the id otherwise)."""
    if not entry.target_type:
        return ""
    label = audit_words.target_words(entry.target_type)
    if entry.target_type == "people.person" and entry.target_id in names:
        return f"{label} {names[entry.target_id]}（#{entry.target_id}）"
    return f"{label} #{entry.target_id}" if entry.target_id else label


@capability_required(Capability.MANAGE_REGION)
def audit_export(request: HttpRequest) -> HttpResponse:
    form, entries = _entries(request)
    labels = dict(AuditAction.choices)
    tz = timezone.get_current_timezone()
    rows = (
        (
            e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
            dates.wareki(e.at.astimezone(tz).date()),
            e.username,
            labels.get(e.action, e.action),
            e.target_type,
            e.target_id,
            e.summary,
            e.ip_address or "",
            e.path,
            e.detail or "",
        )
        for e in entries[:EXPORT_LIMIT].iterator()
    )
    body = csv_bytes(
        [
            gettext("日時"),
            gettext("和暦"),
            gettext("ユーザー名"),
            gettext("操作"),
            gettext("対象の種類"),
            gettext("対象ID"),
            gettext("内容"),
            gettext("接続元"),
            gettext("画面・コマンド"),
            gettext("詳細"),
        ],
        rows,
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type="core.auditentry",
        summary="audit log CSV",
    )
    stamp = dates.now_local().strftime("%Y%m%d-%H%M")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
