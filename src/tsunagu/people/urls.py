from django.urls import path

from tsunagu.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
]
