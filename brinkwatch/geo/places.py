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
from collections import defaultdict
from difflib import SequenceMatcher

from brinkwatch.geo.gazetteer import (
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
from brinkwatch.geo.toponyms import Toponym, find_toponyms
from brinkwatch.model import Article, Location, LocationPrecision, Place
from brinkwatch.pipeline import stage

__all__ = ["place_of", "places_stage", "resolve_article", "resolve_toponyms"]

_FEATURE_PRIOR = {COUNTRY: 3.6, REGION: 2.6, ADMIN1: 2.5}
_KIND_BONUS = {PRIMARY: 0.0, ALIAS: 1.0, ALTERNATE: -0.5, SKELETON: -1.2}
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
    # cities500 lists some towns with population 0 (unknown): count them as the 500 they have at least.
    return 0.5 * math.log10(max(entry.population, 500)) + (0.4 if entry.code == "PPLC" else 0.0)


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
    countries = [m.entry for m in strong if m.entry.feature == COUNTRY]
    if countries:
        return countries[0].country
    ranked = sorted(strong, key=lambda m: -m.entry.population)
    if ranked and len({m.entry.country for m in ranked}) == 1:
        return ranked[0].entry.country
    if len(ranked) > 1 and ranked[0].entry.population > 20 * max(ranked[1].entry.population, 1):
        return ranked[0].entry.country
    return None


Vote = tuple[str, float] | None  # the country a toponym speaks for, and how loudly


def _vote(toponym: Toponym, country: str | None, feature: str | None, confidence: float = 1.0) -> Vote:
    if country is None:
        return None
    return country, (1.0 if feature == COUNTRY else 0.5) * confidence


class _Resolver:
    """Scores candidates against the article's and the sentence's countries, in two passes.

    The first pass votes with what is unambiguous (country names, demonyms, cities whose readings agree);
    the second with what the first resolved. A toponym never votes for its own reading.
    """

    def __init__(self, gazetteer: Gazetteer, toponyms: list[Toponym], dateline: Toponym | None) -> None:
        self.gazetteer = gazetteer
        self.toponyms = toponyms
        self.dateline = _unambiguous_country(dateline) if dateline is not None else None
        first = []
        for t in toponyms:
            country = _unambiguous_country(t)
            names_country = any(m.entry.feature == COUNTRY and m.entry.country == country for m in t.matches)
            feature = COUNTRY if names_country else None
            first.append(_vote(t, country, feature))
        self.tally(first)
        self.resolved: dict[int, GazetteerEntry] = {}

    def tally(self, votes: list[Vote]) -> None:
        self.votes = votes
        self.article: defaultdict[str, float] = defaultdict(float)
        self.sentences: dict[int, defaultdict[str, float]] = {}
        for toponym, vote in zip(self.toponyms, votes, strict=True):
            if vote is not None:
                self.article[vote[0]] += vote[1]
                self.sentences.setdefault(toponym.sentence_index, defaultdict(float))[vote[0]] += vote[1]
        if self.dateline:
            self.article[self.dateline] += 2.0
        top = sorted(self.article, key=lambda cc: -self.article[cc])[:3]
        self.neighbours = frozenset(n for cc in top for n in self.gazetteer.neighbours(cc))

    def score(self, index: int, match: Match) -> float:
        toponym, entry = self.toponyms[index], match.entry
        score = _prior(entry) + _KIND_BONUS[match.kind]
        if match.kind >= ALTERNATE and any(m.entry.feature == COUNTRY and m.kind <= ALIAS for m in toponym.matches):
            score -= 3.0  # "Iraq" is the country, not the Iranian city one spelling of whose name it also is
        if match.kind == SKELETON:
            similarity = SequenceMatcher(None, _bare(toponym.text), _bare(entry.name)).ratio()
            score -= 2.0 * (1.0 - similarity)
        own = self.votes[index]
        own_weight = own[1] if own is not None and own[0] == entry.country else 0.0
        sentence = self.sentences.get(toponym.sentence_index)
        if sentence is not None and sentence.get(entry.country, 0.0) - own_weight > 0:
            score += 1.5
        article_weight = self.article.get(entry.country, 0) - own_weight
        if article_weight > 0:
            score += min(1.5, 0.75 * article_weight)
        elif entry.country in self.neighbours:
            score += 0.3
        if entry.feature == ADMIN1 and any(
            m.entry.feature == CITY and (entry.lat is None or _distance_km(m.entry, entry) < 60)
            for m in toponym.matches
        ):
            score -= 2.0  # a governorate named after its capital: the city is meant unless "province" follows
        if toponym.qualifier is not None and _inside(entry, toponym.qualifier):
            score += 6.0
        qualified = self.resolved.get(self.toponyms.index(toponym.qualifies)) if toponym.qualifies else None
        if qualified is not None and _contains_entry(entry, qualified):
            score += 6.0
        if toponym.admin_hint:
            score += 3.0 if entry.feature in (ADMIN1, REGION) else -1.0
        nearest = min(
            (_distance_km(entry, other) for i, other in self.resolved.items() if i != index and other.feature == CITY),
            default=math.inf,
        )
        score += 1.0 if nearest < 150 else 0.5 if nearest < 500 else 0.0
        return score

    def resolve(self, index: int) -> tuple[Match | None, float]:
        toponym = self.toponyms[index]
        if not toponym.matches:
            return None, 0.0
        scored = sorted(((self.score(index, m), m) for m in toponym.matches), key=lambda sm: -sm[0])
        best_score, best = scored[0]
        rivals = [s for s, m in scored[1:] if m.entry.rid != best.entry.rid and not _same_place(m.entry, best.entry)]
        margin = best_score - rivals[0] if rivals else 3.0
        if best.kind == SKELETON and best_score < 0.8 and not _close_spelling(toponym, best.entry):
            return None, 0.0  # a weak transliteration guess is worse than an honest unknown
        confidence = _KIND_TRUST[best.kind] / (1.0 + math.exp(-1.5 * margin))
        return best, round(confidence, 2)

    def run(self) -> list[tuple[Match | None, float]]:
        order = sorted(range(len(self.toponyms)), key=lambda i: self.toponyms[i].qualifies is not None)
        results: dict[int, tuple[Match | None, float]] = {}
        for _ in range(2):
            for index in order:
                results[index] = self.resolve(index)
                match, confidence = results[index]
                if match is not None and confidence >= 0.6:
                    self.resolved[index] = match.entry
            votes: list[Vote] = []
            for index, toponym in enumerate(self.toponyms):
                match, _ = results[index]
                if toponym.demonym:
                    votes.append(_vote(toponym, toponym.demonym, None))
                elif match is not None and results[index][1] >= 0.5:
                    votes.append(_vote(toponym, match.entry.country, match.entry.feature, results[index][1]))
                else:
                    votes.append(None)
            self.tally(votes)
        return [results[i] for i in range(len(self.toponyms))]


def _contains_entry(outer: GazetteerEntry, inner: GazetteerEntry) -> bool:
    if outer.country != inner.country or outer.rid == inner.rid:
        return False
    if outer.feature == COUNTRY:
        return True
    return outer.feature in (ADMIN1, REGION) and (outer.admin1 is None or outer.admin1 == inner.admin1)


def _close_spelling(toponym: Toponym, entry: GazetteerEntry) -> bool:
    """After a locative cue, a near-identical spelling is evidence enough, however small the place."""
    return toponym.cue is not None and SequenceMatcher(None, _bare(toponym.text), _bare(entry.name)).ratio() >= 0.85


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
    return any(_contains_entry(match.entry, entry) for match in qualifier.matches)


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


def resolve_toponyms(gazetteer: Gazetteer, toponyms: list[Toponym], dateline: Toponym | None = None) -> list[Location]:
    """One Location per place toponym (demonyms inform the context and are left out), in text order."""
    results = _Resolver(gazetteer, toponyms, dateline).run()
    locations = []
    for toponym, (match, confidence) in zip(toponyms, results, strict=True):
        if toponym.demonym:
            continue
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


def find_article_toponyms(gazetteer: Gazetteer, article: Article) -> list[Toponym]:
    """Toponyms of every sentence, from the gazetteer and the sentence's own cues.

    The language model's entities are not used: with them the geo set scored 97.0% exact places
    against 97.5% without (and the held-out set the same), and the coding parse skips the entity
    recogniser for speed (language.parse).
    """
    toponyms: list[Toponym] = []
    for sentence in article.sentences:
        toponyms += find_toponyms(gazetteer, sentence.text, sentence.start, sentence.index)
    return toponyms


def resolve_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Location]:
    gazetteer = gazetteer or load_gazetteer()
    toponyms = find_article_toponyms(gazetteer, article)
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
