"""The registry of personal data: every model that points at a person is found, and a model
that points at a person (or at a person's record) without being covered fails here."""

from django.apps import apps
from django.db import models

from tsunagu.people import links
from tsunagu.privacy import registry


def test_no_model_with_personal_data_is_forgotten():
    # A model pointing at a person's record (an attachment, a step of a case), or a
    # many-to-many to persons, must be registered by its app in its person_links.py
    # (tsunagu.people.links: register_linked_record with `via`, or register_not_personal
    # with the reason). Fix the registration, not this test.
    assert registry.uncovered_models() == []


def test_person_linked_models_are_found_through_model_meta():
    labels = {m._meta.label for m in registry.person_linked_models()}
    for expected in (
        "people.Caregiver",
        "consultations.Consultation",
        "needs.Need",
        "plans.SupportPlan",
        "safeguarding.AbuseReport",
        "safeguarding.EmergencyRegistration",  # a OneToOneField counts too
        "privacy.DataRequest",
    ):
        assert expected in labels
    assert "people.Person" not in labels  # merged_into points at itself: handled apart


def test_every_registry_entry_names_real_models_fields_and_lookups():
    for link in [*links.person_links(), *links.linked_records()]:
        model, handling, label = link.model, link.handling, link.label_key
        names = {f.name for f in model._meta.get_fields()}
        declared = handling.keep | handling.clear | handling.encrypted | set(handling.withheld)
        assert declared <= names, (label, declared - names)
        assert set(handling.contact_dates) <= names, label
        for name in handling.contact_dates:
            assert isinstance(model._meta.get_field(name), models.DateField), (label, name)
        if handling.via:
            # the lookup resolves (raises FieldError otherwise)
            str(model._default_manager.filter(**{f"{handling.via}__in": [0]}).query)
    for label in registry.not_personal():
        apps.get_model(label)


def test_generic_rule_erases_free_text_and_keeps_what_is_counted():
    consultation = apps.get_model("consultations.Consultation")
    erased = {f.name for f in registry.erasable_fields(consultation)}
    assert {"record", "next_action", "caller_name"} <= erased
    assert not erased & {"occurred_at", "fiscal_year", "method", "caller_type", "person"}
    certificate = apps.get_model("people.Certificate")
    assert registry.erasable_fields(certificate) == []  # kind, grade, parts: all counted
    report = apps.get_model("safeguarding.AbuseReport")
    erased = {f.name for f in registry.erasable_fields(report)}
    assert {"reporter_identity", "observed", "person_description"} <= erased
    assert not erased & {"channel", "reporter_kind", "abuser_category", "type_physical"}
