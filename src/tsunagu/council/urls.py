from django.urls import path

from tsunagu.council import foresight_views, issue_views, meeting_urls

app_name = "council"

urlpatterns = [
    path("issues/", issue_views.issue_list, name="issue_list"),
    path("issues/new/", issue_views.issue_new, name="issue_new"),
    path("issues/raise/", issue_views.issue_raise, name="issue_raise"),
    path("issues/<int:pk>/", issue_views.issue_detail, name="issue"),
    path("issues/<int:pk>/edit/", issue_views.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/link/", issue_views.issue_link, name="issue_link"),
    path("issues/<int:pk>/advance/", issue_views.issue_advance, name="issue_advance"),
    path("issues/<int:pk>/resources/", issue_views.resource_new, name="resource_new"),
    path("foresight/", foresight_views.foresight, name="foresight"),
    path("foresight.csv", foresight_views.foresight_csv, name="foresight_csv"),
    *meeting_urls.urlpatterns,
]
