from django.urls import include, path

urlpatterns = [
    path("", include("tsunagu.core.urls")),
    path("accounts/", include("tsunagu.accounts.urls")),
    path("people/", include("tsunagu.people.urls")),
    path("consultations/", include("tsunagu.consultations.urls")),
    path("reports/", include("tsunagu.reports.urls")),
    path("needs/", include("tsunagu.needs.urls")),
    path("council/", include("tsunagu.council.urls")),
    path("safeguarding/", include("tsunagu.safeguarding.urls")),
    path("plans/", include("tsunagu.plans.urls")),
    path("directory/", include("tsunagu.directory.urls")),
    path("public/<slug:region_code>/directory/", include("tsunagu.directory.public_urls")),
    path("api/<slug:region_code>/hsds/", include("tsunagu.directory.api_urls")),
    path("public/<slug:region_code>/council/", include("tsunagu.council.public_urls")),
    path("network/", include("tsunagu.network.urls")),
    path("public/<slug:region_code>/events/", include("tsunagu.network.public_urls")),
    path("disaster/", include("tsunagu.disaster.urls")),
    path("foodbank/", include("tsunagu.foodbank.urls")),
    path("assessment/", include("tsunagu.assessment.urls")),
    path("public/<slug:region_code>/surveys/", include("tsunagu.assessment.public_urls")),
    path("privacy/", include("tsunagu.privacy.urls")),
]
