"""マスタ管理: a region administrator extends and edits the master-data lists."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.core.access import capability_required, scope_region
from tsunagu.core.lists import NATIONAL_CATEGORIES
from tsunagu.core.models import ListItem, ListKind
from tsunagu.core.params import id_param
from tsunagu.core.roles import Capability
from tsunagu.core.services import list_item_save


class ListItemForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("コード"),
        max_length=40,
        help_text=gettext_lazy("半角英数字・ハイフン・下線。登録後は変更できません。"),
    )
    label = forms.CharField(label=gettext_lazy("表示名"), max_length=100)
    aliases = forms.CharField(
        label=gettext_lazy("別名"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("取り込みで同じ項目として読む書き方。「、」区切り。"),
    )
    sort_order = forms.IntegerField(label=gettext_lazy("並び順"), min_value=0, max_value=100000)
    is_active = forms.BooleanField(label=gettext_lazy("使用中"), required=False, initial=True)
    national_code = forms.ChoiceField(
        label=gettext_lazy("国の分類"),
        required=False,
        help_text=gettext_lazy(
            "国の調査の表で数える分類。空欄なら同じコードの分類、なければ「その他」。"
        ),
    )

    def __init__(self, *args, editing: bool = False, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
        national = NATIONAL_CATEGORIES.get(kind)
        if national:
            self.fields["national_code"].choices = [("", "—"), *national]
        else:
            del self.fields["national_code"]


def _kind(kind: str) -> ListKind:
    try:
        return ListKind(kind)
    except ValueError:
        raise Http404 from None


@capability_required(Capability.MANAGE_REGION)
def list_kinds(request: HttpRequest) -> HttpResponse:
    items = scope_region(ListItem.objects.all(), request.user)
    counts = {kind: 0 for kind in ListKind}
    for kind in items.values_list("kind", flat=True):
        counts[ListKind(kind)] += 1
    return render(request, "core/list_kinds.html", {"kinds": [(k, counts[k]) for k in ListKind]})


@capability_required(Capability.MANAGE_REGION)
def list_items(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    items = scope_region(ListItem.objects.filter(kind=kind), request.user)
    edit_pk = request.GET.get("edit") or request.POST.get("pk")
    editing = None
    if id_param(edit_pk) is not None:
        editing = get_object_or_404(items, pk=id_param(edit_pk))
    initial = (
        {
            "code": editing.code,
            "label": editing.label,
            "aliases": editing.aliases,
            "sort_order": editing.sort_order,
            "is_active": editing.is_active,
            "national_code": editing.national_code,
        }
        if editing
        else {"sort_order": (items.count() + 1) * 10, "is_active": True}
    )
    form = ListItemForm(
        request.POST or None, initial=initial, editing=editing is not None, kind=kind
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            list_item_save(
                actor=request.user,
                region=request.user.region,
                kind=kind,
                item=editing,
                code=data["code"],
                label=data["label"],
                aliases=data["aliases"],
                sort_order=data["sort_order"],
                is_active=data["is_active"],
                national_code=data.get("national_code"),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("core:list_items", kind=kind.value)
    return render(
        request,
        "core/list_items.html",
        {"kind": kind, "items": items, "form": form, "editing": editing},
    )
