from django.urls import path

from tsunagu.needs import views

app_name = "needs"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("new/", views.need_new, name="new"),
    path("suggest/", views.need_suggest, name="suggest"),
    path("<int:pk>/met/", views.need_met, name="met"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/answer/", views.question_answer, name="question_answer"),
    path("candidates/action/", views.candidate_action, name="candidate_action"),
    path("candidates/regroup/", views.candidate_regroup, name="candidate_regroup"),
]
