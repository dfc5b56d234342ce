"""Pages of 地域支援.

- 地域支援の記録 and 地域の声 lists: Capability.DEIDENTIFIED (管理者, センター相談員, 協議会事務局);
  they hold no personal data (the text check warns on the way in).
- 地域の声 may be recorded by anyone of the network (Capability.NETWORK), members included.
- 事業所支援: Capability.PERSONAL_ALL (the center's work; a record may link a person).
- 個別支援会議: personal data, as consultations (PERSONAL_ALL / PERSONAL_ASSIGNED through
  scope_person_records); every read audited.
- 合同事例検討会: the center (PERSONAL_ALL) records the de-identified case and the attendance;
  anyone of the network (NETWORK) sees the cases of conferences their organization attended,
  never the person; every read audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.community import forms, selectors, services
from tsunagu.community.models import CommunityActivity, ObservationSource
from tsunagu.core import dates
from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.forms import add_errors
from tsunagu.core.models import ListItem, ListKind, Organization, User
from tsunagu.core.params import id_param, int_param
from tsunagu.core.roles import Capability, Role

VIEW = Capability.DEIDENTIFIED
PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)
PAGE_SIZE = 50



def _fiscal_year(request: HttpRequest) -> int:
    year = int_param(request.GET.get("fy"))
    if year and 1989 <= year <= 2200:
        return year
    return dates.fiscal_year(dates.today_local())


def _staff(user: Any):
    return scope_region(
        User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.CENTER_STAFF]), user
    ).order_by("display_name", "pk")


def _organizations(user: Any):
    return scope_region(Organization.objects.all(), user).order_by("kana", "name")


def _activity_choices(user: Any) -> dict[str, Any]:
    from tsunagu.council.models import CommunityIssue
    from tsunagu.directory.models import Service
    from tsunagu.network.models import Event

    services_qs = scope_region(Service.objects.all(), user).order_by("name")
    return {
        "staff": _staff(user),
        "organizations": _organizations(user),
        "community_issue": scope_region(CommunityIssue.objects.all(), user).order_by("-pk"),
        "resource": services_qs,
        "event": scope_region(Event.objects.all(), user).order_by("-starts_at"),
        "hot_station": services_qs.filter(is_hot_station=True),
    }


# -- 地域支援の記録 ---------------------------------------------------------------------------


@capability_required(VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _fiscal_year(request)
    method = int_param(request.GET.get("method"))
    function = int_param(request.GET.get("function"))
    municipality = int_param(request.GET.get("municipality"))
    activities = selectors.activity_list(
        user=user, fiscal_year=year, method=method, function=function, municipality=municipality
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/activity_list.html",
        {
            "page": page,
            "fy": year,
            "methods": ListItem.objects.of(user.region_id, ListKind.COMMUNITY_METHOD),
            "functions": ListItem.objects.of(user.region_id, ListKind.COMMUNITY_FUNCTION),
            "municipalities": user.region.municipalities.order_by("code"),
            "selected": {"method": method, "function": function, "municipality": municipality},
        },
    )


def _activity_form(request: HttpRequest, activity: CommunityActivity | None) -> HttpResponse:
    user = request.user
    initial: dict[str, Any] = {"held_on": dates.today_local(), "staff": [user.pk]}
    partner_initial: list[dict[str, Any]] = []
    if activity is not None:
        initial = {
            "held_on": activity.held_on,
            "title": activity.title,
            "minutes": activity.minutes,
            "staff": list(activity.staff.all()),
            "municipalities": list(activity.municipalities.all()),
            "method": activity.method,
            "functions": list(activity.functions.all()),
            "partner_organizations": list(activity.partner_organizations.all()),
            "participants": activity.participants,
            "what_happened": activity.what_happened,
            "outcome": activity.outcome,
            "community_issue": activity.community_issue,
            "resource": activity.resource,
            "event": activity.event,
            "hot_station": activity.hot_station,
        }
        partner_initial = [{"kind": p.kind, "name": p.name} for p in activity.partners.all()]
    else:
        issue = int_param(request.GET.get("issue"))
        if issue:
            initial["community_issue"] = issue
    data = request.POST if request.method == "POST" else None
    form = forms.ActivityForm(
        data, initial=initial, region=user.region, choices=_activity_choices(user)
    )
    partners = forms.PartnerFormSet(data, initial=partner_initial or None, prefix="partners")
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        fields = dict(form.cleaned_data)
        fields.pop("confirm_no_personal_data")
        lists = {
            k: list(fields.pop(k))
            for k in ("staff", "municipalities", "functions", "partner_organizations")
        }
        pairs = [(f["kind"], f["name"]) for f in partners.cleaned_data if f.get("name")]
        try:
            if activity is None:
                activity = services.community_activity_record(
                    actor=user, region=user.region, partners=pairs, **lists, **fields
                )
                messages.success(request, _("地域支援の記録を登録しました。"))
            else:
                services.community_activity_update(
                    actor=user, activity=activity, partners=pairs, **lists, **fields
                )
                messages.success(request, _("地域支援の記録を更新しました。"))
            return redirect("community:activity_detail", activity.pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "community/activity_form.html",
        {
            "form": form,
            "partners": partners,
            "activity": activity,
            "findings": getattr(form, "findings", []),
        },
    )


@capability_required(VIEW)
def activity_new(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, None)


@capability_required(VIEW)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form(request, selectors.activity_get(user=request.user, pk=pk))


@capability_required(VIEW)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    return render(
        request,
        "community/activity_detail.html",
        {
            "activity": activity,
            "observations": activity.observations.select_related("category", "municipality"),
        },
    )


@capability_required(VIEW)
def activity_year(request: HttpRequest) -> HttpResponse:
    year = _fiscal_year(request)
    return render(
        request,
        "community/activity_year.html",
        {
            "fy": year,
            "figures": selectors.activity_year(user=request.user, fiscal_year=year),
        },
    )


# -- 事業所支援 -------------------------------------------------------------------------------


@capability_required(Capability.PERSONAL_ALL)
def provider_support_list(request: HttpRequest) -> HttpResponse:
    year = _fiscal_year(request)
    supports = selectors.provider_support_list(user=request.user, fiscal_year=year)
    page = Paginator(supports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/provider_support_list.html",
        {
            "page": page,
            "fy": year,
            "counts": selectors.provider_support_counts(supports),
        },
    )


@capability_required(Capability.PERSONAL_ALL)
def provider_support_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    choices = {
        "organizations": _organizations(user).exclude(kind="core_center"),
        "staff": _staff(user),
    }
    form = forms.ProviderSupportForm(
        request.POST or None,
        region=user.region,
        choices=choices,
        initial={"held_on": dates.today_local(), "staff": [user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person_id = data.pop("person_id")
        person = None
        try:
            if person_id:
                from django.http import Http404

                from tsunagu.people.selectors import person_get

                try:
                    person = person_get(user=user, pk=person_id, audit=False)
                except Http404:
                    raise ValidationError(
                        {"person_id": _("その番号の利用者はいません。")}
                    ) from None
            services.provider_support_record(
                actor=user, region=user.region, person=person, staff=list(data.pop("staff")), **data
            )
            messages.success(request, _("事業所支援を記録しました。"))
            return redirect("community:provider_support_list")
        except ValidationError as error:
            if hasattr(error, "error_dict") and "person" in error.error_dict:
                error = ValidationError({"person_id": error.error_dict["person"]})
            add_errors(form, error)
    return render(request, "community/provider_support_form.html", {"form": form})


# -- 個別支援会議 -----------------------------------------------------------------------------


@capability_required(*PERSONAL)
def case_meeting_list(request: HttpRequest) -> HttpResponse:
    year = _fiscal_year(request)
    meetings = selectors.case_meeting_list(user=request.user, fiscal_year=year)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/case_meeting_list.html", {"page": page, "fy": year})


@capability_required(*PERSONAL)
def case_meeting_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    from tsunagu.needs.models import Need
    from tsunagu.people.selectors import person_get

    user = request.user
    person = person_get(user=user, pk=person_pk)
    organizations = _organizations(user)
    data = request.POST if request.method == "POST" else None
    form = forms.CaseMeetingForm(
        data,
        initial={"held_on": dates.today_local()},
        needs=Need.objects.filter(person=person).select_related("category"),
    )
    attendees = forms.AttendeeFormSet(
        data, prefix="attendees", form_kwargs={"organizations": organizations}
    )
    actions = forms.ActionFormSet(data, prefix="actions")
    new_need = forms.NewNeedForm(data, prefix="need", region=user.region)
    if (
        request.method == "POST"
        and form.is_valid()
        and attendees.is_valid()
        and actions.is_valid()
        and new_need.is_valid()
    ):
        try:
            meeting = services.case_meeting_record(
                actor=user,
                region=user.region,
                person=person,
                held_on=form.cleaned_data["held_on"],
                decisions=form.cleaned_data["decisions"],
                needs=list(form.cleaned_data["needs"]),
                new_needs=new_need.pairs(),
                attendees=[
                    (f.get("organization"), f.get("role", "")) for f in attendees.cleaned_data
                ],
                actions=[
                    (f.get("who", ""), f.get("what", ""), f.get("due_on"))
                    for f in actions.cleaned_data
                ],
                organization=user.organization,
            )
            messages.success(request, _("個別支援会議を記録しました。"))
            return redirect("community:case_meeting_detail", meeting.pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "community/case_meeting_form.html",
        {
            "form": form,
            "attendees": attendees,
            "actions": actions,
            "new_need": new_need,
            "person": person,
        },
    )


@capability_required(*PERSONAL)
def case_meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.case_meeting_get(user=request.user, pk=pk)
    return render(request, "community/case_meeting_detail.html", {"meeting": meeting})


# -- 地域の声 ---------------------------------------------------------------------------------


@capability_required(VIEW)
def observation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _fiscal_year(request)
    source = request.GET.get("source", "")
    observations = selectors.observation_list(user=user, fiscal_year=year, source=source)
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/observation_list.html",
        {
            "page": page,
            "fy": year,
            "sources": ObservationSource.choices,
            "source": source,
        },
    )


@capability_required(Capability.NETWORK)
def observation_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = user_can(user, VIEW)
    # members record what they noticed; center staff also type in 学習カード and アンケート
    sources = (
        None
        if staff
        else [
            (v, label)
            for v, label in ObservationSource.choices
            if v not in (ObservationSource.LEARNING_CARD, ObservationSource.SURVEY)
        ]
    )
    initial = {
        "noted_on": dates.today_local(),
        "source": ObservationSource.LEARNING_CARD if staff else ObservationSource.NETWORK_MEMBER,
    }
    form = forms.ObservationForm(
        request.POST or None, region=user.region, sources=sources, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("confirm_no_personal_data")
        try:
            services.observation_record(
                actor=user, region=user.region, organization=user.organization, **data
            )
            messages.success(request, _("地域の声を記録しました。ありがとうございます。"))
            return redirect("community:observation_new")
        except ValidationError as error:
            add_errors(form, error)
    mine = selectors.observation_list(user=user).filter(recorded_by=user)[:10]
    return render(
        request,
        "community/observation_form.html",
        {
            "form": form,
            "findings": getattr(form, "findings", []),
            "mine": mine,
        },
    )


# -- 合同事例検討会 ------------------------------------------------------------------------------
# The center (PERSONAL_ALL) records and edits the case and the attendance; anyone of the
# network sees the list and the de-identified case of the conferences their organization
# attended (selectors.case_conference_list decides, 404 otherwise).


def _attendance_rows(formset: Any) -> list[tuple[Any, int]]:
    return [
        (f["organization"], f["count"])
        for f in formset.cleaned_data
        if f.get("organization") and f.get("count")
    ]


@capability_required(Capability.NETWORK)
def case_conference_list(request: HttpRequest) -> HttpResponse:
    conferences = selectors.case_conference_list(user=request.user)
    page = Paginator(conferences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/case_conference_list.html",
        {"page": page, "can_record": user_can(request.user, Capability.PERSONAL_ALL)},
    )


@capability_required(Capability.NETWORK)
def case_conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = selectors.case_conference_get(user=request.user, pk=pk)
    context["can_record"] = user_can(request.user, Capability.PERSONAL_ALL)
    return render(request, "community/case_conference_detail.html", context)


def _conference_form(request: HttpRequest, conference: Any) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    if conference is None:
        # From the person page (?person=) or an event (?event=): chosen already. Only ids are
        # taken; the choices decide what may be chosen.
        chosen = {
            key: request.GET[key]
            for key in ("event", "person")
            if id_param(request.GET.get(key)) is not None
        }
        form = forms.CaseConferenceForm(
            data,
            initial=chosen,
            events=selectors.case_conference_event_choices(user=user),
            persons=selectors.case_conference_person_choices(user=user),
        )
        initial_attendance: list[dict[str, Any]] = []
    else:
        form = forms.CaseConferenceForm(
            data,
            initial={
                "case_summary": conference.case_summary,
                "discussion": conference.discussion,
            },
        )
        initial_attendance = [
            {"organization": a.organization, "count": a.count}
            for a in conference.attendance.select_related("organization")
        ]
    attendance = forms.ConferenceAttendanceFormSet(
        data,
        prefix="attendance",
        initial=initial_attendance or None,
        form_kwargs={"organizations": _organizations(user)},
    )
    if request.method == "POST" and form.is_valid() and attendance.is_valid():
        values = form.cleaned_data
        try:
            if conference is None:
                conference = services.case_conference_record(
                    actor=user,
                    event=values["event"],
                    person=values["person"],
                    case_summary=values["case_summary"],
                    discussion=values["discussion"],
                    attendance=_attendance_rows(attendance),
                )
                messages.success(request, _("合同事例検討会の事例を記録しました。"))
            else:
                services.case_conference_update(
                    actor=user,
                    conference=conference,
                    case_summary=values["case_summary"],
                    discussion=values["discussion"],
                    attendance=_attendance_rows(attendance),
                )
                messages.success(request, _("保存しました。"))
            return redirect("community:case_conference_detail", conference.pk)
        except ValidationError as error:
            add_errors(form, error)  # "attendance" and others not on the form: above it
    return render(
        request,
        "community/case_conference_form.html",
        {"form": form, "attendance": attendance, "conference": conference},
    )


@capability_required(Capability.PERSONAL_ALL)
def case_conference_new(request: HttpRequest) -> HttpResponse:
    return _conference_form(request, None)


@capability_required(Capability.PERSONAL_ALL)
def case_conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.case_conference_get(user=request.user, pk=pk)["conference"]
    return _conference_form(request, conference)
