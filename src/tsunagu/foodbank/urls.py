from django.urls import path

from tsunagu.foodbank import views

app_name = "foodbank"
urlpatterns = [
    path("", views.home, name="home"),
]
