from django.urls import path

from tsunagu.portal import views

app_name = "portal"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
