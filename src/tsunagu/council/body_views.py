"""Council bodies (会議体) and their members: list, create, edit, page.

The council (Capability.DEIDENTIFIED) reads them; Capability.COUNCIL changes them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required, scope_region, user_can
from tsunagu.core.roles import Capability
from tsunagu.council import services
from tsunagu.council.meeting_forms import BodyForm, MemberForm
from tsunagu.council.models import Body


def _body_for(request: HttpRequest, pk: int) -> Body:
    return get_object_or_404(scope_region(Body.objects.all(), request.user), pk=pk)


@capability_required(Capability.DEIDENTIFIED)
def body_list(request: HttpRequest) -> HttpResponse:
    bodies = scope_region(Body.objects.all(), request.user).annotate(
        member_count=Count("members", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )
    return render(
        request,
        "council/body_list.html",
        {"bodies": bodies, "can_manage": user_can(request.user, Capability.COUNCIL)},
    )


@capability_required(Capability.COUNCIL)
def body_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    form = BodyForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_save(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会議体を登録しました。"))
            return redirect("council:body", pk=body.pk)
    return render(request, "council/body_form.html", {"form": form})


@capability_required(Capability.COUNCIL)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for(request, pk)
    initial = {
        "kind": body.kind,
        "name": body.name,
        "description": body.description,
        "is_active": body.is_active,
    }
    form = BodyForm(request.POST or None, region=body.region, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_save(
                actor=request.user, region=body.region, body=body, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会議体を更新しました。"))
            return redirect("council:body", pk=body.pk)
    return render(request, "council/body_form.html", {"form": form, "editing": body})


def _detail(request: HttpRequest, body: Body, member_form: MemberForm | None = None, status=200):
    can_manage = user_can(request.user, Capability.COUNCIL)
    context = {
        "body": body,
        "members": body.members.select_related("organization", "user"),
        "meetings": body.meetings.order_by("-starts_at", "-pk")[:20],
        "can_manage": can_manage,
    }
    if can_manage:
        context["member_form"] = member_form or MemberForm(region=body.region)
    return render(request, "council/body_detail.html", context, status=status)


@capability_required(Capability.DEIDENTIFIED)
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _body_for(request, pk))


@capability_required(Capability.COUNCIL)
@require_POST
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for(request, pk)
    form = MemberForm(request.POST, region=body.region)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.member_add(
                actor=request.user,
                body=body,
                name=data["name"].strip(),
                organization=data["organization"],
                role=data["role"].strip(),
                user=data["user"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("委員を追加しました。"))
            return redirect("council:body", pk=body.pk)
    return _detail(request, body, form, status=400)
