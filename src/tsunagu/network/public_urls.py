"""Public event pages and feeds (no login). Mounted at ``public/<slug:region_code>/events/``."""

from django.urls import path  # noqa: F401

app_name = "network_public"
urlpatterns: list = []
