"""Municipality outlines for the public 居場所 map, drawn under the markers so that the map is
readable without a tile server.

The boundaries are imported by a higher app (assessment: 国土数値情報 N03 as GeoJSON or
TopoJSON); it registers a provider here in its AppConfig.ready(), so directory never imports
it. A provider answers [{"name": 市町村名, "rings": [[[lon, lat], ...], ...]}, ...] for a region,
or [] when it has none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Outline = dict[str, Any]
_providers: list[Callable[[Any], list[Outline]]] = []


def register_outline_provider(provider: Callable[[Any], list[Outline]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def region_outlines(region: Any) -> list[Outline]:
    for provider in _providers:
        outlines = provider(region)
        if outlines:
            return outlines
    return []
