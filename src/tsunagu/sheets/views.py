"""The sheets' pages: each PDF fetched through the owning app's scoped getter (404 outside
the user's scope) and audited as an export; a 情報提供書 only to an organization that a
valid consent of the person covers."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from tsunagu.consultations.selectors import consultation_get
from tsunagu.core.access import capability_required
from tsunagu.core.audit import audit_record
from tsunagu.core.models import AuditAction
from tsunagu.core.roles import Capability
from tsunagu.people.models import Person
from tsunagu.people.selectors import PersonMerged, person_get_live
from tsunagu.sheets import pdf
from tsunagu.sheets.selectors import consented_organizations

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


def _pdf(request: HttpRequest, content: bytes, *, target, kind: str, extra: str = "") -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=target,
                 summary=f"sheet={kind}{extra} format=pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{target.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _person(request: HttpRequest, pk: int) -> Person:
    """Visible and not merged away (404 otherwise); the export is the audit entry."""
    try:
        return person_get_live(user=request.user, pk=pk)
    except PersonMerged:
        raise Http404 from None


@never_cache
@capability_required(*PERSONAL)
def face_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return _pdf(request, pdf.face_sheet(person, user=request.user), target=person, kind="face")


class ReferralForm(forms.Form):
    organization = forms.ChoiceField(label=_("提供先"), choices=())
    purpose = forms.CharField(label=_("提供の目的"), max_length=200)
    body = forms.CharField(label=_("提供する内容"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [("", _("選択してください"))] + [
            (str(o.pk), o.name) for o in organizations
        ]


@never_cache
@capability_required(*PERSONAL)
def referral_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form (only organizations a valid consent covers); POST: the PDF, audited."""
    person = _person(request, pk)
    organizations = consented_organizations(person=person)
    form = ReferralForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization = form.organizations[form.cleaned_data["organization"]]
        content = pdf.referral_letter(
            person, organization, user=request.user,
            purpose=form.cleaned_data["purpose"], body=form.cleaned_data["body"],
        )
        return _pdf(request, content, target=person, kind="referral",
                    extra=f" organization={organization.pk}")
    if request.method != "POST":
        audit_record(actor=request.user, action=AuditAction.VIEW, target=person,
                     summary="referral letter form")
    return render(
        request,
        "sheets/referral_form.html",
        {"person": person, "form": form, "organizations": organizations},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@capability_required(*PERSONAL)
def consultation_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_get(user=request.user, pk=pk)  # audits the view
    content = pdf.consultation_sheet(consultation, user=request.user)
    return _pdf(request, content, target=consultation, kind="consultation")
