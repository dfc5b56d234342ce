"""The import page: upload a CSV or XLSX of persons or consultations (center staff, admin)."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tsunagu.consultations import importers as consultation_importers
from tsunagu.core.access import capability_required
from tsunagu.core.roles import Capability
from tsunagu.core.tabular import ImportResult, TabularError, read_table
from tsunagu.people import importers as person_importers

KINDS = {
    "persons": (_("利用者"), person_importers.HEADERS),
    "consultations": (_("相談記録"), consultation_importers.HEADERS),
}
MAX_ERRORS_SHOWN = 1000  # a page with 100,000 rows of errors helps nobody


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("取り込む内容"), choices=[(k, label) for k, (label, _h) in KINDS.items()]
    )
    file = forms.FileField(
        label=_("ファイル（CSV または XLSX）"),
        help_text=_(
            "1行目は見出しにしてください。CSV の文字コードは UTF-8（BOM あり・なし）か Shift_JIS（CP932）。"
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label=_("確認のみ（書き込まない）"),
        required=False,
        help_text=_("ファイルを確かめるだけで、何も書き込みません。"),
    )


@capability_required(Capability.PERSONAL_ALL)
def import_upload(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    if kind is not None and kind not in KINDS:
        raise Http404
    result: ImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = _run(request, form)
    else:
        form = ImportForm(initial={"kind": kind or "consultations"})
    errors = result.errors if result is not None else []
    return render(
        request,
        "consultations/import.html",
        {
            "form": form,
            "result": result,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
            "kinds": [(label, ",".join(headers)) for label, headers in KINDS.values()],
        },
    )


def _run(request: HttpRequest, form: ImportForm) -> ImportResult | None:
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    try:
        optional = consultation_importers.OPTIONAL_HEADERS if kind == "consultations" else ()
        table = read_table(upload, upload.name, KINDS[kind][1], optional=optional)
    except TabularError as error:
        form.add_error("file", str(error))
        return None
    region = request.user.region
    dry_run = form.cleaned_data["dry_run"]
    if kind == "persons":
        return person_importers.import_persons(
            region=region, table=table, actor=request.user, dry_run=dry_run
        )
    return consultation_importers.import_consultations(
        region=region, table=table, actor=request.user, dry_run=dry_run
    )
