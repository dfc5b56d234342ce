from django.urls import path

from tsunagu.disaster import views

app_name = "disaster"
urlpatterns = [
    path("", views.home, name="home"),
]
