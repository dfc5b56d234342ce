"""The search form of the public directory pages (GET, no login).

Choices come from the region: its municipalities, the categories its published services use,
and the offices of its municipalities (tsunagu.directory.geo.OFFICES) to search near. A value
that is not valid is reported beside its field and left out of the search; the other filters
still apply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Municipality
from tsunagu.directory.geo import OFFICES
from tsunagu.directory.models import Offering, TaxonomyTerm

ACCESS_CHOICES = [
    ("wheelchair", _("車いすで利用できる")),
    ("parking", _("駐車場がある")),
    ("transit", _("公共交通で行ける")),
]
# form value -> Location field
ACCESS_FIELDS = {"wheelchair": "wheelchair", "parking": "parking", "transit": "public_transport"}


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("ことばで探す"),
        required=False,
        max_length=100,
        help_text=_("名前や内容の一部（ひらがな・カタカナどちらでも）"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    municipality = forms.ChoiceField(label=_("市町村"), required=False)
    category = forms.ChoiceField(label=_("分野"), required=False)
    offering = forms.ChoiceField(label=_("できること"), required=False)
    access = forms.MultipleChoiceField(
        label=_("行きやすさ"),
        required=False,
        choices=ACCESS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    open = forms.BooleanField(label=_("今開いている場所だけ"), required=False)
    near = forms.ChoiceField(
        label=_("近い順に並べる"),
        required=False,
        help_text=_("選んだ市役所・町役場から近い順に並べます。"),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        municipalities: list[Municipality],
        categories: list[TaxonomyTerm],
        fields: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(data)
        self.fields["municipality"].choices = [("", _("すべて"))] + [
            (m.code, m.name) for m in municipalities
        ]
        groups: dict[str, list[tuple[str, str]]] = {}
        for term in categories:
            group = term.taxonomy.name if term.taxonomy_id else ""
            groups.setdefault(group, []).append((str(term.pk), term.name))
        choices: list[Any] = [("", _("すべて"))]
        for group, items in groups.items():  # grouped by taxonomy (<optgroup>)
            if group:
                choices.append((group, items))
            else:
                choices.extend(items)
        self.fields["category"].choices = choices
        self.fields["offering"].choices = [("", _("すべて"))] + list(Offering.choices)
        self.fields["near"].choices = [("", _("並べない（名前順）"))] + [
            (m.code, OFFICES[m.code].label) for m in municipalities if m.code in OFFICES
        ]
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def filters(self) -> dict[str, Any]:
        """The valid filters (invalid ones are left out and shown as errors)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lat, lng = data.get("lat"), data.get("lng")
        if lat is None or lng is None or "lat" in self.errors or "lng" in self.errors:
            lat = lng = None
        return {
            "query": data.get("q") or "",
            "municipality": data.get("municipality") or "",
            "category": data.get("category") or "",
            "offering": data.get("offering") or "",
            "access": list(data.get("access") or []),
            "open_now": bool(data.get("open")),
            "near": data.get("near") or "",
            "lat": lat,
            "lng": lng,
        }
