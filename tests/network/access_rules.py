"""Access rules for the network pages (see tests/test_access_matrix.py)."""

from tests.access import post
from tests.access import row as _row

ALL = _row(302, 200, 200, 200, 200, 200, 200, 200)
REGION = _row(302, 200, 200, 200, 200, 200, 200, 404)
# registrants: the organizing organization (the provider) and center staff/admin only
ORGANIZER = _row(302, 200, 200, 200, 404, 404, 404, 404)
POST_ONLY = _row(405, 405, 405, 405, 405, 405, 405, 405)
ADMIN_ONLY = _row(302, 200, 403, 403, 403, 403, 403, 403)
PUBLIC = _row(200, 200, 200, 200, 200, 200, 200, 200)


def _public(o, rest: str) -> str:
    return f"/public/{o['network_event'].region.code}/events/{rest}"


RULES = {
    "network:home": (lambda o: "/network/", ALL),
    "network:post_new": (lambda o: "/network/posts/new/", ALL),
    "network:event_new": (lambda o: "/network/events/new/", ALL),
    "network:event_list": (lambda o: "/network/events/", ALL),
    "network:figures": (lambda o: "/network/figures/", ALL),
    "network:figures_csv": (lambda o: "/network/figures.csv", ALL),
    "network:figures_xlsx": (lambda o: "/network/figures.xlsx", ALL),
    "network:feed_settings": (lambda o: "/network/feeds/", ALL),
    "network:post_detail": (lambda o: f"/network/posts/{o['network_post'].pk}/", REGION),
    # mails every member: the author (provider staff) and the center only, after a confirmation
    "network:post_urgent": (
        lambda o: f"/network/posts/{o['network_post'].pk}/urgent/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "network:attachment": (
        lambda o: f"/network/attachments/{o['network_attachment'].pk}/",
        REGION,
    ),
    "network:event_detail": (lambda o: f"/network/events/{o['network_event'].pk}/", REGION),
    "network:feedback_summary": (
        lambda o: f"/network/events/{o['network_event'].pk}/feedback/",
        REGION,
    ),
    "network:registrations": (
        lambda o: f"/network/events/{o['network_registration'].event_id}/registrations/",
        ORGANIZER,
    ),
    "network:event_edit": (
        lambda o: f"/network/events/{o['network_registration'].event_id}/edit/",
        ORGANIZER,
    ),
    "network:checkin": (
        lambda o: f"/network/events/{o['network_registration'].event_id}/checkin/",
        ORGANIZER,
    ),
    "network:checkin_pdf": (
        lambda o: f"/network/events/{o['network_registration'].event_id}/checkin.pdf",
        ORGANIZER,
    ),
    "network:attendance": (
        lambda o: (
            f"/network/events/{o['network_registration'].event_id}/registrations/"
            f"{o['network_registration'].pk}/attendance/"
        ),
        POST_ONLY,
    ),
    "network:headcount": (
        lambda o: f"/network/events/{o['network_event'].pk}/headcount/",
        POST_ONLY,
    ),
    "network:feedback_request": (
        lambda o: f"/network/events/{o['network_event'].pk}/feedback/request/",
        POST_ONLY,
    ),
    "network:invitation_list": (lambda o: "/network/invitations/", ADMIN_ONLY),
    "network:invitation_approve": (
        lambda o: f"/network/invitations/{o['network_invitation'].pk}/approve/",
        POST_ONLY,
    ),
    "network:invitation_revoke": (
        lambda o: f"/network/invitations/{o['network_invitation'].pk}/revoke/",
        POST_ONLY,
    ),
    "network:join": (lambda o: f"/network/join/{o['network_invitation_token']}/", PUBLIC),
    "network:feed_events_ics": (
        lambda o: f"/network/feeds/{o['network_feed_token']}/events.ics",
        PUBLIC,
    ),
    "network:feed_posts_atom": (
        lambda o: f"/network/feeds/{o['network_feed_token']}/posts.atom",
        PUBLIC,
    ),
    # the public list shows the fixture's public event (and needs the region to exist)
    "network_public:event_list": (lambda o: _public(o, ""), PUBLIC),
    "network_public:event_list(unknown region)": (
        lambda o: "/public/nowhere/events/",
        _row(404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "network_public:events_ics": (lambda o: _public(o, "events.ics"), PUBLIC),
    "network_public:events_atom": (lambda o: _public(o, "feed.atom"), PUBLIC),
    "network_public:event_detail(not public)": (
        lambda o: f"/public/sanbu/events/{o['network_private_event'].pk}/",
        _row(404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "network:event_detail(other region)": (
        lambda o: f"/network/events/{o['network_event'].pk}/",
        _row(302, 200, 200, 200, 200, 200, 200, 404),
    ),
    "network_public:event_detail": (
        lambda o: f"/public/sanbu/events/{o['network_event'].pk}/",
        PUBLIC,
    ),
    "network_public:registered": (
        lambda o: f"/public/sanbu/events/{o['network_event'].pk}/registered/confirmed/",
        PUBLIC,
    ),
    "network_public:cancel": (
        lambda o: f"/public/sanbu/events/cancel/{o['network_cancel_token']}/",
        PUBLIC,
    ),
    "network_public:feedback": (
        lambda o: f"/public/sanbu/events/feedback/{o['network_feedback_token']}/",
        PUBLIC,
    ),
}

# POST-only (require_POST runs first, so a GET shows 405 to everyone).
_ORGANIZER_POST = post(POST_ONLY, anonymous=302, secretariat=404, municipal_staff=404,
                       member=404, outsider=404)  # fmt: skip
POST = {
    "network:attendance": _ORGANIZER_POST,
    "network:headcount": _ORGANIZER_POST,
    "network:feedback_request": _ORGANIZER_POST,
    # Invitations are approved and revoked by the region's 管理者 only.
    "network:invitation_approve": post(
        POST_ONLY, anonymous=302, center_staff=403, provider_staff=403, secretariat=403,
        municipal_staff=403, member=403, outsider=403,
    ),
    "network:invitation_revoke": post(
        POST_ONLY, anonymous=302, center_staff=403, provider_staff=403, secretariat=403,
        municipal_staff=403, member=403, outsider=403,
    ),
}
