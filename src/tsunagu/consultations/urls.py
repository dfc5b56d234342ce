from django.urls import path

from tsunagu.consultations import import_views, views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/attachments/new/", views.attachment_new, name="attachment_new"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("quiet/", views.quiet_list, name="quiet"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<str:kind>/", import_views.import_upload, name="import_kind"),
]
