"""Access rules for surveys, hearings and the public survey form."""

from tests.access import row as _row
from tests.assessment.access_rules import (
    EDIT,
    EDIT_OBJECT,
    POST_ONLY,
    POST_ONLY_POST,
    READ,
    READ_OBJECT,
)

ALL = _row(200, 200, 200, 200, 200, 200, 200, 200)
NONE = _row(404, 404, 404, 404, 404, 404, 404, 404)
OTHER = _row(302, 404, 404, 403, 404, 404, 403, 200)
OTHER_EDIT = _row(302, 404, 404, 403, 404, 403, 403, 200)

RULES = {
    "assessment:survey_list": (lambda o: "/assessment/surveys/", READ),
    "assessment:survey_new": (lambda o: "/assessment/surveys/new/", EDIT),
    "assessment:survey": (lambda o: f"/assessment/surveys/{o['assessment_survey'].pk}/", READ_OBJECT),
    "assessment:survey(other region)": (
        lambda o: f"/assessment/surveys/{o['other_survey'].pk}/", OTHER
    ),
    "assessment:survey_edit": (
        lambda o: f"/assessment/surveys/{o['assessment_survey'].pk}/edit/", EDIT_OBJECT
    ),
    "assessment:survey_edit(other region)": (
        lambda o: f"/assessment/surveys/{o['other_survey'].pk}/edit/", OTHER_EDIT
    ),
    "assessment:question_add": (
        lambda o: f"/assessment/surveys/{o['assessment_survey'].pk}/questions/", POST_ONLY
    ),
    "assessment:question_delete": (
        lambda o: (
            f"/assessment/surveys/{o['assessment_survey'].pk}/questions/"
            f"{o['assessment_survey'].questions.first().pk}/delete/"
        ),
        POST_ONLY,
    ),
    "assessment:survey_import": (
        lambda o: f"/assessment/surveys/{o['assessment_survey'].pk}/import/", EDIT_OBJECT
    ),
    "assessment:survey_template": (
        lambda o: f"/assessment/surveys/{o['assessment_survey'].pk}/template.csv", READ_OBJECT
    ),
    "assessment:survey_answers": (
        lambda o: f"/assessment/surveys/{o['text_answer'].response.survey_id}/answers/",
        EDIT_OBJECT,
    ),
    "assessment:survey_answers(other region)": (
        lambda o: f"/assessment/surveys/{o['other_survey'].pk}/answers/", OTHER_EDIT
    ),
    "assessment:answer_tag": (
        lambda o: (
            f"/assessment/surveys/{o['text_answer'].response.survey_id}/answers/"
            f"{o['text_answer'].pk}/tag/"
        ),
        POST_ONLY,
    ),
    "assessment:hearing_list": (lambda o: "/assessment/hearings/", READ),
    "assessment:hearing_new": (lambda o: "/assessment/hearings/new/", EDIT),
    "assessment:hearing_edit": (lambda o: f"/assessment/hearings/{o['hearing'].pk}/", EDIT_OBJECT),
    "assessment:hearing_edit(other region)": (
        lambda o: f"/assessment/hearings/{o['other_hearing'].pk}/", OTHER_EDIT
    ),
    "assessment_public:survey": (
        lambda o: f"/public/sanbu/surveys/{o['assessment_survey'].token}/", ALL
    ),
    "assessment_public:survey(other region)": (
        lambda o: f"/public/other/surveys/{o['assessment_survey'].token}/", NONE
    ),
    "assessment_public:survey(closed)": (
        lambda o: f"/public/sanbu/surveys/{o['closed_survey'].token}/", NONE
    ),
    "assessment_public:thanks": (
        lambda o: f"/public/sanbu/surveys/{o['assessment_survey'].token}/thanks/", ALL
    ),
}

POST = {
    "assessment:question_add": POST_ONLY_POST,
    "assessment:question_delete": POST_ONLY_POST,
    "assessment:answer_tag": POST_ONLY_POST,
}
