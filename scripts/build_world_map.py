"""Build the dashboard's offline base map, brinkwatch/web/static/world.svg, from Natural Earth.

Source: the Natural Earth 1:110m admin-0 countries (public domain, naturalearthdata.com), as bundled
in the PyPI wheel geopandas==0.14.4 (geopandas/datasets/naturalearth_lowres/). Fetch that wheel with
`pip download --no-deps geopandas==0.14.4` and run:

    python scripts/build_world_map.py geopandas-0.14.4-py3-none-any.whl

The map is equirectangular (x = longitude, y = -latitude, viewBox -180 -90 360 150), the projection
map.js plots event coordinates in. Points are rounded to 0.1 degree and repeats dropped, which keeps
the file small with no visible loss at dashboard sizes. Antarctica is left out (no events happen there
that a country outline would help place).
"""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

SHP = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp"
OUT = Path(__file__).resolve().parents[1] / "brinkwatch" / "web" / "static" / "world.svg"
POLYGON = 5
SOUTH_LIMIT = -60.0  # rings entirely south of this (Antarctica) are dropped


def rings(shp: bytes) -> list[list[tuple[float, float]]]:
    """Every polygon ring of an ESRI shapefile (the format is public: ESRI white paper, 1998)."""
    found: list[list[tuple[float, float]]] = []
    offset = 100  # the file header
    while offset < len(shp):
        _, words = struct.unpack(">ii", shp[offset : offset + 8])
        content = shp[offset + 8 : offset + 8 + 2 * words]
        offset += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != POLYGON:
            continue
        parts_count, points_count = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", content[44 : 44 + 4 * parts_count]))
        start = 44 + 4 * parts_count
        points = [struct.unpack("<2d", content[start + 16 * i : start + 16 * (i + 1)]) for i in range(points_count)]
        for first, last in zip(parts, [*parts[1:], points_count], strict=True):
            found.append([(x, y) for x, y in points[first:last]])
    return found


def path(ring: list[tuple[float, float]]) -> str:
    kept: list[str] = []
    for lon, lat in ring:
        point = f"{lon:.1f} {-lat:.1f}".replace(".0 ", " ").removesuffix(".0")
        if not kept or kept[-1] != point:
            kept.append(point)
    return "M" + "L".join(kept) + "Z" if len(kept) > 3 else ""


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shp = archive.read(SHP)
    paths = [path(ring) for ring in rings(shp) if max(lat for _, lat in ring) > SOUTH_LIMIT]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 150">'
        "<!-- Natural Earth 1:110m countries, public domain; built by scripts/build_world_map.py -->"
        '<path fill="#dfe6ea" stroke="#9aa9b3" stroke-width="0.2" stroke-linejoin="round" d="'
        + "".join(p for p in paths if p)
        + '"/></svg>\n'
    )
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT} ({len(svg)} bytes, {sum(1 for p in paths if p)} rings)")


if __name__ == "__main__":
    main(sys.argv[1])
