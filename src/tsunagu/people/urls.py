from django.urls import path

from tsunagu.people import (
    consent_views,
    detail_views,
    edit_views,
    merge_views,
    review_views,
    views,
)

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", edit_views.person_new, name="new"),
    path("postal/<str:code>/", views.postal_lookup, name="postal"),
    path("duplicates/review/", review_views.duplicate_review_list, name="duplicate_review"),
    path(
        "duplicates/review/<int:pk>/close/",
        review_views.duplicate_review_close,
        name="duplicate_review_close",
    ),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", edit_views.person_edit, name="edit"),
    path("<int:pk>/certificates/add/", detail_views.certificate_add, name="certificate_add"),
    path(
        "<int:pk>/certificates/<int:item_pk>/remove/",
        detail_views.certificate_remove,
        name="certificate_remove",
    ),
    path("<int:pk>/caregivers/add/", detail_views.caregiver_add, name="caregiver_add"),
    path(
        "<int:pk>/caregivers/<int:item_pk>/remove/",
        detail_views.caregiver_remove,
        name="caregiver_remove",
    ),
    path("<int:pk>/consents/add/", consent_views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:item_pk>/withdraw/",
        consent_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/share/", consent_views.person_share, name="share"),
    path("<int:pk>/merge/", merge_views.person_merge, name="merge"),
]
