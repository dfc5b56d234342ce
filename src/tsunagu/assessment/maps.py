"""The gap map: municipality boundaries imported as GeoJSON or TopoJSON (国土数値情報 行政区域
N03, or any FeatureCollection or Topology whose features carry the 5-digit code in ``N03_007``),
drawn on the server as an SVG choropleth of the gap score, and under the markers of the public
居場所 map (``outlines``). Without boundaries the page shows the table
with bars instead.

Import checks the structure (FeatureCollection → Feature → Polygon/MultiPolygon of [lon, lat]
pairs), keeps the outer rings of the region's municipalities, and thins each ring to at most
MAX_POINTS points (the map is an overview)."""

from __future__ import annotations

import json
import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

MAX_BYTES = 30 * 1024 * 1024
MAX_POINTS = 400
CODE_PROPERTY = "N03_007"
PALETTE = ("#f3f6f5", "#cfe6e2", "#9ccdc5", "#5fa89f", "#2f7f77", "#0b5f5a")


def _ring_ok(ring: Any) -> bool:
    return (
        isinstance(ring, list) and len(ring) >= 4
        and all(isinstance(p, list) and len(p) >= 2
                and all(isinstance(v, int | float) for v in p[:2])
                and -180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in ring)
    )


def _thin(ring: list) -> list[list[float]]:
    step = max(1, math.ceil(len(ring) / MAX_POINTS))
    points = [[round(p[0], 5), round(p[1], 5)] for p in ring[::step]]
    if points[0] != points[-1]:
        points.append(points[0])
    return points


class TopologyError(ValueError):
    pass


def _arc_points(topology: dict) -> list[list[list[float]]]:
    """The arcs as [lon, lat] points: quantized arcs (with a ``transform``) are
    delta-encoded and scaled; plain arcs are positions already."""
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopologyError("arcs")
    transform = topology.get("transform")
    if transform is not None:
        try:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            sx, sy, tx, ty = float(sx), float(sy), float(tx), float(ty)
        except (KeyError, TypeError, ValueError):
            raise TopologyError("transform") from None
    out = []
    for arc in arcs:
        if not isinstance(arc, list):
            raise TopologyError("arc")
        points, x, y = [], 0.0, 0.0
        for position in arc:
            if (not isinstance(position, list) or len(position) < 2
                    or not all(isinstance(v, int | float) for v in position[:2])):
                raise TopologyError("position")
            if transform is None:
                points.append([float(position[0]), float(position[1])])
            else:
                x, y = x + position[0], y + position[1]
                points.append([x * sx + tx, y * sy + ty])
        out.append(points)
    return out


def _ring(indexes: Any, arcs: list) -> list[list[float]]:
    """A ring stitched from arc indexes (~i: arc i reversed); each arc after the first
    starts where the previous one ended, so its first point is left out."""
    if not isinstance(indexes, list):
        raise TopologyError("ring")
    ring: list[list[float]] = []
    for index in indexes:
        if not isinstance(index, int) or not -len(arcs) <= index < len(arcs):
            raise TopologyError("index")
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def topojson_features(topology: dict) -> dict:
    """A TopoJSON Topology (e.g. 国土数値情報 N03 converted with topojson / mapshaper) as a
    GeoJSON FeatureCollection of its Polygon and MultiPolygon geometries. TopologyError when
    the topology is malformed."""
    arcs = _arc_points(topology)
    objects = topology.get("objects")
    if not isinstance(objects, dict):
        raise TopologyError("objects")
    features = []

    def walk(geometry: Any) -> None:
        if not isinstance(geometry, dict):
            raise TopologyError("geometry")
        kind = geometry.get("type")
        if kind == "GeometryCollection":
            for child in geometry.get("geometries") or []:
                walk(child)
            return
        if kind == "Polygon":
            coordinates = [_ring(r, arcs) for r in geometry.get("arcs") or []]
        elif kind == "MultiPolygon":
            coordinates = [[_ring(r, arcs) for r in polygon] for polygon in geometry.get("arcs") or []]
        else:
            coordinates = None
        features.append({
            "type": "Feature", "properties": geometry.get("properties") or {},
            "geometry": {"type": kind, "coordinates": coordinates},
        })

    for geometry in objects.values():
        walk(geometry)
    return {"type": "FeatureCollection", "features": features}


def parse_geojson(data: bytes, codes: set[str]) -> tuple[dict[str, list], list[str]]:
    """(code -> outer rings, errors). Errors name the feature and what is wrong. A TopoJSON
    Topology is read as the FeatureCollection it encodes."""
    if len(data) > MAX_BYTES:
        return {}, [_("ファイルが大きすぎます（上限 %(mb)d MB）。") % {"mb": MAX_BYTES // 1024 // 1024}]
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep
        return {}, [_("GeoJSON（JSON）として読めません。")]
    if isinstance(document, dict) and document.get("type") == "Topology":
        try:
            document = topojson_features(document)
        except TopologyError:
            return {}, [_("TopoJSON（\"type\": \"Topology\"）として読めません（arcs・objects・transform が"
                          "正しくありません）。GeoJSON に変換したファイル（mapshaper の -o format=geojson など）"
                          "でも取り込めます。")]
    if (
        not isinstance(document, dict)
        or document.get("type") != "FeatureCollection"
        or not isinstance(document.get("features"), list)
    ):
        return {}, [_("GeoJSON の FeatureCollection でも TopoJSON の Topology でもありません"
                      "（\"type\": \"FeatureCollection\" と \"features\"、または \"type\": \"Topology\" が必要です）。")]
    shapes: dict[str, list] = {}
    errors: list[str] = []
    for i, feature in enumerate(document["features"], start=1):
        if len(errors) >= 20:
            break
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(_("%(n)d 番目の要素が Feature ではありません。") % {"n": i})
            continue
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        code = str(properties.get(CODE_PROPERTY) or "").strip()
        if len(code) == 6 and code.isdigit():
            code = code[:5]
        if code not in codes:
            continue
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            geometry = {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon" and isinstance(coordinates, list):
            polygons = [coordinates]
        elif kind == "MultiPolygon" and isinstance(coordinates, list):
            polygons = coordinates
        else:
            errors.append(_("%(n)d 番目の Feature（%(code)s）の geometry が Polygon・MultiPolygon ではありません。")
                          % {"n": i, "code": code})
            continue
        for polygon in polygons:
            if not isinstance(polygon, list) or not polygon or not _ring_ok(polygon[0]):
                errors.append(_("%(n)d 番目の Feature（%(code)s）の座標が正しくありません（[経度, 緯度] の閉じた環が必要です）。")
                              % {"n": i, "code": code})
                break
            shapes.setdefault(code, []).append(_thin(polygon[0]))
    if not errors and not shapes:
        errors.append(_("圏域の市町村（%(codes)s）の境界がありません。属性 %(property)s に市町村コードが必要です。")
                      % {"codes": "、".join(sorted(codes)), "property": CODE_PROPERTY})
    return shapes, errors


def outlines(region: Any) -> list[dict[str, Any]]:
    """The region's imported boundaries for the public 居場所 map: one outline per
    municipality, [] when none were imported."""
    from tsunagu.assessment.models import Boundary

    boundary = Boundary.objects.filter(region=region).first()
    if boundary is None:
        return []
    names = dict(region.municipalities.values_list("code", "name"))
    return [
        {"name": names.get(code, code), "rings": rings}
        for code, rings in sorted(boundary.shapes.items())
        if code in names
    ]


def _scores(table: Any, category: Any) -> dict[str, float]:
    out = {}
    for m in table.municipalities:
        cells = table.row(m)
        if category is not None:
            cells = [c for c in cells if c.category.pk == category.pk]
        out[m.code] = max((c.score for c in cells), default=0.0)
    return out


def alt_text(table: Any, category: Any = None) -> str:
    scores = _scores(table, category)
    names = {m.code: m.name for m in table.municipalities}
    parts = [f"{names[code]} {score}" for code, score in scores.items()]
    return _("市町村ごとのギャップ指数（最大値）：%(parts)s") % {"parts": "、".join(parts)}


def choropleth_svg(boundary: Any, table: Any, *, category: Any = None) -> bytes:
    scores = _scores(table, category)
    names = {m.code: m.name for m in table.municipalities}
    points = [p for rings in boundary.shapes.values() for ring in rings for p in ring]
    if not points:
        return b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    lat = math.radians((min_y + max_y) / 2)
    width = 600.0
    scale = width / max((max_x - min_x) * math.cos(lat), 1e-9)
    height = (max_y - min_y) * scale
    top = max(scores.values(), default=0) or 1

    def xy(p: list[float]) -> str:
        return f"{(p[0] - min_x) * math.cos(lat) * scale:.1f},{(max_y - p[1]) * scale:.1f}"

    title = (_("ギャップ指数の地図（%(category)s）") % {"category": category.label} if category
             else _("ギャップ指数の地図"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + 40:.0f}" '
        f'role="img" aria-label={quoteattr(alt_text(table, category))}>',
        f"<title>{escape(title)}</title>",
    ]
    for code, rings in sorted(boundary.shapes.items()):
        score = scores.get(code, 0)
        color = PALETTE[min(len(PALETTE) - 1, math.ceil(score / top * (len(PALETTE) - 1)))]
        d = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in rings)
        parts.append(
            f'<path d="{d}" fill="{color}" stroke="#1b1f23" stroke-width="0.8">'
            f"<title>{escape(names.get(code, code))} {score}</title></path>"
        )
    for code, rings in sorted(boundary.shapes.items()):
        ring = max(rings, key=len)
        cx = sum((p[0] - min_x) * math.cos(lat) * scale for p in ring) / len(ring)
        cy = sum((max_y - p[1]) * scale for p in ring) / len(ring)
        parts.append(
            f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="12" text-anchor="middle" '
            f'fill="#1b1f23">{escape(names.get(code, code))} {scores.get(code, 0)}</text>'
        )
    parts.append(
        f'<text x="4" y="{height + 30:.0f}" font-size="11" fill="#1b1f23">'
        f"{escape(_('出典: %(source)s') % {'source': boundary.source_name})}</text>"
    )
    parts.append("</svg>")
    return "".join(parts).encode("utf-8")
