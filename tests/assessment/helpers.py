"""Known inputs shared by the assessment tests: needs of fictional persons and resources of
the directory, in numbers small enough to check by hand."""

from datetime import date
from pathlib import Path

from tsunagu.core.models import ListItem, ListKind
from tsunagu.directory.staff_services import organization_for_entry
from tsunagu.directory.taxonomy import taxonomy_seed, term_uuid
from tsunagu.needs.services import need_record
from tsunagu.people.services import person_create

DATA = Path(__file__).parent / "data"


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def category(region, code):
    return ListItem.objects.get(region=region, kind=ListKind.NEED_CATEGORY, code=code)


def add_needs(region, actor, *, code, category_code, persons, needs_each=1):
    """``persons`` fictional persons of municipality ``code``, each with ``needs_each`` needs."""
    municipality = region.municipalities.get(code=code)
    out = []
    for i in range(persons):
        person = person_create(
            actor="test", region=region, family_name=f"試験{code}{category_code}{i}",
            given_name="太郎", family_name_kana="シケン", given_name_kana="タロウ",
            municipality=municipality, is_fictional=True,
        )
        for _n in range(needs_each):
            out.append(need_record(
                actor=actor, region=region, person=person, text="移動の手段がない。",
                category=category(region, category_code), noted_on=date(2026, 5, 1),
            ))
    return out


def add_service(region, *, code, term, name="試験のサービス"):
    from tests.directory.fixtures_staff import make_service

    from tsunagu.directory.models import TaxonomyTerm

    taxonomy_seed()
    organization = organization_for_entry(actor="test", region=region, organization=None,
                                          name=f"{name}の運営団体", kana="")
    return make_service(region, organization, name=name,
                        municipality=region.municipalities.get(code=code),
                        terms=[TaxonomyTerm.objects.get(pk=term_uuid(term))])
