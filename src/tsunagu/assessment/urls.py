from django.urls import path

from tsunagu.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
]
