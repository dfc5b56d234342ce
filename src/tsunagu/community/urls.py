from django.urls import path

from tsunagu.community import views

app_name = "community"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_new, name="activity_new"),
    path("year/", views.activity_year, name="activity_year"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("providers/", views.provider_support_list, name="provider_support_list"),
    path("providers/new/", views.provider_support_new, name="provider_support_new"),
    path("meetings/", views.case_meeting_list, name="case_meeting_list"),
    path("meetings/new/<int:person_pk>/", views.case_meeting_new, name="case_meeting_new"),
    path("meetings/<int:pk>/", views.case_meeting_detail, name="case_meeting_detail"),
    path("voices/", views.observation_list, name="observation_list"),
    path("voices/new/", views.observation_new, name="observation_new"),
    path("conferences/", views.case_conference_list, name="case_conference_list"),
    path("conferences/new/", views.case_conference_new, name="case_conference_new"),
    path("conferences/<int:pk>/", views.case_conference_detail, name="case_conference_detail"),
    path(
        "conferences/<int:pk>/edit/", views.case_conference_edit, name="case_conference_edit"
    ),
]
