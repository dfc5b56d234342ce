"""Support plans (個別支援計画) and monitoring. Personal data."""

from django.urls import path

from tsunagu.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("due/", views.due_list, name="due"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("person/<int:person_pk>/", views.person_plans, name="person"),
    path("person/<int:person_pk>/new/", views.plan_new, name="new"),
    path("person/<int:person_pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/revise/", views.plan_revise, name="revise"),
    path("<int:pk>/end/", views.plan_end, name="end"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
    path("<int:pk>/monitoring/new/", views.monitoring_new, name="monitoring_new"),
    path("monitoring/<int:pk>/", views.monitoring_detail, name="monitoring_detail"),
]
