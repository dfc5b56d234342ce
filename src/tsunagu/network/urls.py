from django.urls import path

from tsunagu.network import event_views, feeds, invitation_views, views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/urgent/", views.post_urgent, name="post_urgent"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", event_views.event_edit, name="event_edit"),
    path("events/<int:pk>/registrations/", event_views.registrations_page, name="registrations"),
    path(
        "events/<int:pk>/registrations/<int:registration_pk>/attendance/",
        event_views.attendance,
        name="attendance",
    ),
    path("events/<int:pk>/headcount/", event_views.headcount, name="headcount"),
    path("events/<int:pk>/checkin/", event_views.checkin, name="checkin"),
    path("events/<int:pk>/checkin.pdf", event_views.checkin_pdf, name="checkin_pdf"),
    path(
        "events/<int:pk>/feedback/request/",
        event_views.feedback_request,
        name="feedback_request",
    ),
    path("events/<int:pk>/feedback/", event_views.feedback_summary, name="feedback_summary"),
    path("figures/", event_views.figures, name="figures"),
    path("figures.csv", event_views.figures_csv, name="figures_csv"),
    path("figures.xlsx", event_views.figures_xlsx, name="figures_xlsx"),
    path("feeds/", invitation_views.feed_settings, name="feed_settings"),
    path("invitations/", invitation_views.invitation_list, name="invitation_list"),
    path(
        "invitations/<int:pk>/approve/",
        invitation_views.invitation_approve,
        name="invitation_approve",
    ),
    path(
        "invitations/<int:pk>/revoke/", invitation_views.invitation_revoke, name="invitation_revoke"
    ),
    path("join/<str:token>/", invitation_views.join, name="join"),
    path("feeds/<str:token>/events.ics", feeds.member_events_ics, name="feed_events_ics"),
    path("feeds/<str:token>/posts.atom", feeds.member_posts_atom, name="feed_posts_atom"),
]
