"""Person search by n-grams: every unigram and bigram of each part of a person's search key
is stored in PersonSearchGram, so that a query (also normalized by core.text.search_key) is
answered from an index instead of a scan of every person — including the 1- and 2-character
queries that Japanese names are (林, 高橋), which trigram indexes cannot serve.

A person matches when the index holds every bigram of the query (every unigram for a
one-character query), confirmed by a substring test on the key itself."""

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from tsunagu.people.models import Person, PersonSearchGram


def grams_of(text: str) -> set[str]:
    """Unigrams and bigrams of each space-separated part of ``text``."""
    grams: set[str] = set()
    for part in text.split():
        grams.update(part)
        grams.update(part[i : i + 2] for i in range(len(part) - 1))
    return grams


def query_grams(key: str) -> set[str]:
    """The grams a person must have to match ``key`` (a normalized query, no spaces)."""
    if len(key) == 1:
        return {key}
    return {key[i : i + 2] for i in range(len(key) - 1)}


def person_search_index(persons: Iterable[Person]) -> None:
    """(Re)write the grams of ``persons`` from their current search_key."""
    persons = list(persons)
    PersonSearchGram.objects.filter(person__in=persons).delete()
    PersonSearchGram.objects.bulk_create(
        (
            PersonSearchGram(region_id=p.region_id, person_id=p.pk, gram=gram)
            for p in persons
            for gram in grams_of(p.search_key)
        ),
        batch_size=5000,
    )


def person_search_filter(persons: QuerySet[Person], region_id: int, key: str) -> QuerySet[Person]:
    grams = query_grams(key)
    matching = (
        PersonSearchGram.objects.filter(region_id=region_id, gram__in=grams)
        .values("person_id")
        .annotate(n=Count("gram", distinct=True))
        .filter(n=len(grams))
        .values("person_id")
    )
    return persons.filter(pk__in=matching, search_key__contains=key)
