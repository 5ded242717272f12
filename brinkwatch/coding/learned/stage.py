"""The `events` stage of the learned coder: candidates from the parse, scores from the model, events out.

Sentences without a candidate mention skip the encoder. The rule coder still runs underneath: its
mentions are the candidates and its verb patterns give the CAMEO code and trigger where it agrees on
the type. Events are then merged to one per happening per article (`decode.merge_happenings`).
"""

from __future__ import annotations

from brinkwatch.coding.learned.candidates import article_candidates
from brinkwatch.coding.learned.decode import decide, merge_happenings, to_event
from brinkwatch.coding.learned.entities import load_entity_head
from brinkwatch.coding.learned.entity_candidates import add_entity_candidates
from brinkwatch.coding.learned.fill_codes import CodeFiller
from brinkwatch.coding.learned.runtime import EventModel, load_event_model
from brinkwatch.coding.stages import ArticleCoding, article_coding
from brinkwatch.language.parse import parse_article
from brinkwatch.model import Article, Event
from brinkwatch.pipeline import stage

__all__ = ["code_with_model", "model_event_stage"]


def code_with_model(
    article: Article,
    model: EventModel | None = None,
    coding: ArticleCoding | None = None,
    entity_candidates: bool = False,
) -> list[Event]:
    """The model's events for a split article (`coding`: the rule coder's result, if already made).

    `entity_candidates` adds the entity head's people and organisations that the parse missed to the
    candidates (entity_candidates.py). Off by default: on gold-dev it found one event fewer and one
    full match more, with actor accuracy .583 -> .652, and plv-dev did not move (docs/language-model.md).
    """
    model = model or load_event_model()
    doc = parse_article(article)  # cached: the actor stage parsed it already
    coding = coding or article_coding(article)
    sentences = article_candidates(article, doc, coding)
    hidden = None
    if entity_candidates:
        hidden = model.hidden([s.text for s in sentences])
        add_entity_candidates(sentences, hidden, load_entity_head(), model.tokenizer)
        hidden = [h for s, h in zip(sentences, hidden, strict=True) if s.mentions]
    sentences = [s for s in sentences if s.mentions]
    filler = CodeFiller.for_article([m for s in sentences for m in s.mentions])
    spans = [(s.text, [(m.start - s.start, m.end - s.start) for m in s.mentions]) for s in sentences]
    scored = model.score(spans, hidden)
    events: list[Event] = []
    for sentence, scores in zip(sentences, scored, strict=True):
        for decision in decide(scores, model.types, model.modes, model.thresholds):
            event = to_event(article.id, doc, sentence, decision, sentence.mentions)
            event.actor, event.recipient = filler.fill(event.actor), filler.fill(event.recipient)
            events.append(event)
    return merge_happenings(events)


@stage("events", requires={"sentences", "mentions"}, assigns={"events"})
def model_event_stage(article: Article) -> Article:
    article.events = code_with_model(article)
    return article
