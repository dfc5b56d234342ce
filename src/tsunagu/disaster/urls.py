from django.urls import path

from tsunagu.disaster import check_views, views

app_name = "disaster"
urlpatterns = [
    path("", views.home, name="home"),
    path("activate/", views.activate, name="activate"),
    path("deactivate/", views.deactivate, name="deactivate"),
    path("report/", views.report, name="report"),
    path("reports/enter/", views.report_entry, name="report_entry"),
    path("activations/", views.activation_list, name="activations"),
    path("activations/<int:pk>/", views.summary, name="summary"),
    path("checks/", check_views.check_list, name="checks"),
    path("checks/mine/", check_views.my_checks, name="my_checks"),
    path("checks/assign/", check_views.checks_assign_bulk, name="checks_assign"),
    path("checks/<int:pk>/", check_views.check_detail, name="check"),
    path("checks/<int:pk>/assign/", check_views.check_assign, name="check_assign"),
    path("checks.pdf", check_views.checks_pdf, name="checks_pdf"),
    path("checks.csv", check_views.checks_csv, name="checks_csv"),
    path("registrations/", check_views.registration_list, name="registrations"),
    path("registrations/person/<int:person_pk>/", check_views.register, name="register"),
    path(
        "registrations/person/<int:person_pk>/remove/",
        check_views.registration_remove,
        name="registration_remove",
    ),
]
