"""地域移行・地域定着. Personal data."""

from django.urls import path

from tsunagu.transition import views

app_name = "transition"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("person/<int:person_pk>/", views.person_records, name="person"),
    path("person/<int:person_pk>/stays/new/", views.stay_new, name="stay_new"),
    path("person/<int:person_pk>/settlement/new/", views.settlement_new, name="settlement_new"),
    path("stays/<int:pk>/", views.stay_detail, name="stay_detail"),
    path("stays/<int:pk>/steps/new/", views.step_new, name="step_new"),
    path("settlement/<int:pk>/", views.settlement_detail, name="settlement_detail"),
    path("settlement/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("settlement/<int:pk>/responses/new/", views.response_new, name="response_new"),
]
