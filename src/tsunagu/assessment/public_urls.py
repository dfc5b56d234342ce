"""Public survey forms (no login). Mounted at ``public/<slug:region_code>/surveys/``."""

from django.urls import path

from tsunagu.assessment import public_views

app_name = "assessment_public"
urlpatterns = [
    path("<slug:token>/", public_views.survey, name="survey"),
    path("<slug:token>/thanks/", public_views.thanks, name="thanks"),
]
