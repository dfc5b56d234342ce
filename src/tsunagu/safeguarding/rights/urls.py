"""URLs of guardianship, 日常生活自立支援事業 and emergency readiness (included by tsunagu.safeguarding.urls)."""

from django.urls import path

from tsunagu.safeguarding.emergency import views as emergency_views
from tsunagu.safeguarding.rights import views as rights_views

urlpatterns: list = [
    path("guardianship/", rights_views.guardianship_list, name="guardianship_list"),
    path("guardianship/new/", rights_views.guardianship_new, name="guardianship_new"),
    path("guardianship/<int:pk>/", rights_views.guardianship_detail, name="guardianship_detail"),
    path("daily-life/", rights_views.daily_life_list, name="daily_life_list"),
    path("daily-life/new/", rights_views.daily_life_new, name="daily_life_new"),
    path("daily-life/<int:pk>/", rights_views.daily_life_detail, name="daily_life_detail"),
    path("emergency/", emergency_views.emergency_list, name="emergency_list"),
    path(
        "emergency/register/",
        emergency_views.emergency_register_pick,
        name="emergency_register_pick",
    ),
    path(
        "emergency/register/<int:person_pk>/",
        emergency_views.emergency_register,
        name="emergency_register",
    ),
    path("emergency/<int:pk>/", emergency_views.emergency_detail, name="emergency_detail"),
    path("emergency/<int:pk>/sheet/", emergency_views.emergency_sheet, name="emergency_sheet"),
    path(
        "emergency/<int:pk>/remove/", emergency_views.emergency_remove, name="emergency_remove"
    ),
    path("emergency/events/", emergency_views.emergency_event_list, name="emergency_event_list"),
    path(
        "emergency/events/new/", emergency_views.emergency_event_new, name="emergency_event_new"
    ),
    path(
        "emergency/events/<int:pk>/",
        emergency_views.emergency_event_detail,
        name="emergency_event_detail",
    ),
    path("emergency/figures/", emergency_views.emergency_figures, name="emergency_figures"),
    path(
        "emergency/figures.csv",
        emergency_views.emergency_figures_csv,
        name="emergency_figures_csv",
    ),
]
