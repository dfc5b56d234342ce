from django.urls import path

from tsunagu.sheets import views

app_name = "sheets"

urlpatterns = [
    path("person/<int:pk>/face.pdf", views.face_sheet, name="face_sheet"),
    path("person/<int:pk>/referral/", views.referral_letter, name="referral_letter"),
    path("consultation/<int:pk>.pdf", views.consultation_sheet, name="consultation_sheet"),
]
