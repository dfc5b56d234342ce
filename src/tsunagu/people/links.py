"""The person-link registry: every model that points at a person, and what happens to its
records when two persons are merged, when a person asks for their data (開示) or its
deletion (削除), when retention ends, and on the person page's timeline.

``people`` is the lowest app that knows a person, so it keeps the registry; every app fills
it for its own models in ``AppConfig.ready()`` (``<app>/person_links.py``), the way Django's
admin site and system checks are filled. ``people`` itself never imports a higher app.

Three kinds of entries:

- :func:`register_person_link` — a model with ForeignKey/OneToOneField(s) to a person
  (``fields``, found through model meta when not given). On a merge its records move to the
  kept person (:func:`move_rows`: update the foreign key; a one-to-one moves only when the kept
  person has none; ``unique_with`` names the fields that, with the person, are unique: a
  record whose values the kept person already has stays on the merged record, for history).
  ``move`` replaces this for records that must be merged rather than moved (a union of
  disabilities, a plan superseded). ``label`` is what the merge confirmation counts it as.
- :func:`register_linked_record` — a model linked to a person through another record
  (``via``: the ORM lookup, e.g. ``"consultation__person"``). It follows its parent on a merge
  and is disclosed and anonymized with it.
- :func:`register_not_personal` — a model that points at a person's record but holds nothing
  about the person (only links), with the reason.

``handling`` (:class:`Handling`) says what disclosure, deletion and retention do beyond the
generic rule of tsunagu.privacy.registry. ``timeline`` (:class:`TimelineSource`) puts the
records on the person page's 経過.

tests/people/test_person_links.py finds every relation to a person through model meta and
fails on one that is not registered; the system check ``people.E001`` does the same at start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.db.models import QuerySet

PERSON_LABEL = "people.Person"


@dataclass(frozen=True)
class Handling:
    """What 開示・削除・保存期間 do with a model beyond the generic rule
    (tsunagu.privacy.registry):

    - ``keep``: text fields that are codes or categories kept for statistics (e.g. 手帳の等級);
    - ``clear``: non-text fields that are personal all the same (set to NULL / empty);
    - ``delete_rows``: rows removed entirely (files are deleted first);
    - ``encrypted``: fields stored with tsunagu.core.crypto, decrypted for the export;
    - ``withheld``: fields never disclosed, with the legal reason shown instead;
    - ``safeguarding``: abuse-report records, disclosed only when the request says so;
    - ``contact_dates``: the date fields that are a contact with the person, for retention
      ("last contact"); without it, a model's ``auto_now_add`` fields.
    """

    keep: frozenset[str] = field(default_factory=frozenset)
    clear: frozenset[str] = field(default_factory=frozenset)
    via: str = ""
    delete_rows: bool = False
    encrypted: frozenset[str] = field(default_factory=frozenset)
    withheld: dict[str, Any] = field(default_factory=dict)
    safeguarding: bool = False
    contact_dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineSource:
    """Records on the person page's 経過: ``rows(user=, person=)`` gives those the user may
    see (scoped, related rows selected), ``at`` names the field the timeline sorts by, and
    ``template`` renders one table row (context: ``x`` the record, ``today``)."""

    kind: str
    rows: Callable[..., QuerySet]
    at: str
    template: str


# move(actor=, keep=, merge=, link=) -> number of records moved
MoveFunction = Callable[..., int]


@dataclass(frozen=True)
class PersonLink:
    model: type[models.Model]
    fields: tuple[str, ...] = ()
    via: str = ""
    label: Any = ""
    unique_with: tuple[str, ...] = ()
    move: MoveFunction | None = None
    handling: Handling = field(default_factory=Handling)
    timeline: TimelineSource | None = None
    personal: bool = True
    reason: str = ""

    @property
    def label_key(self) -> str:
        return self.model._meta.label

    @property
    def is_direct(self) -> bool:
        return bool(self.fields)

    def rows_of(self, person: Any) -> QuerySet:
        """The records of this kind that point at ``person`` (any of the person fields)."""
        query = models.Q()
        for name in self.fields:
            query |= models.Q(**{name: person})
        return self.model._default_manager.filter(query)

    def count(self, person: Any) -> int:
        return self.rows_of(person).count()


_LINKS: dict[str, PersonLink] = {}


def _person_model() -> type[models.Model]:
    return apps.get_model(PERSON_LABEL)


def person_fields_of(model: type[models.Model]) -> list[models.Field]:
    """The concrete ForeignKey/OneToOneField fields of ``model`` that point at a person (or a
    proxy of it)."""
    person = _person_model()
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation
        and isinstance(f.related_model, type)
        and issubclass(f.related_model, person)
    ]


def _add(link: PersonLink) -> PersonLink:
    # Keyed by the model: registering again (ready() run twice) replaces, never duplicates.
    _LINKS[link.label_key] = link
    return link


def register_person_link(
    model: type[models.Model],
    *,
    fields: tuple[str, ...] | None = None,
    label: Any = None,
    unique_with: tuple[str, ...] = (),
    move: MoveFunction | None = None,
    handling: Handling | None = None,
    timeline: TimelineSource | None = None,
) -> PersonLink:
    """Register a model that points at a person (see the module's docstring)."""
    names = fields if fields is not None else tuple(f.name for f in person_fields_of(model))
    if not names:
        raise ValueError(f"{model._meta.label} has no field pointing at a person")
    return _add(
        PersonLink(
            model=model,
            fields=tuple(names),
            label=label if label is not None else model._meta.verbose_name_plural,
            unique_with=unique_with,
            move=move,
            handling=handling or Handling(),
            timeline=timeline,
        )
    )


def register_linked_record(
    model: type[models.Model], *, via: str, handling: Handling | None = None
) -> PersonLink:
    """Register a model linked to a person through another record (``via``)."""
    handling = replace(handling or Handling(), via=via)
    return _add(PersonLink(model=model, via=via, handling=handling))


def register_not_personal(model: type[models.Model], *, reason: str) -> PersonLink:
    """Register a model that points at a person's record but holds nothing about them."""
    return _add(PersonLink(model=model, personal=False, reason=reason))


def person_links() -> list[PersonLink]:
    """Every registered model that points at a person directly, in the order registered
    (the apps' order in INSTALLED_APPS: people first)."""
    return [lk for lk in _LINKS.values() if lk.is_direct]


def linked_records() -> list[PersonLink]:
    """Registered models linked through another record (``via``)."""
    return [lk for lk in _LINKS.values() if lk.via and lk.personal]


def not_personal() -> dict[str, str]:
    return {k: lk.reason for k, lk in _LINKS.items() if not lk.personal}


def link_for(model: type[models.Model]) -> PersonLink | None:
    return _LINKS.get(model._meta.label)


def handling_for(model: type[models.Model]) -> Handling:
    link = link_for(model)
    return link.handling if link else Handling()


def unregistered_relations(among: Iterable[type[models.Model]] | None = None) -> list[str]:
    """Every relation to a person (ForeignKey, OneToOneField, ManyToManyField, to the model
    or a proxy of it) that the registry does not name: ``app.Model.field``. ``among``: the
    models to look at (all installed ones by default)."""
    person = _person_model()
    missing = []
    for model in apps.get_models() if among is None else among:
        for f in model._meta.get_fields():
            if not f.is_relation or f.auto_created:
                continue  # reverse relations are seen from the model that declares them
            target = f.related_model
            if not isinstance(target, type) or not issubclass(target, person):
                continue
            link = link_for(model)
            if link is None or f.name not in link.fields:
                missing.append(f"{model._meta.label}.{f.name}")
            elif f.many_to_many and link.move is None:
                missing.append(f"{model._meta.label}.{f.name} (many-to-many: needs a move)")
    return sorted(set(missing))


def move_rows(*, actor: Any, keep: Any, merge: Any, link: PersonLink) -> int:
    """The default move: point ``link``'s records of ``merge`` at ``keep``. A record that
    would break a uniqueness (a one-to-one the kept person already has, or ``unique_with``
    values the kept person already has) stays on the merged record, for history."""
    moved = 0
    manager = link.model._default_manager
    for name in link.fields:
        rows = manager.filter(**{name: merge})
        if link.model._meta.get_field(name).unique:
            if manager.filter(**{name: keep}).exists():
                continue
        elif link.unique_with:
            kept = manager.filter(**{name: keep}).values_list(*link.unique_with)
            taken = set(kept)
            ids = [
                pk
                for pk, *values in rows.values_list("pk", *link.unique_with)
                if tuple(values) not in taken
            ]
            rows = manager.filter(pk__in=ids)
        moved += rows.update(**{name: keep})
    return moved


def merge_records(*, actor: Any, keep: Any, merge: Any) -> dict[str, int]:
    """Move every registered record of ``merge`` to ``keep``: label key -> records moved."""
    moved = {}
    for link in person_links():
        move = link.move or move_rows
        moved[link.label_key] = move(actor=actor, keep=keep, merge=merge, link=link)
    return moved


def record_counts(person: Any) -> dict[str, int]:
    """label key -> how many records of each registered kind point at ``person``."""
    return {link.label_key: link.count(person) for link in person_links()}


def timeline_sources() -> list[TimelineSource]:
    return [link.timeline for link in person_links() if link.timeline is not None]


@dataclass(frozen=True)
class PersonSection:
    """A section a higher app adds to the person page (of a person not merged away):
    ``data(user=, person=)`` gives what ``template`` shows as ``section``, or None to leave
    the section out."""

    template: str
    data: Callable[..., Any]


_SECTIONS: dict[str, PersonSection] = {}


def register_person_section(template: str, data: Callable[..., Any]) -> None:
    _SECTIONS[template] = PersonSection(template=template, data=data)


def person_sections() -> list[PersonSection]:
    return list(_SECTIONS.values())


@checks.register()
def check_person_links(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{name} points at a person but is not in the person-link registry.",
            hint="Register it in its app's person_links.py (tsunagu.people.links).",
            id="people.E001",
        )
        for name in unregistered_relations()
    ]
