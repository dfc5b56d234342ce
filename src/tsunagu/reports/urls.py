from django.urls import path

from tsunagu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.annual, name="index"),
    path("annual/", views.annual, name="annual"),
    path("annual/chart/<slug:name>.svg", views.annual_chart, name="annual_chart"),
    path("annual/jisseki.xlsx", views.annual_xlsx, name="annual_xlsx"),
    path("annual/jisseki.csv", views.annual_csv, name="annual_csv"),
    path("annual/jisseki.pdf", views.annual_pdf, name="annual_pdf"),
]
