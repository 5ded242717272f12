"""Place resolution: which GeoNames place each toponym of an article names, and how sure we are.

Candidates come from the gazetteer; each is scored on its own prior (countries over regions over
admin1 over cities, cities by population, capitals a little higher), on how the name matched (a
place's own name over an alternate name over a transliteration skeleton), on the countries the
article and the sentence talk about (country names, demonyms, the dateline, unambiguous cities),
on "Paris, Texas"-style qualifiers and "X province" hints, and on closeness to the article's other
places. The confidence is the margin between the best candidate and the runner-up.

Every toponym comes out as a Location: resolved ones with a Place, unresolvable ones with their raw
text and precision "unknown", never dropped. Demonyms are not places; they only inform the context.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from brinkwatch.coding.gazetteer import (
    ADMIN1,
    ALIAS,
    ALTERNATE,
    CITY,
    COUNTRY,
    PRIMARY,
    REGION,
    SKELETON,
    Gazetteer,
    GazetteerEntry,
    Match,
    load_gazetteer,
    normalize,
)
from brinkwatch.coding.toponyms import Toponym, find_toponyms
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Article, Location, LocationPrecision, Place
from brinkwatch.pipeline import stage

__all__ = ["place_of", "places_stage", "resolve_article", "resolve_toponyms"]

_FEATURE_PRIOR = {COUNTRY: 3.0, REGION: 2.6, ADMIN1: 2.0}
_KIND_BONUS = {PRIMARY: 0.0, ALIAS: 1.0, ALTERNATE: -0.8, SKELETON: -1.2}
_KIND_TRUST = {PRIMARY: 1.0, ALIAS: 1.0, ALTERNATE: 0.9, SKELETON: 0.7}
_PRECISION = {
    COUNTRY: LocationPrecision.COUNTRY,
    ADMIN1: LocationPrecision.ADMIN1,
    REGION: LocationPrecision.ADMIN1,
    CITY: LocationPrecision.EXACT,
}


def _prior(entry: GazetteerEntry) -> float:
    if entry.feature in _FEATURE_PRIOR:
        return _FEATURE_PRIOR[entry.feature]
    return 0.5 * math.log10(entry.population + 10) + (0.4 if entry.code == "PPLC" else 0.0)


def _distance_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _unambiguous_country(toponym: Toponym) -> str | None:
    """The country a toponym certainly names or lies in, when its candidates agree (or one dominates)."""
    if toponym.demonym:
        return toponym.demonym
    strong = [m for m in toponym.matches if m.kind in (PRIMARY, ALIAS)]
    if not strong:
        return None
    countries = [m.entry for m in strong if m.entry.feature == COUNTRY]
    if countries:
        return countries[0].country
    ranked = sorted(strong, key=lambda m: -m.entry.population)
    if len({m.entry.country for m in ranked}) == 1:
        return ranked[0].entry.country
    if len(ranked) > 1 and ranked[0].entry.population > 20 * max(ranked[1].entry.population, 1):
        return ranked[0].entry.country
    return None


def _context(toponyms: Iterable[Toponym]) -> Counter[str]:
    weights: Counter[str] = Counter()
    for toponym in toponyms:
        country = _unambiguous_country(toponym)
        if country is None:
            continue
        is_country = any(m.entry.feature == COUNTRY and m.entry.country == country for m in toponym.matches)
        weights[country] += 1.0 if is_country else 0.5
    return weights


class _Resolver:
    def __init__(self, gazetteer: Gazetteer, toponyms: list[Toponym], dateline: Toponym | None) -> None:
        self.gazetteer = gazetteer
        self.article = _context(toponyms)
        if dateline is not None and (country := _unambiguous_country(dateline)):
            self.article[country] += 2.0
        self.sentences: dict[int, Counter[str]] = {}
        for toponym in toponyms:
            self.sentences.setdefault(toponym.sentence_index, Counter())
        for index in self.sentences:
            self.sentences[index] = _context(t for t in toponyms if t.sentence_index == index)
        top = [cc for cc, _ in self.article.most_common(3)]
        self.neighbours = frozenset(n for cc in top for n in gazetteer.neighbours(cc))
        self.anchors: list[tuple[int, GazetteerEntry]] = []

    def score(self, toponym: Toponym, match: Match, index: int) -> float:
        entry = match.entry
        score = _prior(entry) + _KIND_BONUS[match.kind]
        if match.kind == SKELETON:
            similarity = SequenceMatcher(None, _bare(toponym.text), _bare(entry.name)).ratio()
            score -= 2.0 * (1.0 - similarity)
        sentence = self.sentences.get(toponym.sentence_index, Counter())
        own = entry.country if entry.feature == COUNTRY and _names_itself(toponym, entry) else None
        if sentence.get(entry.country, 0) - (1.0 if own else 0.0) > 0:
            score += 1.5
        article_weight = self.article.get(entry.country, 0) - (1.0 if own else 0.0)
        if article_weight > 0:
            score += min(1.5, 0.75 * article_weight)
        elif entry.country in self.neighbours:
            score += 0.3
        if toponym.qualifier is not None and _inside(entry, toponym.qualifier):
            score += 6.0
        if toponym.admin_hint:
            score += 3.0 if entry.feature in (ADMIN1, REGION) else -1.0
        if entry.feature == CITY and self.anchors:
            nearest = min((_distance_km(entry, other) for i, other in self.anchors if i != index), default=math.inf)
            score += 1.0 if nearest < 150 else 0.5 if nearest < 500 else 0.0
        return score

    def resolve(self, toponym: Toponym, index: int) -> tuple[Match | None, float]:
        if not toponym.matches:
            return None, 0.0
        scored = sorted(((self.score(toponym, m, index), m) for m in toponym.matches), key=lambda sm: -sm[0])
        best_score, best = scored[0]
        rivals = [s for s, m in scored[1:] if m.entry.rid != best.entry.rid and not _same_place(m.entry, best.entry)]
        margin = best_score - rivals[0] if rivals else 3.0
        if best.kind == SKELETON and best_score < 0.8:
            return None, 0.0  # a weak transliteration guess is worse than an honest unknown
        confidence = _KIND_TRUST[best.kind] / (1.0 + math.exp(-1.5 * margin))
        return best, round(confidence, 2)


def _bare(name: str) -> str:
    words = normalize(name).split()
    return " ".join(w for w in words if w not in ("al", "el", "ad", "ash", "as", "az", "ez", "an", "ar", "at"))


def _names_itself(toponym: Toponym, entry: GazetteerEntry) -> bool:
    """A country mention is no context for itself (it would always vote for its own reading)."""
    return any(m.entry.rid == entry.rid for m in toponym.matches)


def _same_place(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    """A city and the region or governorate named after it are rivals only if they lie apart."""
    return a.country == b.country and {a.feature, b.feature} != {CITY} and _distance_km(a, b) < 60


def _inside(entry: GazetteerEntry, qualifier: Toponym) -> bool:
    for match in qualifier.matches:
        outer = match.entry
        if outer.country != entry.country:
            continue
        if outer.feature == COUNTRY or (outer.admin1 is not None and outer.admin1 == entry.admin1):
            return True
    return False


def place_of(gazetteer: Gazetteer, entry: GazetteerEntry) -> Place:
    """The data-model Place of a gazetteer entry (country as ISO alpha-3, admin1 by name)."""
    if entry.feature in (ADMIN1, REGION):
        admin1: str | None = entry.name
    elif entry.feature == CITY:
        region = gazetteer.admin1(entry.country, entry.admin1)
        admin1 = region.name if region else None
    else:
        admin1 = None
    return Place(
        name=entry.name,
        geonames_id=entry.geonames_id,
        country=gazetteer.iso3(entry.country),
        admin1=admin1,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.feature,
        code=entry.code,
    )


def resolve_toponyms(
    gazetteer: Gazetteer, toponyms: list[Toponym], dateline: Toponym | None = None
) -> list[Location]:
    """One Location per place toponym (demonyms excluded), in text order."""
    places = [t for t in toponyms if t.demonym is None]
    resolver = _Resolver(gazetteer, toponyms, dateline)
    first = [resolver.resolve(t, i) for i, t in enumerate(places)]
    resolver.anchors = [
        (i, match.entry)
        for i, (match, confidence) in enumerate(first)
        if match is not None and match.entry.feature == CITY and confidence >= 0.7
    ]
    locations = []
    for index, toponym in enumerate(places):
        match, confidence = resolver.resolve(toponym, index) if resolver.anchors else first[index]
        if match is None:
            locations.append(Location(text=toponym.text, start=toponym.start, end=toponym.end))
            continue
        locations.append(
            Location(
                text=toponym.text,
                start=toponym.start,
                end=toponym.end,
                place=place_of(gazetteer, match.entry),
                precision=_PRECISION[match.entry.feature],
                confidence=confidence,
            )
        )
    return locations


def _entities(article: Article) -> list[tuple[int, int, str]]:
    """Named entities from the trained pipeline, when one is installed; none otherwise."""
    from brinkwatch.language.nlp import model_path

    if not (model_path() / "config.cfg").is_file():
        return []  # checked first: importing spaCy only to learn there is no model costs seconds
    try:
        from brinkwatch.language.parse import parse_article

        doc = parse_article(article)
    except ConfigurationError:
        return []
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def find_article_toponyms(gazetteer: Gazetteer, article: Article, *, use_model: bool = True) -> list[Toponym]:
    entities = _entities(article) if use_model else []
    toponyms: list[Toponym] = []
    for sentence in article.sentences:
        local = [
            (start - sentence.start, end - sentence.start, label)
            for start, end, label in entities
            if sentence.start <= start and end <= sentence.end
        ]
        toponyms += find_toponyms(gazetteer, sentence.text, sentence.start, sentence.index, local)
    return toponyms


def resolve_article(article: Article, gazetteer: Gazetteer | None = None, *, use_model: bool = True) -> list[Location]:
    gazetteer = gazetteer or load_gazetteer()
    toponyms = find_article_toponyms(gazetteer, article, use_model=use_model)
    dateline = None
    if article.dateline:
        found = find_toponyms(gazetteer, article.dateline.title(), 0, -1)
        dateline = found[0] if found else None
    return resolve_toponyms(gazetteer, toponyms, dateline)


@stage("places", requires={"text", "sentences"}, assigns={"places"})
def places_stage(article: Article) -> Article:
    """Every place the article names, resolved against the gazetteer (Article.places)."""
    article.places = resolve_article(article)
    return article
