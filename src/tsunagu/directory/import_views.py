"""The staff page that loads official open data into the directory (/directory/import/): the
same code as `tsunagu directory import --wam|--standard` (directory.imports), for editors of the
directory (``can_edit_directory``). Check first (確認のみ), then load; all or nothing."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tsunagu.core.access import capability_required
from tsunagu.core.roles import Capability
from tsunagu.core.tabular import RowError, TabularError
from tsunagu.directory.imports import standard, wam

FORMAT_WAM = "wam"
FORMAT_STANDARD = "standard"
LOADERS = {FORMAT_WAM: wam.import_wam, FORMAT_STANDARD: standard.import_standard}


class OpenDataImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("データの種類"),
        choices=[
            (FORMAT_WAM, _("WAM NET 障害福祉サービス等情報公表システムのオープンデータ（CSV）")),
            (FORMAT_STANDARD, _("自治体標準オープンデータセット 公共施設一覧・介護サービス事業所一覧（CSV）")),
        ],
        initial=FORMAT_WAM,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("ファイル"),
        help_text=_("公表されたままのファイル（全国版でもかまいません。圏域の市町村の行だけを読みます）。"),
    )
    dry_run = forms.BooleanField(
        label=_("確認だけする（書き込まない）"), required=False, initial=True,
    )


@capability_required(Capability.DIRECTORY_EDIT)
def open_data_import(request: HttpRequest) -> HttpResponse:
    form = OpenDataImportForm()
    result = None
    errors: list[RowError] = []
    if request.method == "POST":
        form = OpenDataImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = LOADERS[form.cleaned_data["format"]](
                    actor=request.user, region=request.user.region, data=upload.read(),
                    filename=upload.name, dry_run=form.cleaned_data["dry_run"],
                )
                errors = result.errors
            except TabularError as error:
                errors = [RowError(None, "", str(error))]
    return render(request, "directory/staff_import.html", {
        "form": form, "result": result, "errors": errors,
    })
