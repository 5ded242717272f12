"""The `events` stage of the learned coder: candidates from the parse, scores from the model, events out.

Sentences without a candidate mention skip the encoder. The rule coder still runs underneath: its
mentions are the candidates and its verb patterns give the CAMEO code and trigger where it agrees on
the type. Events are then merged to one per happening per article (`decode.merge_happenings`).
"""

from __future__ import annotations

from brinkwatch.coding.learned.candidates import article_candidates
from brinkwatch.coding.learned.decode import decide, merge_happenings, to_event
from brinkwatch.coding.learned.fill_codes import CodeFiller
from brinkwatch.coding.learned.runtime import EventModel, load_event_model
from brinkwatch.coding.stages import ArticleCoding, article_coding
from brinkwatch.language.parse import parse_article
from brinkwatch.model import Article, Event
from brinkwatch.pipeline import stage

__all__ = ["code_with_model", "model_event_stage"]


def code_with_model(
    article: Article, model: EventModel | None = None, coding: ArticleCoding | None = None
) -> list[Event]:
    """The model's events for a split article (`coding`: the rule coder's result, if already made)."""
    model = model or load_event_model()
    doc = parse_article(article)  # cached: the actor stage parsed it already
    coding = coding or article_coding(article)
    sentences = [s for s in article_candidates(article, doc, coding) if s.mentions]
    filler = CodeFiller.for_article([m for s in sentences for m in s.mentions])
    scored = model.score([(s.text, [(m.start - s.start, m.end - s.start) for m in s.mentions]) for s in sentences])
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
