"""Members' pages: the feed, posts and comments, events (with registrants for the
organizer), figures. All behind Capability.NETWORK, scoped to the user's region."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.core.access import capability_required
from tsunagu.core.files import stored_file_response
from tsunagu.core.models import Municipality
from tsunagu.core.params import int_param
from tsunagu.core.roles import Capability
from tsunagu.network import selectors, services
from tsunagu.network.forms import CommentForm, EventPostForm, PostForm, UrgentConfirmForm
from tsunagu.network.selectors import registration_open, seats_free

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int_param(value, high=2**31 - 1)


@capability_required(Capability.NETWORK)
def home(request: HttpRequest) -> HttpResponse:
    municipality_id = _int(request.GET.get("m"))
    posts = selectors.post_list(user=request.user, municipality_id=municipality_id)
    urgent_only = request.GET.get("urgent") == "1"
    if urgent_only:
        posts = posts.filter(is_urgent=True)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/home.html",
        {
            "page": page,
            "municipalities": Municipality.objects.filter(region=request.user.region_id).order_by(
                "code"
            ),
            "municipality_id": municipality_id,
            "query": "&".join(
                part for part in (
                    f"m={municipality_id}" if municipality_id else "",
                    "urgent=1" if urgent_only else "",
                ) if part
            ),
            "urgent_only": urgent_only,
            "upcoming": selectors.event_list(user=request.user)[:5],
        },
    )


def _post_form_view(request: HttpRequest, form_class: type, template: str) -> HttpResponse:
    region = request.user.region
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, region=region)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.post_create(
                    actor=request.user,
                    title=data["title"],
                    body=data["body"],
                    link=data["link"],
                    municipalities=list(data["municipalities"]),
                    is_urgent=data["is_urgent"],
                    uploads=data["attachments"],
                    event=form.event_fields() if isinstance(form, EventPostForm) else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("投稿しました。"))
                return redirect("network:post_detail", post.pk)
    else:
        form = form_class(region=region)
    return render(request, template, {"form": form})


@capability_required(Capability.NETWORK)
def post_new(request: HttpRequest) -> HttpResponse:
    return _post_form_view(request, PostForm, "network/post_form.html")


@capability_required(Capability.NETWORK)
def event_new(request: HttpRequest) -> HttpResponse:
    return _post_form_view(request, EventPostForm, "network/event_form.html")


@capability_required(Capability.NETWORK)
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    form = CommentForm()
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            services.comment_add(actor=request.user, post=post, body=form.cleaned_data["body"])
            messages.success(request, _("コメントしました。"))
            return redirect("network:post_detail", post.pk)
    event = getattr(post, "event", None)
    return render(
        request,
        "network/post_detail.html",
        {
            "post": post,
            "event": event,
            "form": form,
            "can_mark_urgent": selectors.can_mark_urgent(user=request.user, post=post),
        },
    )


@capability_required(Capability.NETWORK)
def post_urgent(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a post urgent: every member gets a mail, so a page first says how many and asks
    for a ticked confirmation; a POST without it sends nothing."""
    post = selectors.post_get(user=request.user, pk=pk)
    if not selectors.can_mark_urgent(user=request.user, post=post):
        raise PermissionDenied(_("緊急にできるのは投稿者とセンターだけです。"))
    if post.is_urgent:
        messages.info(request, _("この投稿はすでに緊急です。"))
        return redirect("network:post_detail", post.pk)
    recipients = len(selectors.network_recipients(post.region))
    data = request.POST if request.method == "POST" else None  # an empty POST is still one
    form = UrgentConfirmForm(data, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        services.post_mark_urgent(actor=request.user, post=post)
        messages.success(request, _("緊急にして、全員へメールしました。"))
        return redirect("network:post_detail", post.pk)
    return render(
        request,
        "network/post_urgent.html",
        {"post": post, "form": form, "recipients": recipients},
    )


@capability_required(Capability.NETWORK)
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.attachment_get(user=request.user, pk=pk)
    return stored_file_response(
        request, item.file, record=item, as_attachment=not item.is_image,
        filename=item.original_name, content_type=item.content_type,
    )


@capability_required(Capability.NETWORK)
def event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("past") == "1"
    events = selectors.event_list(user=request.user, upcoming=not past)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/event_list.html",
        {"page": page, "past": past, "query": "past=1" if past else ""},
    )


@capability_required(Capability.NETWORK)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from tsunagu.network.models import AttendanceMode

    event = selectors.event_get(user=request.user, pk=pk)
    counts = selectors.registration_counts(event)
    modes = [
        {
            "label": mode.label,
            "capacity": event.capacity(mode.value),
            "free": seats_free(event, mode.value),
            "counts": counts.get(mode.value, {}),
        }
        for mode in AttendanceMode
        if event.offers(mode.value)
    ]
    return render(
        request,
        "network/event_detail.html",
        {
            "event": event,
            "modes": modes,
            "open": registration_open(event),
            "can_see_registrants": selectors.can_see_registrants(user=request.user, event=event),
            "has_registrations": bool(counts),
        },
    )
