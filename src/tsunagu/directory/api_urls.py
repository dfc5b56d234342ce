"""The read-only HSDS API of a region (mounted at /api/<region_code>/hsds/)."""

from django.urls import path, re_path

from tsunagu.directory import api

app_name = "hsds_api"
urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi_document, name="openapi"),
    path("services", api.service_list, name="service_list"),
    path("services/<str:pk>", api.service_detail, name="service_detail"),
    path("organizations", api.organization_list, name="organization_list"),
    path("organizations/<str:pk>", api.organization_detail, name="organization_detail"),
    path("service_at_locations", api.service_at_location_list, name="service_at_location_list"),
    path(
        "service_at_locations/<str:pk>",
        api.service_at_location_detail,
        name="service_at_location_detail",
    ),
    path("taxonomies", api.taxonomy_list, name="taxonomy_list"),
    path("taxonomies/<str:pk>", api.taxonomy_detail, name="taxonomy_detail"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy_term_list"),
    path("taxonomy_terms/<str:pk>", api.taxonomy_term_detail, name="taxonomy_term_detail"),
    re_path(r"^(?P<rest>.*)$", api.not_found),  # unnamed: a JSON 404 for anything else
]
