"""Need pages: record a need (with live suggestions), the worker's list, and the
de-identified candidate groups the council secretariat turns into community issues."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tsunagu.consultations.selectors import consultation_get
from tsunagu.core.access import capability_required, scope_personal, user_can
from tsunagu.core.audit import audit_list_view, audit_record
from tsunagu.core.models import AuditAction, ListItem
from tsunagu.core.params import id_param, id_params
from tsunagu.core.roles import Capability
from tsunagu.core.suppression import protect
from tsunagu.needs import selectors, services
from tsunagu.needs.evidence import evidence_for
from tsunagu.needs.forms import MetForm, NeedForm
from tsunagu.needs.issues import issues_by_pk
from tsunagu.needs.models import Need
from tsunagu.people.models import Person
from tsunagu.plans.selectors import plan_get

PERSONAL = (Capability.PERSONAL_ALL, Capability.PERSONAL_ASSIGNED)


def _person(request: HttpRequest, pk) -> Person | None:
    try:
        return scope_personal(Person.objects.all(), request.user).get(pk=int(pk))
    except (Person.DoesNotExist, ValueError, TypeError):
        return None


@capability_required(*PERSONAL)
def need_list(request: HttpRequest) -> HttpResponse:
    needs = selectors.need_list(user=request.user)
    issue = None
    issue_id = id_param(request.GET.get("issue"))
    if issue_id is not None:
        issue = issues_by_pk(request.user.region, [issue_id]).get(issue_id)
        needs = needs.filter(issue_links__issue=issue) if issue else needs.none()
    person = _person(request, request.GET.get("person")) if request.GET.get("person") else None
    if person is not None:
        needs = needs.filter(person=person)
    if request.GET.get("mine"):
        needs = needs.filter(Q(recorded_by=request.user) | Q(person__assigned_staff=request.user))
    if request.GET.get("open"):
        needs = needs.filter(met_at__isnull=True)
    page = Paginator(needs.distinct(), 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_list_view(request, target_type=Need, ids=(n.pk for n in page.object_list))
    return render(
        request,
        "needs/need_list.html",
        {"page": page, "issue": issue, "person": person, "met_form": MetForm()},
    )


@capability_required(*PERSONAL)
def need_new(request: HttpRequest) -> HttpResponse:
    region = request.user.region
    consultation = plan = None
    consultation_id = id_param(request.GET.get("consultation"))
    plan_id = id_param(request.GET.get("plan"))
    if consultation_id is not None:
        consultation = consultation_get(user=request.user, pk=consultation_id)
    if plan_id is not None:
        plan = plan_get(user=request.user, pk=plan_id, audit=False)
    if consultation is not None:
        person = consultation.person
    elif plan is not None:
        person = plan.person
    else:
        person = _person(request, request.GET.get("person"))
    form = NeedForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.need_record(
                actor=request.user,
                region=region,
                person=person,
                consultation=consultation,
                support_plan=plan,
                text=data["text"],
                category=data["category"],
                municipality=data["municipality"],
                resource_gap=data["resource_gap"],
                noted_on=data["noted_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("ニーズを記録しました。"))
            if consultation is not None:
                return redirect("consultations:detail", pk=consultation.pk)
            if plan is not None:
                return redirect("plans:detail", pk=plan.pk)
            if person is not None:
                return redirect(reverse("needs:list") + f"?person={person.pk}")
            return redirect("needs:list")
    return render(
        request,
        "needs/need_form.html",
        {"form": form, "person": person, "consultation": consultation, "plan": plan},
    )


@capability_required(*PERSONAL)
@require_GET
def need_suggest(request: HttpRequest) -> JsonResponse:
    """Suggestions while the worker types: categories, and how many other persons in how many
    municipalities have a similar need. Counts only, suppressed below the threshold."""
    person = _person(request, request.GET.get("person")) if request.GET.get("person") else None
    suggestion = selectors.need_suggest(
        request.user.region,
        request.GET.get("text", ""),
        exclude_person_id=person.pk if person else None,
    )
    small = protect(  # a count on its own: primary suppression (tsunagu.core.suppression)
        {"persons": suggestion.similar_persons}, threshold=settings.COUNCIL_MIN_PERSONS - 1
    )
    shown = suggestion.similar_persons > 0 and not small
    if shown:
        similar = _("同様のニーズ: %(persons)d人・%(munis)d市町村") % {
            "persons": suggestion.similar_persons,
            "munis": suggestion.similar_municipalities,
        }
    elif suggestion.similar_persons:
        similar = _("同様のニーズ: %(k)d人未満") % {"k": settings.COUNCIL_MIN_PERSONS}
    else:
        similar = ""
    nearest = _nearest_text(request.user.region, suggestion.nearest)
    return JsonResponse(
        {
            "categories": suggestion.categories,
            "similar_persons": suggestion.similar_persons if shown else None,
            "similar_municipalities": suggestion.similar_municipalities if shown else None,
            "similar": similar,
            "nearest": nearest,
        }
    )


def _nearest_text(region, nearest) -> str:
    """The community issue or candidate this need is most like, named by counts (an issue by
    its title, which the council made public; a candidate only by its number of persons)."""
    if nearest is None:
        return ""
    kind, issue_id, persons = nearest
    if kind == "issue":
        issue = issues_by_pk(region, [issue_id]).get(issue_id)
        if issue is not None:
            return _("近い地域課題:「%(title)s」（%(persons)d人）") % {
                "title": issue.title,
                "persons": persons,
            }
        return ""
    return _("近い地域課題の候補があります（%(persons)d人）") % {"persons": persons}


@capability_required(*PERSONAL)
@require_POST
def need_met(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get(user=request.user, pk=pk)
    form = MetForm(request.POST)
    if form.is_valid():
        if request.POST.get("reopen"):
            services.need_reopen(actor=request.user, need=need)
            messages.success(request, _("未充足に戻しました。"))
        else:
            services.need_mark_met(actor=request.user, need=need, note=form.cleaned_data["note"])
            messages.success(request, _("ニーズが満たされたことを記録しました。"))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/needs/"):
        return redirect(next_url)
    return redirect("needs:list")


def _group_rows(region, groups) -> list[dict]:
    categories = {c.pk: c for c in ListItem.objects.filter(region=region)}
    issues = issues_by_pk(region, {pk for g in groups for pk in g.issue_ids})
    rows = []
    for group in groups:
        rows.append(
            {
                "group": group,
                "observations": group.beside_figures("observations"),
                "category": categories.get(group.category_id),
                "evidence": evidence_for(Need.objects.filter(pk__in=group.need_ids)),
                "issues": [issues[pk] for pk in group.issue_ids if pk in issues],
                "token": signing.dumps(
                    {"r": region.pk, "ids": group.need_ids}, salt=selectors.GROUP_SALT, compress=True
                ),
                "unlinked": len(group.unlinked_ids),
            }
        )
    return rows


@capability_required(Capability.DEIDENTIFIED)
def candidate_list(request: HttpRequest) -> HttpResponse:
    """候補となる地域課題: recurring needs of at least k persons, as counts and keywords."""
    region = request.user.region
    candidates = selectors.candidate_groups(region)
    evidence = selectors.new_evidence_groups(region)
    can_raise = user_can(request.user, Capability.COUNCIL)
    return render(
        request,
        "needs/candidate_list.html",
        {
            "question": _question(request, region) if can_raise else None,
            "candidates": _group_rows(region, candidates),
            "evidence_groups": _group_rows(region, evidence),
            "can_raise": can_raise,
            "categories": selectors.need_categories(region),
            "min_persons": settings.COUNCIL_MIN_PERSONS,
        },
    )


QUESTION_SALT = "tsunagu.needs.question"


def _question(request: HttpRequest, region) -> dict | None:
    """The next "same need?" question, with both statements redacted; showing it is audited
    (a view of the two needs, ids only)."""
    from tsunagu.needs.analysis import redact

    pair = selectors.need_question(region)
    if pair is None:
        return None
    first, second = pair
    for need in pair:
        audit_record(
            actor=request.user, action=AuditAction.VIEW, target=need, summary="same-need question"
        )
    return {
        "first": redact(first.text),
        "second": redact(second.text),
        "token": signing.dumps({"r": region.pk, "a": first.pk, "b": second.pk}, salt=QUESTION_SALT),
    }


@capability_required(Capability.COUNCIL)
@require_POST
def question_answer(request: HttpRequest) -> HttpResponse:
    """The secretariat's yes/no: kept for good, every later grouping follows it."""
    region = request.user.region
    try:
        data = signing.loads(request.POST.get("token", ""), salt=QUESTION_SALT, max_age=86400)
    except signing.BadSignature:
        data = {}
    answer = request.POST.get("same")
    needs = Need.objects.in_bulk([data.get("a"), data.get("b")]) if data else {}
    if data.get("r") != region.pk or len(needs) != 2 or answer not in ("yes", "no"):
        messages.error(request, _("問いが古くなっています。もう一度お答えください。"))
        return redirect("needs:candidates")
    try:
        services.need_pair_answer(
            actor=request.user,
            region=region,
            first=needs[data["a"]],
            second=needs[data["b"]],
            same=answer == "yes",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("needs:candidates")
    messages.success(request, _("回答を記録しました。まとまりに反映しました。"))
    return redirect("needs:candidates")


@capability_required(Capability.COUNCIL)
@require_POST
def candidate_action(request: HttpRequest) -> HttpResponse:
    """Merge two candidate groups, or set a group aside as 'not a community issue'."""
    region = request.user.region
    group = selectors.group_needs_from_token(request.user, request.POST.get("group", ""))
    action = request.POST.get("action")
    if not group:
        messages.error(request, _("候補が古くなっています。もう一度お試しください。"))
        return redirect("needs:candidates")
    if action == "dismiss":
        services.need_dismiss(actor=request.user, region=region, needs=group)
        messages.success(request, _("地域課題ではないものとして、候補から外しました。"))
    elif action == "merge":
        other = selectors.group_needs_from_token(request.user, request.POST.get("other", ""))
        if not other or {n.pk for n in other} == {n.pk for n in group}:
            messages.error(request, _("まとめる先の候補を選んでください。"))
            return redirect("needs:candidates")
        services.need_groups_merge(actor=request.user, region=region, first=group, second=other)
        messages.success(request, _("二つの候補を一つにまとめました。"))
    else:
        messages.error(request, _("操作を選んでください。"))
    return redirect("needs:candidates")


def _regroup_url(token: str) -> str:
    return f"{reverse('needs:candidate_regroup')}?{urlencode({'group': token})}"


@capability_required(Capability.COUNCIL)
def candidate_regroup(request: HttpRequest) -> HttpResponse:
    """Split a candidate group, or move some of its needs to another candidate: the group's
    statements are shown redacted (each showing audited, ids only), the secretariat ticks the
    needs that do not belong, and the choice is kept as answers (must/cannot-link) that every
    later grouping follows."""
    from tsunagu.needs.analysis import redact

    region = request.user.region
    token = request.POST.get("group") or request.GET.get("group", "")
    group = selectors.group_needs_from_token(request.user, token)
    if not group:
        messages.error(request, _("候補が古くなっています。もう一度お試しください。"))
        return redirect("needs:candidates")
    group.sort(key=lambda n: n.pk)
    ids = {n.pk for n in group}
    others = [
        {
            "token": signing.dumps(
                {"r": region.pk, "ids": g.need_ids}, salt=selectors.GROUP_SALT, compress=True
            ),
            "keywords": g.keywords,
            "persons": g.person_count,
        }
        for g in selectors.candidate_groups(region)
        if set(g.need_ids) != ids
    ]
    if request.method == "POST":
        chosen = set(id_params(request.POST.getlist("need"))) & set(ids)
        moved = [n for n in group if n.pk in chosen]
        rest = [n for n in group if n.pk not in chosen]
        into = None
        if request.POST.get("action") == "move":
            into = selectors.group_needs_from_token(request.user, request.POST.get("other", ""))
            if not into:
                messages.error(request, _("移す先の候補を選んでください。"))
                return redirect(_regroup_url(token))
        elif request.POST.get("action") != "split":
            messages.error(request, _("操作を選んでください。"))
            return redirect(_regroup_url(token))
        if not rest and into is None:
            messages.error(request, _("全部を選ぶと分けられません。一部を選んでください。"))
            return redirect(_regroup_url(token))
        try:
            services.need_group_split(
                actor=request.user, region=region, moved=moved, rest=rest, into=into
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_regroup_url(token))
        if into is None:
            messages.success(request, _("選んだニーズを別のまとまりに分けました。"))
        else:
            messages.success(request, _("選んだニーズを別の候補に移しました。"))
        return redirect("needs:candidates")
    for need in group:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=need, summary="regroup")
    return render(
        request,
        "needs/candidate_regroup.html",
        {
            "token": token,
            "statements": [(n.pk, redact(n.text)) for n in group],
            "others": others,
        },
    )
