"""The OpenAPI document of a region's HSDS API, adapted from the official one
(hsds_schema/openapi.json).

Changes to the official document, so that it describes exactly what this API does and can be
used offline: only the endpoints we implement and the parameters we read; ``servers`` is the
region's API; every schema is in ``components/schemas`` (the official modular schemas with
their ``"$ref": "phone.json"`` pointing inside the document, and the list views the official
file takes from ``compiled/`` derived from them: one-to-one fields only); the nested
service_at_location answers with its own schema (upstream points it at the service's); the
swapped operationIds of the taxonomy-term endpoints are set right; 400 and 404 answers are
described."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.directory import taxonomy as tx
from tsunagu.directory.validation import SCHEMA_DIR, schema, schema_names

_RAW = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
_SCHEMA_KEYS = ("title", "description", "type", "required", "properties")

# official path -> (parameters we read, schema of a 200 answer)
PATHS: dict[str, tuple[tuple[str, ...], str]] = {
    "/": ((), ""),
    "/services": (
        (
            "search",
            "page",
            "per_page",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
            "full",
            "full_service",
        ),
        "service_list",
    ),
    "/services/{id}": ((), "service"),
    "/organizations": (("search", "page", "per_page", "full", "full_service"), "organization_list"),
    "/organizations/{id}": (("full_service",), "organization_full"),
    "/service_at_locations": (
        (
            "search",
            "page",
            "per_page",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
            "full",
        ),
        "service_at_location_list",
    ),
    "/service_at_locations/{id}": ((), "service_at_location_full"),
    "/taxonomies": (("search", "page", "per_page"), "taxonomy"),
    "/taxonomies/{id}": ((), "taxonomy"),
    "/taxonomy_terms": (
        ("search", "page", "per_page", "taxonomy_id", "parent_id", "top_only"),
        "taxonomy_term",
    ),
    "/taxonomy_terms/{id}": ((), "taxonomy_term"),
}

_OPERATION_IDS = {
    "/taxonomy_terms": "getPaginatedListOfTaxonomyTerms",
    "/taxonomy_terms/{id}": "getTaxonomyTermById",
}

_EXTRA_PARAMETERS: dict[str, dict] = {
    "parent_id": {
        "name": "parent_id",
        "in": "query",
        "required": False,
        "description": "Only the terms whose parent is this term.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "top_only": {
        "name": "top_only",
        "in": "query",
        "required": False,
        "description": "Only the terms without a parent (the top of each taxonomy).",
        "schema": {"type": "boolean"},
    },
}

_PARAMETER_SCHEMAS: dict[str, dict] = {
    "page": {"type": "integer", "minimum": 1, "default": 1},
    "per_page": {"type": "integer", "minimum": 1, "default": 50},
    "taxonomy_term_id": {"type": "string", "format": "uuid"},
    "taxonomy_id": {"type": "string", "format": "uuid"},
    "organization_id": {"type": "string", "format": "uuid"},
    "modified_after": {"type": "string", "format": "date-time"},
}


def _official() -> dict:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


def _rewrite_refs(value: Any) -> Any:
    """``"$ref": "phone.json"`` -> ``"#/components/schemas/phone"``, everywhere."""
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            if key == "$ref" and isinstance(child, str) and child.endswith(".json"):
                out[key] = "#/components/schemas/" + child.removesuffix(".json")
            else:
                out[key] = _rewrite_refs(child)
        return out
    if isinstance(value, list):
        return [_rewrite_refs(v) for v in value]
    return value


def _schema(name: str) -> dict:
    source = schema(name)
    return _rewrite_refs({k: source[k] for k in _SCHEMA_KEYS if k in source})


def _one_to_one(name: str, **nested: str) -> dict:
    """The list view of an object: its fields that are not arrays or objects, plus the
    ``nested`` objects (field -> schema name)."""
    source = _schema(name)
    properties = {
        key: value
        for key, value in source["properties"].items()
        if value.get("type") not in ("array", "object") and "$ref" not in value
    }
    for key, target in nested.items():
        properties[key] = {"$ref": f"#/components/schemas/{target}"}
    return {
        "type": "object",
        "description": source.get("description", ""),
        "required": source.get("required", []),
        "properties": properties,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _components(official: dict) -> dict:
    schemas: dict[str, Any] = {name: _schema(name) for name in schema_names()}
    schemas["organization_one_to_one"] = _one_to_one("organization")
    schemas["program_one_to_one"] = _one_to_one("program")
    schemas["location_one_to_one"] = _one_to_one("location")
    schemas["service_list"] = _one_to_one(
        "service", organization="organization_one_to_one", program="program_one_to_one"
    )
    schemas["organization_list"] = _one_to_one("organization")
    schemas["service_at_location_list"] = _one_to_one(
        "service_at_location", location="location_one_to_one", service="service_list"
    )
    schemas["organization_full"] = {
        "allOf": [_ref("organization")],
        "properties": {
            "services": {
                "type": "array",
                "description": "The organization's published services: as listed, or fully "
                "nested without their organization (full_service=true).",
                "items": _ref("service"),
            }
        },
    }
    schemas["service_at_location_full"] = {
        "allOf": [_ref("service_at_location")],
        "properties": {"service": _ref("service")},
    }
    schemas["Page"] = copy.deepcopy(official["components"]["schemas"]["Page"])
    schemas["Page"]["required"] = list(schemas["Page"]["properties"])
    schemas["Error"] = {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    }
    parameters = {}
    for name, parameter in official["components"]["parameters"].items():
        parameter = copy.deepcopy(parameter)
        if name in _PARAMETER_SCHEMAS:
            parameter["schema"] = _PARAMETER_SCHEMAS[name]
        parameters[name] = parameter
    parameters["per_page"]["description"] = "Number of results in a single page (at most 100)."
    parameters.update(copy.deepcopy(_EXTRA_PARAMETERS))
    return {"schemas": schemas, "parameters": parameters}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _paths(official: dict) -> dict:
    paths = {}
    for path, (parameters, answer) in PATHS.items():
        item = copy.deepcopy(official["paths"][path])
        operation = item["get"]
        if path in _OPERATION_IDS:
            operation["operationId"] = _OPERATION_IDS[path]
        if "parameters" in operation or parameters:
            operation["parameters"] = [
                {"$ref": f"#/components/parameters/{name}"} for name in parameters
            ]
        if "parameters" in item:
            for parameter in item["parameters"]:
                if parameter.get("name") == "id":
                    parameter["schema"] = {"type": "string"}
        ok = operation["responses"]["200"]["content"]["application/json"]
        if answer and path.endswith("}"):
            ok["schema"] = _ref(answer)
        elif answer:
            ok["schema"] = {
                "allOf": [_ref("Page")],
                "properties": {"contents": {"type": "array", "items": _ref(answer)}},
            }
        else:
            ok["schema"]["required"] = ["version", "profile", "openapi_url"]
        if parameters:
            operation["responses"]["400"] = _error("A parameter cannot be read.")
        operation["responses"]["404"] = _error(
            "No such region" + (", or no such id." if path.endswith("}") else ".")
        )
        paths[path] = item
    return paths


@cache
def _static() -> str:
    official = _official()
    document = {
        "openapi": official["openapi"],
        "jsonSchemaDialect": official["jsonSchemaDialect"],
        "paths": _paths(official),
        "components": _components(official),
    }
    text = json.dumps(document, ensure_ascii=False)
    assert _RAW not in text, "an official $ref was left unmapped"
    return text


def document(*, base_url: str, region_name: str) -> dict:
    """The OpenAPI document of the API at ``base_url`` (no trailing slash)."""
    result = json.loads(_static())
    result["info"] = {
        "title": _("%(region)s 社会資源 HSDS API") % {"region": region_name},
        "version": "3.0",
        "summary": _(
            "障害のある人の暮らしに役立つ社会資源（Open Referral HSDS 3.0、読み取り専用）"
        ),
        "description": _(
            "公開されている社会資源の情報を Open Referral HSDS 3.0 の形で返します。"
            "ログインは不要です。一覧は page と per_page（最大100）でページ分けします。"
        ),
        "x-profile": profile(),
    }
    result["servers"] = [{"url": base_url}]
    return result


def profile() -> dict:
    """How this API uses HSDS in Japan (the ``profile`` of the ``/`` endpoint)."""
    return {
        "address": {
            "state_province": _("都道府県"),
            "city": _("市区町村"),
            "address_1": _("町域・番地"),
            "address_2": _("建物"),
            "postal_code": "123-4567",
            "country": "JP",
        },
        "times": _("時刻は日本時間（+09:00）で書きます。"),
        "alternate_name": _("名称のよみがな（カタカナ）"),
        "taxonomies": [
            {"id": str(t.id), "name": t.name, "description": t.description} for t in tx.TAXONOMIES
        ],
    }
