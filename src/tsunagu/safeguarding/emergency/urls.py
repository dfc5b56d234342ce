"""URLs of emergency readiness (地域生活支援拠点; included by tsunagu.safeguarding.urls)."""

from django.urls import path

from tsunagu.safeguarding.emergency import views as emergency_views

urlpatterns: list = [
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
