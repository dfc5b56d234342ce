"""Giving out: households (by number), 物資支援 deliveries and the pantry check-in.

FOODBANK users see households by 受付番号 only. The household's name and contact, and opening a
consultation from a distribution, need Capability.PERSONAL_ALL (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.core.access import capability_required, scope_personal
from tsunagu.core.forms import add_errors
from tsunagu.core.models import ListItem, ListKind
from tsunagu.core.params import id_param, int_param
from tsunagu.core.roles import Capability
from tsunagu.foodbank import selectors, services
from tsunagu.foodbank.forms import (
    CheckInForm,
    ConsultationOpenForm,
    DeliveryForm,
    DeliveryItemFormSet,
    HouseholdForm,
    HouseholdPersonalForm,
    PantryEventForm,
    PickForm,
)
from tsunagu.foodbank.models import MovementKind
from tsunagu.foodbank.views import FOOD, PAGE_SIZE
from tsunagu.people.models import Person
from tsunagu.people.selectors import person_list

# ---- households --------------------------------------------------------------------------


@capability_required(FOOD)
def household_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.household_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/household_list.html", {"page": page})


@capability_required(FOOD)
def household_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    personal = _personal(request)
    form = HouseholdForm(request.POST or None, region=region)
    personal_form = HouseholdPersonalForm(request.POST or None) if personal else None
    if request.method == "POST" and form.is_valid() and (
        personal_form is None or personal_form.is_valid()
    ):
        extra = personal_form.cleaned_data if personal_form is not None else {}
        try:
            household = services.household_register(
                actor=request.user, region=region, **form.cleaned_data, **extra
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("世帯を登録しました。受付番号は %(number)s です。")
                % {"number": household.number}
            )
            return redirect("foodbank:household_detail", pk=household.pk)
    return render(request, "foodbank/household_form.html",
                  {"form": form, "personal_form": personal_form})


def _personal(request: HttpRequest) -> bool:
    from tsunagu.core.access import user_can

    return user_can(request.user, Capability.PERSONAL_ALL)


@capability_required(FOOD)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    return render(request, "foodbank/household_detail.html", {
        "household": household,
        "distributions": household.distributions.select_related("pantry_event")
        .order_by("-given_on", "-pk")[:100],
        "personal": _personal(request),
    })


def _find_person(request: HttpRequest, text: str) -> tuple[Person | None, str]:
    """The person named by number, or by a name/reading that matches exactly one."""
    text = text.strip()
    if text.isdigit():
        pk = id_param(text)
        found = scope_personal(Person.objects.all(), request.user).filter(pk=pk).first() if pk else None
        return found, _("該当する利用者がいません。")
    candidates = list(person_list(user=request.user, query=text)[:2])
    if len(candidates) == 1:
        return candidates[0], ""
    if not candidates:
        return None, _("該当する利用者がいません。")
    return None, _("複数の利用者が該当します。もう少し詳しく入力してください。")


@capability_required(Capability.PERSONAL_ALL)
def household_personal(request: HttpRequest, pk: int) -> HttpResponse:
    """Name, contact and the consultation link: center staff only, audited."""
    household = selectors.household_personal_get(user=request.user, pk=pk)
    form = ConsultationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person, person_error = _find_person(request, form.cleaned_data["person"])
        distribution = household.distributions.order_by("-given_on", "-pk").first()
        region = request.user.region
        method = ListItem.objects.of(region, ListKind.CONTACT_METHOD).filter(code="other").first()
        caller = ListItem.objects.of(region, ListKind.CALLER_TYPE).filter(code="self").first()
        topic = ListItem.objects.of(region, ListKind.SUPPORT_TOPIC).filter(
            code="household_finance").order_by("sort_order").first()
        if person is None:
            form.add_error("person", person_error)
        elif distribution is None:
            form.add_error(None, _("この世帯にはまだ配布の記録がありません。"))
        elif method is None or caller is None or topic is None:
            form.add_error(None, _("相談方法・相談者・支援内容の一覧が設定されていません。"))
        else:
            try:
                consultation = services.distribution_open_consultation(
                    actor=request.user, distribution=distribution, person=person,
                    method=method, caller_type=caller, topics=[topic],
                    record=form.cleaned_data["record"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("相談記録を作りました。"))
                return redirect("consultations:detail", pk=consultation.pk)
    return render(request, "foodbank/household_personal.html",
                  {"household": household, "form": form})


@capability_required(Capability.PERSONAL_ALL)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit size, municipality, name, contact and consent: center staff only, audited."""
    household = selectors.household_personal_get(user=request.user, pk=pk)
    region = request.user.region
    initial = {name: getattr(household, name) for name in
               ("size", "children", "municipality", "referred_by", "name", "phone", "address",
                "consent_consultation")}
    form = HouseholdForm(request.POST or None, region=region, initial=initial)
    personal_form = HouseholdPersonalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and personal_form.is_valid():
        try:
            services.household_update(actor=request.user, household=household,
                                      **form.cleaned_data, **personal_form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("世帯の情報を更新しました。"))
            return redirect("foodbank:household_personal", pk=household.pk)
    return render(request, "foodbank/household_form.html",
                  {"form": form, "personal_form": personal_form, "household": household})


# ---- deliveries --------------------------------------------------------------------------


@capability_required(FOOD)
def delivery_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.delivery_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/delivery_list.html", {"page": page})


@capability_required(FOOD)
def delivery_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    names = selectors.item_names(user=user)
    initial = {}
    number = int_param(request.GET.get("number"))
    if number is not None:
        initial["number"] = number
    form = DeliveryForm(request.POST or None, initial=initial)
    formset = DeliveryItemFormSet(request.POST or None, prefix="items",
                                  form_kwargs={"names": names})
    repeat = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        household = selectors.household_by_number(user=user, number=form.cleaned_data["number"])
        if household is None:
            form.add_error("number", _("この受付番号の世帯はありません。"))
        else:
            items = [(f["name"], f["quantity"]) for f in formset.cleaned_data if f.get("name")]
            try:
                services.delivery_record(
                    actor=user, region=user.region, household=household,
                    given_on=form.cleaned_data["given_on"], items=items,
                    acknowledge_repeat=form.cleaned_data["acknowledge_repeat"],
                )
            except services.RepeatWarning as warning:
                repeat = True
                form.add_error(None, warning)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("物資支援を記録しました。"))
                return redirect("foodbank:delivery_list")
    return render(request, "foodbank/delivery_form.html",
                  {"form": form, "formset": formset, "repeat": repeat})


# ---- pantry ------------------------------------------------------------------------------


@capability_required(FOOD)
def pantry_list(request: HttpRequest) -> HttpResponse:
    form = PantryEventForm(request.POST or None, region=request.user.region)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.pantry_event_create(actor=request.user, region=request.user.region,
                                                 **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("パントリーの回を作りました。"))
            return redirect("foodbank:pantry_check_in", pk=event.pk)
    page = Paginator(selectors.pantry_event_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "foodbank/pantry_list.html", {"page": page, "form": form})


def _counts(event) -> dict:
    from django.db.models import Count, Sum

    totals = event.check_ins.aggregate(people=Sum("head_count"), households=Count("household"))
    return {"people": totals["people"] or 0, "households": totals["households"] or 0}


@capability_required(FOOD)
def pantry_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The tablet screen: type a number (Enter) or press "匿名 +1"."""
    event = selectors.pantry_event_get(user=request.user, pk=pk)
    form = CheckInForm(request.POST or None)
    repeat_number = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            household = None
            if data["number"]:
                household = selectors.household_by_number(user=request.user, number=data["number"])
            try:
                if data["number"] and household is None:
                    raise ValidationError(_("受付番号 %(number)s の世帯はありません。")
                                          % {"number": data["number"]})
                if household is None and not data["anonymous"]:
                    raise ValidationError(_("受付番号を入力するか「匿名 +1」を押してください。"))
                services.pantry_check_in(
                    actor=request.user, event=event, household=household,
                    anonymous_count=data["anonymous"] or 0,
                    acknowledge_repeat=data["acknowledge_repeat"],
                )
            except services.RepeatWarning as warning:
                repeat_number = household.number
                form.add_error(None, warning)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                if household is not None:
                    messages.success(request, _("受付番号 %(number)s を受け付けました（%(n)s人）。")
                                     % {"number": household.number, "n": household.size})
                else:
                    messages.success(request, _("匿名で %(n)s 人を受け付けました。")
                                     % {"n": data["anonymous"]})
                return redirect("foodbank:pantry_check_in", pk=event.pk)
        else:
            status = 400
    return _check_in_page(request, event, form, repeat_number=repeat_number, status=status)


def _check_in_page(request, event, form, *, food_form=None, repeat_number=None, status=200):
    recent = event.check_ins.select_related("household").order_by("-pk")[:10]
    if food_form is None:
        food_form = PickForm(names=selectors.item_names(user=request.user))
    return render(request, "foodbank/pantry_check_in.html", {
        "event": event, "form": form, "counts": _counts(event), "recent": recent,
        "repeat_number": repeat_number, "food_form": food_form,
        "food": event.movements.select_related("lot").order_by("pk"),
    }, status=status)


@capability_required(FOOD)
@require_POST
def pantry_food(request: HttpRequest, pk: int) -> HttpResponse:
    """Food handed out at the event, taken from stock first-expired-first-out."""
    event = selectors.pantry_event_get(user=request.user, pk=pk)
    food_form = PickForm(request.POST, names=selectors.item_names(user=request.user))
    if food_form.is_valid():
        try:
            services.stock_pick(
                actor=request.user, region=request.user.region,
                name=food_form.cleaned_data["name"], quantity=food_form.cleaned_data["quantity"],
                kind=MovementKind.GIVE_OUT, on=event.held_on, pantry_event=event,
            )
        except ValidationError as error:
            add_errors(food_form, error)
        else:
            messages.success(request, _("配布した食品を記録しました。"))
            return redirect("foodbank:pantry_check_in", pk=event.pk)
    return _check_in_page(request, event, CheckInForm(), food_form=food_form, status=400)


@capability_required(FOOD)
def pantry_count(request: HttpRequest, pk: int) -> JsonResponse:
    """The live count, polled by the check-in screens of the same event."""
    event = selectors.pantry_event_get(user=request.user, pk=pk)
    return JsonResponse(_counts(event))

