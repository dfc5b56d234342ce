"""Public directory pages (no login): search, detail, map, print.

Mounted at ``public/<slug:region_code>/directory/``; every view takes ``region_code``."""

from django.urls import path

from tsunagu.directory import public_views

app_name = "directory_public"
urlpatterns = [
    path("", public_views.search, name="search"),
    path("<uuid:pk>/", public_views.detail, name="detail"),
    path("map/", public_views.ibasho_map, name="map"),
    path("print/", public_views.print_list, name="print"),
]
