from django.urls import path

from tsunagu.privacy import views

app_name = "privacy"
urlpatterns = [
    path("persons/<int:pk>/disclosure/", views.disclosure, name="disclosure"),
    path("persons/<int:pk>/deletion/", views.deletion, name="deletion"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/disclosure.pdf", views.disclosure_pdf, name="disclosure_pdf"),
    path("requests/<int:pk>/disclosure.json", views.disclosure_json, name="disclosure_json"),
    path("retention/", views.retention_list, name="retention"),
]
