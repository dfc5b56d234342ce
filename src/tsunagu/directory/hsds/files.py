"""Files of HSDS documents (ndjson or a JSON array): reading them and importing them all or nothing."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.models import Region
from tsunagu.directory.hsds.readers import parse_uuid
from tsunagu.directory.hsds.writer import DocumentWriter
from tsunagu.directory.validation import DocumentError, HSDSError, validate


@dataclass
class ImportSummary:
    """What an import of HSDS documents did, or would do (dry run)."""

    dry_run: bool
    documents: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        n = {
            "documents": self.documents,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return (
                _(
                    "%(documents)d 件を確認しました（確認のみ、書き込んでいません）。"
                    "作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件"
                )
                % n
            )
        return (
            _(
                "%(documents)d 件を取り込みました。"
                "作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件"
            )
            % n
        )


MAX_JSON_DEPTH = 32  # HSDS nests about 6 deep; deeper is an attack on the parser or schema


def _json_depth_over(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _parse_json(text: str) -> Any:
    """json.loads, with nesting too deep for Python's parser or the schema refused as a
    ValueError (json.loads itself raises RecursionError on ten thousand '[')."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(_("入れ子が深すぎます")) from None
    if _json_depth_over(value, MAX_JSON_DEPTH):
        raise ValueError(_("入れ子が深すぎます（%(max)d 段まで）") % {"max": MAX_JSON_DEPTH})
    return value


def read_documents(text: str) -> tuple[list[tuple[int | None, Any]], list[DocumentError]]:
    """(line, document) pairs of an ndjson text, or of a text holding one JSON document
    (line None); and the lines that are not JSON."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return [], [DocumentError("$", _("ファイルが空です。"))]
    try:
        whole = _parse_json(stripped)
    except ValueError:
        whole = None
    else:
        if isinstance(whole, dict):
            return [(None, whole)], []
    documents: list[tuple[int | None, Any]] = []
    errors: list[DocumentError] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((number, _parse_json(line)))
        except ValueError as error:
            errors.append(
                DocumentError(
                    "$", _("JSON として読めません（%(error)s）。") % {"error": error}, number
                )
            )
    return documents, errors


class _Rollback(Exception):
    pass


def import_documents(
    *, actor: Any, region: Region, documents: list[tuple[int | None, Any]], dry_run: bool = False
) -> ImportSummary:
    """Write fully nested services, all or nothing: every document is checked against the
    schema first; then all are written in one transaction, which is rolled back if any of
    them cannot be written, or for a dry run."""
    result = ImportSummary(dry_run=dry_run, documents=len(documents))
    seen: dict[uuid.UUID, int | None] = {}
    for line, document in documents:
        errors = validate(document, "service", line=line)
        result.errors += errors
        service_id = parse_uuid(document.get("id")) if isinstance(document, dict) else None
        if not errors and service_id in seen:
            result.errors.append(
                DocumentError(
                    "$.id",
                    _("同じ ID のサービスが %(line)s 行目にもあります。")
                    % {"line": seen[service_id]},
                    line,
                )
            )
        seen[service_id] = line
    if not result.errors:
        from tsunagu.directory.imports.places import outside_region_errors

        result.errors += outside_region_errors(region, documents)
    if result.errors:
        return result
    writer = DocumentWriter(actor=actor, region=region)
    try:
        with transaction.atomic():
            for line, document in documents:
                try:
                    with transaction.atomic():
                        _service, status = writer.write_service(document, line=line)
                except HSDSError as error:
                    result.errors += error.errors
                    continue
                setattr(result, status, getattr(result, status) + 1)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result
