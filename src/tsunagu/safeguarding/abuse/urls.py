"""URLs of abuse reports (included by tsunagu.safeguarding.urls, namespace "safeguarding")."""

from django.urls import path

from tsunagu.safeguarding.abuse import views

urlpatterns = [
    path("abuse/", views.abuse_list, name="abuse_list"),
    path("abuse/new/", views.abuse_new, name="abuse_new"),
    path("abuse/<int:pk>/", views.abuse_detail, name="abuse_detail"),
    path("abuse/<int:pk>/reporter/", views.abuse_reporter, name="abuse_reporter"),
    path("abuse/<int:pk>/advance/", views.abuse_advance, name="abuse_advance"),
    path("abuse/<int:pk>/handover/", views.abuse_handover, name="abuse_handover"),
    path("abuse/<int:pk>/route/", views.abuse_route, name="abuse_route"),
    path("abuse/<int:pk>/routing/<int:routing_pk>.pdf", views.abuse_routing_pdf,
         name="abuse_routing_pdf"),
    path("abuse/<int:pk>/intake.pdf", views.abuse_intake_pdf, name="abuse_intake_pdf"),
    path("abuse/<int:pk>/person/", views.abuse_person, name="abuse_person"),
    path("abuse/figures/", views.abuse_figures, name="abuse_figures"),
    path("abuse/figures.csv", views.abuse_figures_csv, name="abuse_figures_csv"),
    path("abuse/figures.xlsx", views.abuse_figures_xlsx, name="abuse_figures_xlsx"),
    path("abuse/on-duty/", views.abuse_on_duty, name="abuse_on_duty"),
    path("abuse/on-duty/<int:pk>/remove/", views.abuse_on_duty_remove, name="abuse_on_duty_remove"),
]
