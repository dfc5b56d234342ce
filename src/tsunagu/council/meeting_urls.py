"""URLs of council bodies, meetings and proposals (included by tsunagu.council.urls)."""

from django.urls import path

from tsunagu.council import body_views, meeting_views, proposal_views

urlpatterns = [
    path("bodies/", body_views.body_list, name="body_list"),
    path("bodies/new/", body_views.body_new, name="body_new"),
    path("bodies/<int:pk>/", body_views.body_detail, name="body"),
    path("bodies/<int:pk>/edit/", body_views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/members/new/", body_views.member_new, name="member_new"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", meeting_views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:pk>/minutes/request-review/",
        meeting_views.meeting_request_review,
        name="meeting_request_review",
    ),
    path("meetings/<int:pk>/minutes/review/", meeting_views.meeting_review, name="meeting_review"),
    path(
        "meetings/<int:pk>/minutes/publish/", meeting_views.meeting_publish, name="meeting_publish"
    ),
    path("meetings/<int:pk>/decisions/", meeting_views.meeting_decision, name="meeting_decision"),
    path("meetings/<int:pk>/actions/", meeting_views.meeting_action, name="meeting_action"),
    path(
        "meetings/<int:pk>/issues/<int:issue_pk>/advance/",
        meeting_views.meeting_advance,
        name="meeting_advance",
    ),
    path("actions/<int:pk>/done/", meeting_views.action_done, name="action_done"),
    path("proposals/", proposal_views.proposal_list, name="proposal_list"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/proposal.pdf", proposal_views.proposal_pdf, name="proposal_pdf"),
    path("proposals/<int:pk>/proposal.docx", proposal_views.proposal_docx, name="proposal_docx"),
]
