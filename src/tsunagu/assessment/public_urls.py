"""Public survey forms (no login). Mounted at ``public/<slug:region_code>/surveys/``."""

from django.urls import path  # noqa: F401

app_name = "assessment_public"
urlpatterns: list = []
