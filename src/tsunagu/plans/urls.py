"""Support plans (個別支援計画) and monitoring. Personal data."""

from django.urls import path

from tsunagu.plans import assessment_views, monitoring_views, plan_views
from tsunagu.plans.usage import views as usage

app_name = "plans"

urlpatterns = [
    path("", plan_views.plan_list, name="list"),
    path("due/", monitoring_views.due_list, name="due"),
    path("overdue/", monitoring_views.overdue_list, name="overdue"),
    path("person/<int:person_pk>/", assessment_views.person_plans, name="person"),
    path("person/<int:person_pk>/new/", plan_views.plan_new, name="new"),
    path("person/<int:person_pk>/assessments/new/", assessment_views.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessment_views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/", plan_views.plan_detail, name="detail"),
    path("<int:pk>/edit/", plan_views.plan_edit, name="edit"),
    path("<int:pk>/revise/", plan_views.plan_revise, name="revise"),
    path("<int:pk>/end/", plan_views.plan_end, name="end"),
    path("<int:pk>/plan.pdf", plan_views.plan_pdf, name="pdf"),
    path("<int:pk>/monitoring/new/", monitoring_views.monitoring_new, name="monitoring_new"),
    path("monitoring/<int:pk>/", monitoring_views.monitoring_detail, name="monitoring_detail"),
    # サービス等利用計画 (障害児支援利用計画), モニタリング報告書, 受給者証
    path("usage/person/<int:person_pk>/", usage.usage_person, name="usage_person"),
    path("usage/person/<int:person_pk>/new/", usage.usage_new, name="usage_new"),
    path(
        "usage/person/<int:person_pk>/certificates/new/",
        usage.certificate_new,
        name="certificate_new",
    ),
    path("usage/<int:pk>/", usage.usage_detail, name="usage_detail"),
    path("usage/<int:pk>/edit/", usage.usage_edit, name="usage_edit"),
    path("usage/<int:pk>/decide/", usage.usage_decide, name="usage_decide"),
    path("usage/<int:pk>/finalize/", usage.usage_finalize, name="usage_finalize"),
    path("usage/<int:pk>/revise/", usage.usage_revise, name="usage_revise"),
    path("usage/<int:pk>/plan.pdf", usage.usage_pdf, name="usage_pdf"),
    path(
        "usage/<int:pk>/monitoring/new/",
        usage.usage_monitoring_new,
        name="usage_monitoring_new",
    ),
    path(
        "usage/monitoring/<int:pk>/",
        usage.usage_monitoring_detail,
        name="usage_monitoring_detail",
    ),
    path(
        "usage/monitoring/<int:pk>/report.pdf",
        usage.usage_monitoring_pdf,
        name="usage_monitoring_pdf",
    ),
]
