"""Public event pages and feeds (no login). Mounted at ``public/<slug:region_code>/events/``."""

from django.urls import path

from tsunagu.network import feeds, public_views

app_name = "network_public"
urlpatterns = [
    path("", public_views.event_list, name="event_list"),
    path("events.ics", feeds.public_events_ics, name="events_ics"),
    path("feed.atom", feeds.public_events_atom, name="events_atom"),
    path("<int:pk>/", public_views.event_detail, name="event_detail"),
    path("<int:pk>/registered/<slug:outcome>/", public_views.registered, name="registered"),
    path("cancel/<str:token>/", public_views.cancel, name="cancel"),
    path("feedback/<str:token>/", public_views.feedback, name="feedback"),
]
