"""The world outline plotly's geo charts draw, built from installed data so the report never
fetches it.

plotly.js fetches its base map (`<topojsonURL>/world_110m.json`) from a CDN unless
`window.PlotlyGeoAssets.topojson` already holds it. This module builds that TopoJSON from the
country outlines `countryinfo` ships (Natural Earth's 1:110m countries, public domain, via the
MIT-licensed package): every ring is its own arc (no shared topology, no quantisation), which
topojson-client reads as well as a compressed file. Objects `land`, `countries` and `coastlines`
are the same countries, for the layers the map shows.
"""

from __future__ import annotations

import json
from functools import lru_cache

import countryinfo

# plotly.js's name for the world map at 1:110m (scope "world", resolution 110).
TOPOJSON_NAME = "world_110m"
# Decimal places kept: 0.01 degrees (about 1 km) is finer than a 1:110m outline.
COORDINATE_DECIMALS = 2


@lru_cache(maxsize=1)
def world_topojson() -> dict:
    arcs: list[list[list[float]]] = []
    geometries = []

    def ring_arc(ring: list[list[float]]) -> list[int]:
        arcs.append([[round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)] for x, y in ring])
        return [len(arcs) - 1]

    for country in countryinfo.all_countries():
        info = country.info()
        for feature in (info.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") == "Polygon":
                polygons = [geometry["coordinates"]]
            elif geometry.get("type") == "MultiPolygon":
                polygons = geometry["coordinates"]
            else:
                continue
            geometries.append({
                "type": "MultiPolygon", "id": feature.get("id"),
                "arcs": [[ring_arc(ring) for ring in polygon] for polygon in polygons],
            })
    collection = {"type": "GeometryCollection", "geometries": geometries}
    return {"type": "Topology", "arcs": arcs,
            "objects": {"land": collection, "countries": collection, "coastlines": collection}}


def geo_assets_script() -> str:
    """A <script> that hands plotly.js the outline before any chart asks for it."""
    payload = json.dumps({TOPOJSON_NAME: world_topojson()}, separators=(",", ":"))
    return f"<script>window.PlotlyGeoAssets = {{topojson: {payload}}};</script>"
