"""Adding and removing a person's certificates (障害者手帳) and caregivers (家族・介護者).

The add forms sit on the person page and post here; a GET (or a POST with errors) shows the
form on a page of its own."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.people import services
from tsunagu.people.forms import CaregiverForm, CertificateForm
from tsunagu.people.views import PERSONAL, person_item_remove, person_subform


@capability_required(*PERSONAL)
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    def write(person, data):
        kind, grade = data["grade"]
        services.certificate_add(
            actor=request.user,
            person=person,
            kind=kind,
            grade=grade,
            body_parts=data["body_parts"],
            expires_on=data["expires_on"],
        )

    return person_subform(
        request,
        pk,
        make_form=lambda data, person: CertificateForm(data),
        write=write,
        success=_("障害者手帳を追加しました。"),
        anchor="#certificates",
        title=_("障害者手帳を追加"),
        url_name="people:certificate_add",
        submit=_("追加"),
    )


@capability_required(*PERSONAL)
@require_POST
def certificate_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return person_item_remove(
        request,
        pk,
        item_pk,
        related="certificates",
        remove=lambda item: services.certificate_remove(actor=request.user, certificate=item),
        success=_("障害者手帳を削除しました。"),
        anchor="#certificates",
    )


@capability_required(*PERSONAL)
def caregiver_add(request: HttpRequest, pk: int) -> HttpResponse:
    return person_subform(
        request,
        pk,
        make_form=lambda data, person: CaregiverForm(data),
        write=lambda person, data: services.caregiver_add(
            actor=request.user, person=person, **data
        ),
        success=_("家族・介護者を追加しました。"),
        anchor="#caregivers",
        title=_("家族・介護者を追加"),
        url_name="people:caregiver_add",
        submit=_("追加"),
    )


@capability_required(*PERSONAL)
@require_POST
def caregiver_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return person_item_remove(
        request,
        pk,
        item_pk,
        related="caregivers",
        remove=lambda item: services.caregiver_remove(actor=request.user, caregiver=item),
        success=_("家族・介護者を削除しました。"),
        anchor="#caregivers",
    )
