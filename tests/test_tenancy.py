"""Region is the tenant key (docs/scaling.md).

Every table of tsunagu either carries ``region`` itself, or belongs to exactly one owner that
does (a child row: a consultation's topics, a plan's goals), or is global by design and
listed below with the reason. A new model that is none of these fails here — so a table can't
quietly become cross-tenant. Indexes of region-keyed tables lead with the region, so that a
distributed PostgreSQL (Citus, distributing on region) and partitioning can use them."""

from django.apps import apps
from django.db import models

# label -> why it has no region
GLOBAL = {
    "core.Region": "the tenant itself",
    "core.OutboxMail": "operational queue of outgoing mail, emptied as it is sent",
    "directory.Taxonomy": "tsunagu's shared service taxonomy (same for every region)",
    "directory.TaxonomyTerm": "terms of the shared taxonomy",
    "network.FeedToken": "a user's calendar-feed secret; the user carries the region",
    "core.JobRun": "the background jobs' lock and heartbeat, one row per job for the installation",
    "accounts.PasswordResetRequest": (
        "a reset request before its address is looked up (no region is known, none is "
        "revealed); deleted by the job that handles it"
    ),
}
MAX_DEPTH = 4


def _tsunagu_models():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in {"auth", "contenttypes", "sessions", "admin"}:
            continue
        if model.__module__.startswith("tsunagu") or model._meta.auto_created:
            owner = model._meta.auto_created
            if owner and not owner.__module__.startswith("tsunagu"):
                continue
            if model.__module__.startswith(("django.", "django_otp", "axes")) and not owner:
                continue
            yield model


def _has_region(model) -> bool:
    try:
        field = model._meta.get_field("region")
    except Exception:  # noqa: BLE001 — FieldDoesNotExist
        return False
    return field.is_relation and field.related_model._meta.label == "core.Region"


def _owner_chain(model, depth=0):
    """The chain of owning (non-null, cascading or protecting) foreign keys up to a
    region-keyed table, or None."""
    if _has_region(model):
        return [model._meta.label]
    if depth >= MAX_DEPTH:
        return None
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.null:
            continue
        if field.remote_field.on_delete not in (models.CASCADE, models.PROTECT):
            continue
        chain = _owner_chain(field.related_model, depth + 1)
        if chain:
            return [f"{model._meta.label}.{field.name}", *chain]
    return None


def test_every_table_carries_the_region_or_belongs_to_one_owner_that_does():
    orphans = [
        model._meta.label
        for model in _tsunagu_models()
        if model._meta.label not in GLOBAL and _owner_chain(model) is None
    ]
    # the owner-keyed tables, for docs/scaling.md (`pytest tests/test_tenancy.py -rP`)
    for model in _tsunagu_models():
        chain = _owner_chain(model)
        if chain and len(chain) > 1:
            print(" → ".join(chain))
    assert orphans == [], (
        f"these tables have no region and no owner with one: {orphans} — add a region "
        "foreign key (or, for a global table, an entry in GLOBAL with the reason)"
    )


def test_the_global_list_names_only_real_tables_without_a_region():
    labels = {model._meta.label: model for model in _tsunagu_models()}
    stale = [label for label in GLOBAL if label not in labels or _has_region(labels[label])]
    assert stale == []


# Unique constraints that a distributed PostgreSQL (Citus) would refuse, because they do not
# include the distribution column. Each is scoped by a person or plan of one region, so it is
# correct on one server; docs/scaling.md lists them as the first step before distributing.
# The list may shrink, never grow.
UNIQUE_WITHOUT_REGION = {
    "plans.SupportPlan:plan_one_active_per_person_org",
}


def test_unique_constraints_of_region_keyed_tables_include_the_region():
    found = set()
    for model in _tsunagu_models():
        if not _has_region(model):
            continue
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if isinstance(constraint, models.UniqueConstraint) and fields:
                if "region" not in fields and "region_id" not in fields:
                    found.add(f"{model._meta.label}:{constraint.name}")
    assert found <= UNIQUE_WITHOUT_REGION, (
        f"unique constraints without region: {sorted(found - UNIQUE_WITHOUT_REGION)}"
    )
