"""Pages of 成年後見制度利用支援 (guardianship) and 日常生活自立支援事業 referrals.

Personal records: center staff (PERSONAL_ALL) and provider staff (PERSONAL_ASSIGNED, their
organization's persons and records) only; every record shown is audited as 閲覧 by the
selectors; writes go through rights.services."""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tsunagu.core.access import capability_required
from tsunagu.people.selectors import staff_choices
from tsunagu.safeguarding.models import DailyLifeSupportStatus, GuardianshipStatus, Petitioner
from tsunagu.safeguarding.pages import (
    PERSONAL,
    choice_param,
    page_of,
    person_param,
    record_detail_page,
    record_new_page,
)
from tsunagu.safeguarding.rights import selectors, services
from tsunagu.safeguarding.rights.forms import DailyLifeReferralForm, GuardianshipCaseForm

# --- 成年後見制度利用支援 ----------------------------------------------------------------------


@capability_required(*PERSONAL)
def guardianship_list(request: HttpRequest) -> HttpResponse:
    person = person_param(request)
    status = choice_param(request, "status", GuardianshipStatus)
    petitioner = choice_param(request, "petitioner", Petitioner)
    everything = selectors.guardianship_case_list(user=request.user, person=person)
    cases = everything
    if status:
        cases = cases.filter(status=status)
    if petitioner:
        cases = cases.filter(petitioner=petitioner)
    page, query = page_of(request, cases)
    return render(
        request,
        "safeguarding/guardianship_list.html",
        {
            "page": page,
            "query": query,
            "person": person,
            "status": status,
            "petitioner": petitioner,
            "statuses": GuardianshipStatus.choices,
            "petitioners": Petitioner.choices,
            "status_counts": selectors.guardianship_status_counts(everything),
        },
    )


@capability_required(*PERSONAL)
def guardianship_new(request: HttpRequest) -> HttpResponse:
    return record_new_page(
        request,
        url_name="safeguarding:guardianship_new",
        template="safeguarding/guardianship_form.html",
        make_form=lambda data: GuardianshipCaseForm(
            data, staff_choices=staff_choices(user=request.user), initial={"staff": request.user}
        ),
        create=lambda person, data: services.guardianship_case_create(
            actor=request.user,
            region=request.user.region,
            person=person,
            organization=request.user.organization,
            **data,
        ),
        success=_("成年後見制度の利用支援を記録しました。"),
        detail_url_name="safeguarding:guardianship_detail",
    )


GUARDIANSHIP_FORM_FIELDS = (
    "need", "status", "petitioner", "filed_on", "kind", "guardian_type", "decided_on", "note",
    "staff",
)  # fmt: skip


@capability_required(*PERSONAL)
def guardianship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case, and the form to update it (status, petition, decision, notes)."""
    return record_detail_page(
        request,
        pk,
        get=selectors.guardianship_case_get,
        make_form=lambda data, case: GuardianshipCaseForm(
            data,
            staff_choices=staff_choices(user=request.user),
            initial={name: getattr(case, name) for name in GUARDIANSHIP_FORM_FIELDS},
        ),
        update=lambda case, data: services.guardianship_case_update(
            actor=request.user, case=case, **data
        ),
        success=_("成年後見制度の利用支援を更新しました。"),
        url_name="safeguarding:guardianship_detail",
        template="safeguarding/guardianship_detail.html",
        name="case",
    )


# --- 日常生活自立支援事業 ---------------------------------------------------------------------


@capability_required(*PERSONAL)
def daily_life_list(request: HttpRequest) -> HttpResponse:
    person = person_param(request)
    status = choice_param(request, "status", DailyLifeSupportStatus)
    referrals = selectors.daily_life_referral_list(user=request.user, person=person, status=status)
    page, query = page_of(request, referrals)
    return render(
        request,
        "safeguarding/daily_life_list.html",
        {
            "page": page,
            "query": query,
            "person": person,
            "status": status,
            "statuses": DailyLifeSupportStatus.choices,
        },
    )


@capability_required(*PERSONAL)
def daily_life_new(request: HttpRequest) -> HttpResponse:
    return record_new_page(
        request,
        url_name="safeguarding:daily_life_new",
        template="safeguarding/daily_life_form.html",
        make_form=lambda data: DailyLifeReferralForm(
            data, initial=DailyLifeReferralForm.default_initial()
        ),
        create=lambda person, data: services.daily_life_referral_create(
            actor=request.user,
            region=request.user.region,
            person=person,
            organization=request.user.organization,
            staff=request.user,
            **data,
        ),
        success=_("日常生活自立支援事業へのつなぎを記録しました。"),
        detail_url_name="safeguarding:daily_life_detail",
    )


DAILY_LIFE_FORM_FIELDS = ("referred_on", "to_organization", "services", "status", "note")


@capability_required(*PERSONAL)
def daily_life_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return record_detail_page(
        request,
        pk,
        get=selectors.daily_life_referral_get,
        make_form=lambda data, referral: DailyLifeReferralForm(
            data, initial={name: getattr(referral, name) for name in DAILY_LIFE_FORM_FIELDS}
        ),
        update=lambda referral, data: services.daily_life_referral_update(
            actor=request.user, referral=referral, **data
        ),
        success=_("日常生活自立支援事業へのつなぎを更新しました。"),
        url_name="safeguarding:daily_life_detail",
        template="safeguarding/daily_life_detail.html",
        name="referral",
    )
