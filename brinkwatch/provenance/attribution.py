"""The claim on every event: who says so (outermost first), how sure the text is, and who did it.

Runs after the event coder. For each event it finds the report that governs the trigger (the innermost
quote around it, else a speech act such as "denied", "accused ... of", "threatened to" in its sentence),
builds the chain: this copy's outlet, the original outlet, the outlets and agencies cited, the speaker,
classifies the certainty (`brinkwatch.provenance.certainty`) and, on violent events, the perpetrator
(`brinkwatch.provenance.perpetrator`). Quotes learn the ids of the events they assert, threaten or deny.
"""

from __future__ import annotations

from brinkwatch.model import Article, ChainLink, Claim, Event, Quote, Sentence, Span
from brinkwatch.pipeline import stage
from brinkwatch.provenance.certainty import Report, classify
from brinkwatch.provenance.frames import VERB_CLASSES, sentence_frames
from brinkwatch.provenance.perpetrator import perpetrator_of, source_suspicions
from brinkwatch.provenance.quotes import article_links, join_chain

__all__ = ["attribute", "attribution_stage", "governing_report"]


def _verb_class(verb: str | None) -> str:
    if verb in {"claimed responsibility", "took responsibility"}:
        return "claim"
    return VERB_CLASSES.get(verb or "", "say")


def governing_report(
    article: Article, sentence: Sentence, trigger: Span
) -> tuple[Report | None, list[ChainLink], Quote | None]:
    """The report governing `trigger`, its links (outer first, without the article's own), and its quote."""
    around = [q for q in article.quotes if q.start <= trigger.start < max(q.end, q.start + 1)]
    if around:
        quote = min(around, key=lambda q: q.end - q.start)
        report = Report(
            quote.verb or "said",
            _verb_class(quote.verb),
            Span(quote.start, quote.end),
            quote.speaker,
            direct=quote.direct,
            quote=True,
        )
        outer = len(article_links(article))
        return report, quote.chain[outer:], quote
    for frame in sentence_frames(article, sentence):
        if frame.content.start <= trigger.start <= frame.content.end:
            report = Report(frame.verb, frame.verb_class, frame.content, frame.speaker, quote=frame.quote)
            return report, frame.links, None
    return None, [], None


def _sentence_of(article: Article, event: Event) -> Sentence | None:
    """The sentence holding the event's trigger (by its span when there is one, else by the evidence index)."""
    evidence = event.evidence
    if evidence is None:
        return None
    if evidence.trigger is not None:
        for sentence in article.sentences:
            if sentence.start <= evidence.trigger.start < sentence.end:
                return sentence
    for sentence in article.sentences:
        if sentence.index == evidence.sentence_index:
            return sentence
    return None


def _trigger_span(article: Article, event: Event, sentence: Sentence) -> Span:
    evidence = event.evidence
    if evidence is not None and evidence.trigger is not None:
        return evidence.trigger
    found = article.text.find(event.trigger, sentence.start, sentence.end) if event.trigger else -1
    if found >= 0:
        return Span(found, found + len(event.trigger))
    return Span(sentence.start, sentence.start)


def attribute(article: Article, event: Event) -> Claim:
    """The claim of one event of `article`."""
    sentence = _sentence_of(article, event)
    outer = article_links(article)
    if sentence is None:
        return Claim(chain=outer)
    trigger = _trigger_span(article, event, sentence)
    report, links, quote = governing_report(article, sentence, trigger)
    chain = join_chain(outer, links)
    certainty, cues = classify(
        article.text, Span(sentence.start, sentence.end), trigger, event.type, event.actor, report
    )
    claimer = report.speaker if report is not None else None
    perpetrator = perpetrator_of(event.type, certainty, cues, chain, sentence.text, event.actor, claimer)
    if quote is not None and event.id and event.id not in quote.event_ids:
        quote.event_ids.append(event.id)
    return Claim(chain=chain, certainty=certainty, cues=cues, perpetrator=perpetrator)


@stage("attribution", requires={"text", "sentences", "quotes"}, assigns={"events.claim"})
def attribution_stage(article: Article) -> Article:
    for event in article.events:
        event.claim = attribute(article, event)
    source_suspicions(article.events)
    return article
