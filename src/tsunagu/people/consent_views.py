"""Consent (同意): recording and withdrawing it, and sharing a record (情報提供) under it."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required
from tsunagu.people import services
from tsunagu.people.forms import ConsentForm, ShareForm
from tsunagu.people.views import PERSONAL, person_item_remove, person_subform


@capability_required(*PERSONAL)
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    def write(person, data):
        services.consent_record(
            actor=request.user,
            person=person,
            scope=data["scope"],
            given_on=data["given_on"],
            expires_on=data["expires_on"],
            organizations=list(data["organizations"]),
            note=data["note"],
        )

    return person_subform(
        request,
        pk,
        make_form=lambda data, person: ConsentForm(data, user=request.user),
        write=write,
        success=_("同意を記録しました。"),
        anchor="#consents",
        title=_("同意を記録"),
        url_name="people:consent_add",
        submit=_("記録"),
    )


@capability_required(*PERSONAL)
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return person_item_remove(
        request,
        pk,
        item_pk,
        related="consents",
        remove=lambda consent: services.consent_withdraw(actor=request.user, consent=consent),
        success=_("同意の撤回を記録しました。"),
        anchor="#consents",
    )


@capability_required(*PERSONAL)
def person_share(request: HttpRequest, pk: int) -> HttpResponse:
    return person_subform(
        request,
        pk,
        make_form=lambda data, person: ShareForm(data, user=request.user, person=person),
        write=lambda person, data: services.person_share(
            actor=request.user, person=person, organization=data["organization"]
        ),
        success=lambda data: _("「%(org)s」に情報を提供しました（担当機関に加えました）。")
        % {"org": data["organization"].name},
        anchor="#assigned",
        title=_("情報提供（共有）"),
        url_name="people:share",
        submit=_("情報を提供する"),
    )
