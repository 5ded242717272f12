"""Plain-text lines for quotes and claims, as `brinkwatch extract --format text` prints them."""

from __future__ import annotations

from brinkwatch.model import ActorMention, Article, ChainLink, Event, Quote

__all__ = ["provenance_lines"]


def _who(mention: ActorMention | None) -> str:
    if mention is None:
        return "-"
    notes = [mention.code or "uncoded", "anonymous" if mention.anonymous else "named"]
    if mention.former:
        notes.append("former")
    return f"{mention.text.split(',')[0]} ({', '.join(notes)})"


def _chain(chain: list[ChainLink]) -> str:
    return " > ".join(f"{link.name}{f' [{link.code}]' if link.code else ''}" for link in chain) or "-"


def _sentence_of(article: Article, offset: int) -> int | None:
    return next((s.index for s in article.sentences if s.start <= offset < s.end), None)


def _quote_line(article: Article, quote: Quote) -> str:
    form = "direct" if quote.direct else "indirect"
    where = _sentence_of(article, quote.start)
    return f"  [{where}] {form}, {quote.verb or '-'}: {_who(quote.speaker)}; {_chain(quote.chain)}"


def _claim_line(event: Event) -> str:
    claim = event.claim
    where = event.evidence.sentence_index if event.evidence else "-"
    cues = f" ({', '.join(claim.cues)})" if claim.cues else ""
    line = f"  [{where}] {event.type} {event.trigger!r}: {claim.certainty}{cues}; {_chain(claim.chain)}"
    perpetrator = claim.perpetrator
    if perpetrator is not None:
        actor = perpetrator.actor.code or perpetrator.actor.text if perpetrator.actor else "-"
        line += f"; perpetrator {perpetrator.status} {actor}"
        if perpetrator.chain != claim.chain:
            line += f" via {_chain(perpetrator.chain)}"
    return line


def provenance_lines(article: Article) -> list[str]:
    """The article's quotes and the claim of each event, one line each."""
    lines = [f"quotes:          {len(article.quotes)}", *(_quote_line(article, q) for q in article.quotes)]
    if article.events:
        lines += ["claims:", *(_claim_line(event) for event in article.events)]
    return lines
