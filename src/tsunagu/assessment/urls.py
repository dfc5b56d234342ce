from django.urls import path

from tsunagu.assessment import survey_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("m/<str:code>/", views.municipality, name="municipality"),
    path("m/<str:code>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("m/<str:code>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("charts/<str:area>/<str:name>.<str:fmt>", views.chart, name="chart"),
    path("profile/<str:area>/", views.profile_edit, name="profile_edit"),
    path("population/", views.population, name="population"),
    path("population/<int:pk>/delete/", views.population_delete, name="population_delete"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/map.svg", views.gap_map, name="gap_map"),
    path("gaps/<str:code>/<slug:category>/", views.gap_note, name="gap_note"),
    path("boundaries/", views.boundaries, name="boundaries"),
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey"),
    path("surveys/<int:pk>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/questions/", survey_views.question_add, name="question_add"),
    path("surveys/<int:pk>/questions/<int:question>/delete/", survey_views.question_delete,
         name="question_delete"),
    path("surveys/<int:pk>/import/", survey_views.survey_import, name="survey_import"),
    path("surveys/<int:pk>/template.csv", survey_views.survey_template, name="survey_template"),
    path("surveys/<int:pk>/answers/", survey_views.survey_answers, name="survey_answers"),
    path("surveys/<int:pk>/answers/<int:answer>/tag/", survey_views.answer_tag,
         name="answer_tag"),
    path("hearings/", survey_views.hearing_list, name="hearing_list"),
    path("hearings/new/", survey_views.hearing_edit, name="hearing_new"),
    path("hearings/<int:pk>/", survey_views.hearing_edit, name="hearing_edit"),
]
