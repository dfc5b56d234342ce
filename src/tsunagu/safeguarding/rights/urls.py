"""URLs of guardianship and 日常生活自立支援事業 (included by tsunagu.safeguarding.urls)."""

from django.urls import path

from tsunagu.safeguarding.rights import views as rights_views

urlpatterns: list = [
    path("guardianship/", rights_views.guardianship_list, name="guardianship_list"),
    path("guardianship/new/", rights_views.guardianship_new, name="guardianship_new"),
    path("guardianship/<int:pk>/", rights_views.guardianship_detail, name="guardianship_detail"),
    path("daily-life/", rights_views.daily_life_list, name="daily_life_list"),
    path("daily-life/new/", rights_views.daily_life_new, name="daily_life_new"),
    path("daily-life/<int:pk>/", rights_views.daily_life_detail, name="daily_life_detail"),
]
