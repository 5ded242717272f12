"""The actor and event stages: a parsed article in, `Article.mentions` and `Article.events` out.

Both stages code the article's sentences in order with one `ActorCoder`, so pronouns and short
forms ("he", "the group") resolve to actors named earlier, and "we" in a quote to its speaker.
Without a language model nothing can be coded. That is a fault of the installation, not of any one
article, so the stages log one warning per process that says how to install the model and leave
mentions and events empty (`brinkwatch code`, whose only job is coding, fails with that error).
"""

from __future__ import annotations

import hashlib
import logging
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from brinkwatch.coding.actors import ActorCoder, CodedActor
from brinkwatch.coding.dictionary import ActorDictionary
from brinkwatch.coding.events import EventCoder, RawEvent
from brinkwatch.coding.petrarch_format import Discards
from brinkwatch.errors import ConfigurationError
from brinkwatch.language.parse import parse_article
from brinkwatch.model import ActorMention, Article, Event, Evidence, Location, Span
from brinkwatch.pipeline import stage

__all__ = ["ArticleCoding", "actor_stage", "article_coding", "code_article", "event_stage", "to_events"]

_SPEECH = frozenset({"say", "said", "says", "tell", "told", "tells", "warn", "warned", "add", "added", "note", "noted"})
_QUOTES = "\"“”'‘"
logger = logging.getLogger("brinkwatch.coding")
_warned: list[bool] = []  # one warning per process, not one per article
_last: list[tuple[tuple[Any, ...], ArticleCoding]] = []
_NO_MODEL = (
    "no language model could be loaded, so actors and events were not coded; install the trained "
    "pipeline (brinkwatch/resources/en_brinkwatch) or point BRINKWATCH_MODEL at one"
)
_NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


@dataclass(slots=True)
class ArticleCoding:
    mentions: list[ActorMention]
    events: list[Event]


def _article_date(article: Article) -> date | None:
    return article.published_at.date() if article.published_at else None


def code_article(
    article: Article,
    doc: Any,
    *,
    dictionary: ActorDictionary | None = None,
    coder: EventCoder | None = None,
    discards: Discards | None = None,
) -> ArticleCoding:
    """Code one parsed article: its actor mentions and its events, in text order.

    Sentences matching a discard phrase (sports, weather; a '+' phrase discards the whole story)
    give no events; their actors are still mentioned.
    """
    actors = ActorCoder(dictionary, _article_date(article))
    coder = coder or EventCoder()
    matches = actors.match(doc)
    starts = [s.start for s in article.sentences]
    mentions: dict[tuple[int, int], ActorMention] = {}
    events: list[Event] = []
    seen: set[str] = set()
    for sent in _sentences(article, doc):
        tokens = list(sent)
        _track_speaker(sent, tokens, actors, matches)
        index = _sentence_index(starts, sent.start_char)
        for token in tokens:
            if _mention_head(token):
                coded = actors.code(doc, token, matches, resolve=False)
                if coded is not None and (coded.code or coded.text):
                    mention = _mention(doc, coded, index)
                    mentions.setdefault((mention.start, mention.end), mention)
        if discards is not None and discards.discards(sent.text, article.text):
            continue
        for raw in coder.code_sentence(sent, actors, matches):
            event = _event(article, doc, sent, raw, index, coder)
            if event is not None and event.id not in seen:
                seen.add(event.id)
                events.append(event)
    return ArticleCoding(sorted(mentions.values(), key=lambda m: m.start), events)


def _sentences(article: Article, doc: Any) -> list[Any]:
    """The article's own sentences as Doc spans (so evidence indexes match `Article.sentences`)."""
    spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in article.sentences]
    found = [span for span in spans if span is not None and len(span)]
    return found or list(doc.sents)


def _mention_head(token: Any) -> bool:
    if token.pos_ not in ("NOUN", "PROPN") or token.is_space or not token.text.strip():
        return False
    if token.ent_type_ in _NOT_ACTORS or token.lower_ in _CALENDAR:
        return False
    return not token.dep_.startswith(("compound", "flat"))


def _track_speaker(sent: Any, tokens: list[Any], actors: ActorCoder, matches: Any) -> None:
    """Who speaks in this sentence ("..., Netanyahu said"); a quote-only sentence keeps the last one."""
    for token in tokens:
        if token.lower_ in _SPEECH and token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ == "nsubj" and not c.is_space), None)
            if subject is not None:
                coded = actors.code(sent.doc, subject, matches, resolve=False)
                if coded is not None and coded.code:
                    actors.speaker = coded
                    return
    if not sent.text.lstrip().startswith(tuple(_QUOTES)):
        actors.speaker = None


def _sentence_index(starts: list[int], char: int) -> int:
    return max(bisect_right(starts, char) - 1, 0)


def _mention(doc: Any, actor: CodedActor, sentence: int | None) -> ActorMention:
    if actor.end <= actor.start:  # an unknown actor: no words name it
        char = doc[actor.head].idx
        return ActorMention("", char, char, actor.code, None, None, list(actor.sectors), None, True, sentence)
    span = doc[actor.start : actor.end]
    return ActorMention(
        span.text,
        span.start_char,
        span.end_char,
        actor.code,
        None,
        actor.country,
        list(actor.sectors),
        actor.affiliation,
        actor.anonymous,
        sentence,
    )


def _event(article: Article, doc: Any, sent: Any, raw: RawEvent, index: int, coder: EventCoder) -> Event | None:
    info = coder.cameo.get(raw.code)
    if info is None or not info.plover_type:
        return None  # plain statements (CAMEO 01x) have no PLOVER type
    trigger = doc[raw.trigger]
    actor = _mention(doc, raw.source, index) if raw.source else None
    recipient = _mention(doc, raw.target, index) if raw.target else None
    where = None
    place_span = None
    if raw.place is not None:
        place = doc[raw.place[0] : raw.place[1]]
        where = Location(place.text, place.start_char, place.end_char)
        place_span = Span(place.start_char, place.end_char)
    key = "|".join(
        [article.id, str(index), str(trigger.idx), raw.code, actor.code or "" if actor else "", _code(recipient)]
    )
    return Event(
        type=info.plover_type,
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        mode=raw.mode or info.plover_mode,
        context=list(info.plover_context),
        actor=actor,
        recipient=recipient,
        trigger=trigger.text,
        cameo=raw.code,
        goldstein=coder.cameo.goldstein(raw.code),
        quad_class=info.quad_class,
        where=where,
        dead=raw.dead,
        injured=raw.injured,
        evidence=Evidence(
            index,
            sent.text,
            Span(trigger.idx, trigger.idx + len(trigger.text)),
            Span(actor.start, actor.end) if actor and actor.text else None,
            Span(recipient.start, recipient.end) if recipient and recipient.text else None,
            place_span,
        ),
    )


def _code(mention: ActorMention | None) -> str:
    return (mention.code or "") if mention else ""


def to_events(article: Article) -> Iterator[Event]:
    yield from article.events


def article_coding(article: Article) -> ArticleCoding | None:
    """The article's coding, computed once for both stages (the last article's is kept)."""
    key = (article.id, hash(article.text), article.published_at)
    if _last and _last[0][0] == key:
        return _last[0][1]
    try:
        doc = parse_article(article)
    except ConfigurationError as exc:
        if not _warned:
            _warned.append(True)
            logger.warning("%s (%s)", _NO_MODEL, exc)
        return None
    coding = code_article(article, doc)
    _last[:] = [(key, coding)]
    return coding


@stage("actors", requires={"text", "sentences"}, assigns={"mentions"})
def actor_stage(article: Article) -> Article:
    coding = article_coding(article)
    if coding is not None:
        article.mentions = coding.mentions
    return article


@stage("events", requires={"sentences", "mentions"}, assigns={"events"})
def event_stage(article: Article) -> Article:
    coding = article_coding(article)
    if coding is not None:
        article.events = coding.events
    return article
