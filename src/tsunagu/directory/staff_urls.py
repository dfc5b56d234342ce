"""Staff and member pages: editing with history, review, approval, referral."""

from django.urls import path

from tsunagu.directory import import_views
from tsunagu.directory import staff_views as views

urlpatterns: list = [
    path("", views.service_list, name="staff_list"),
    path("review/", views.review_list, name="review_list"),
    path("services/new/", views.service_new, name="service_new"),
    path("services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("services/<uuid:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<uuid:pk>/assure/", views.service_assure, name="service_assure"),
    path("services/<uuid:pk>/refer/", views.service_refer, name="service_refer"),
    path("services/<uuid:pk>/propose/", views.service_propose, name="service_propose"),
    path(
        "organizations/<uuid:pk>/propose/",
        views.organization_propose,
        name="organization_propose",
    ),
    path("mine/", views.mine, name="mine"),
    path("requests/", views.change_request_list, name="change_request_list"),
    path("requests/<int:pk>/", views.change_request_detail, name="change_request_detail"),
    path("postal/<str:code>/", views.postal_lookup, name="postal"),
    path("import/", import_views.open_data_import, name="open_data_import"),
]
