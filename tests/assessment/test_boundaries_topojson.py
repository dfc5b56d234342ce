"""Boundaries as TopoJSON (国土数値情報 N03 as mirrors publish it, converted by topojson or
mapshaper): arcs quantized and delta-encoded, shared between neighbours, reversed with ~i.

tests/assessment/data/official/n03_topology.json, by hand: scale 0.01, translate (140.3, 35.5).
Arc 0 = (10,0)→(10,10), the border of 東金市 and 山武市. 東金市 = arcs [0, 1]: (10,0) (10,10)
(0,10) (0,0) (10,0) → 140.4,35.5 140.4,35.6 140.3,35.6 140.3,35.5 140.4,35.5. 山武市 (a
MultiPolygon) = arcs [2, 0]: (10,10) (20,10) (20,0) (10,0) (10,10). 千葉市 (12100) is not in
the region and is left out."""

import json

from tests.assessment.helpers import DATA

from tsunagu.assessment.maps import parse_geojson

TOPOLOGY = DATA / "official" / "n03_topology.json"
SANBU = {"12213", "12237", "12239", "12403", "12409", "12410"}


def test_topojson_is_read_like_geojson():
    shapes, errors = parse_geojson(TOPOLOGY.read_bytes(), SANBU)
    assert errors == []
    assert sorted(shapes) == ["12213", "12237"]
    assert shapes["12213"] == [[[140.4, 35.5], [140.4, 35.6], [140.3, 35.6], [140.3, 35.5],
                                [140.4, 35.5]]]
    assert shapes["12237"] == [[[140.4, 35.6], [140.5, 35.6], [140.5, 35.5], [140.4, 35.5],
                                [140.4, 35.6]]]


def test_a_broken_topology_says_it_is_topojson():
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    topology["objects"]["N03-20240101_12"]["geometries"][0]["arcs"] = [[0, 9]]
    shapes, errors = parse_geojson(json.dumps(topology).encode(), SANBU)
    assert shapes == {}
    assert errors[0].startswith("TopoJSON（\"type\": \"Topology\"）として読めません")
    assert "GeoJSON" in errors[0]


def test_a_file_that_is_neither_names_both():
    _shapes, errors = parse_geojson(b'{"type": "Feature"}', SANBU)
    assert "TopoJSON" in errors[0] and "FeatureCollection" in errors[0]
