"""One population import, as the page and `tsunagu population import` both do it: read and
check the whole file, fill in what the person did not say from the file, then write all of it
(or, for a dry run, nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tsunagu.assessment import layouts as L
from tsunagu.assessment import selectors, services
from tsunagu.assessment.models import PopulationDataset
from tsunagu.assessment.population_import import Parsed, parse_population
from tsunagu.core.models import Region
from tsunagu.core.tabular import RowError


def kind_of_source(text: str) -> str:
    """The kind a source's name says: 国勢調査, 住民基本台帳, 将来推計 ... ("" when it does not)."""
    if any(w in text for w in L.PROJECTION_WORDS):
        return "projection"
    if any(w in text for w in L.REGISTRY_WORDS):
        return "registry"
    if any(w in text for w in L.CENSUS_WORDS):
        return "census"
    return ""


def population_load(
    source: bytes | BinaryIO,
    filename: str,
    *,
    actor: Any,
    region: Region,
    kind: str = "",
    source_name: str = "",
    source_date: str = "",
    on_date: date | None = None,
    fallback_date: date | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    step: Callable[[int, int, str], None] | None = None,
) -> tuple[Parsed, PopulationDataset | None]:
    """(the parsed file, the dataset written); the dataset is None when there are errors
    (``parsed.errors``, nothing written) or for a dry run. ``step(number, steps, what)`` is
    called as each step begins (read, check, write; a dry run has two), ``progress(done,
    total)`` as the rows of the first are read."""
    steps = 2 if dry_run else 3

    def begin(number: int, what: str) -> None:
        if step is not None:
            step(number, steps, what)

    begin(1, _("ファイルを読んでいます"))
    parsed = parse_population(
        source, filename,
        municipality_codes=set(region.municipalities.values_list("code", flat=True)),
        default_date=on_date, fallback_date=fallback_date, progress=progress,
    )
    kind = kind or parsed.kind or kind_of_source(source_name)
    source_name = source_name.strip() or parsed.source_name
    source_date = source_date.strip() or parsed.source_date
    begin(2, _("すべての行を確かめています"))
    if on_date is not None and not source_date:
        source_date = _("基準日 %(date)s") % {"date": on_date.isoformat()}
    if not parsed.errors:
        if not kind:
            parsed.errors.append(RowError(None, "", _(
                "ファイルから種類（国勢調査・住民基本台帳・将来推計）を判別できません。種類を選んでください。"
            )))
        if not source_name:
            parsed.errors.append(RowError(None, "", _("出典を入れてください（ファイルに統計名がありません）。")))
        if not source_date:
            parsed.errors.append(RowError(None, "", _("調査年・基準日・公表日を入れてください（ファイルに書かれていません）。")))
    if parsed.errors or dry_run:
        return parsed, None
    begin(3, _("%(n)d 件の値を書き込んでいます") % {"n": len(parsed.figures)})
    replaced = len(selectors.same_population_datasets(
        region=region, kind=kind, source_name=source_name, source_date=source_date))
    try:
        dataset = services.population_import(
            actor=actor, region=region, parsed=parsed, kind=kind,
            source_name=source_name, source_date=source_date, filename=filename,
        )
    except ValidationError as error:
        parsed.errors.append(RowError(None, "", " ".join(error.messages)))
        return parsed, None
    if replaced:
        parsed.notes.append(_("同じ出典・日付で前に取り込んだデータ（%(n)d 件）を、今回のファイルで置き換えました。")
                            % {"n": replaced})
    return parsed, dataset
