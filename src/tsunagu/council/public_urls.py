"""Public pages (no login): published community issues and proposals of a region.

Mounted at ``public/<slug:region_code>/council/``; every view takes ``region_code``."""

from django.urls import path

from tsunagu.council import public_views

app_name = "council_public"
urlpatterns = [
    path("", public_views.issue_list, name="issue_list"),
    path("issues/<int:pk>/", public_views.issue_detail, name="issue_detail"),
    path("proposals/", public_views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>.pdf", public_views.proposal_pdf, name="proposal_pdf"),
    path("proposals/<int:pk>.docx", public_views.proposal_docx, name="proposal_docx"),
]
