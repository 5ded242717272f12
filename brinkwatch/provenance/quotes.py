"""Direct and indirect speech: who said what, through which outlets.

Direct quotes are found in curly or straight quotation marks (across sentence ends, the speaker before
or after); a quote with no frame of its own that opens a sentence continues the previous speaker. A
quoted fragment inside reported speech ("warned that the US will “ultimately ...”") belongs to the
indirect quote around it. Indirect quotes come from the reporting frames of `brinkwatch.provenance.frames`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from brinkwatch.model import Article, ChainLink, Quote, Sentence, Span
from brinkwatch.pipeline import stage
from brinkwatch.provenance.frames import after_frames, before_frame, sentence_frames
from brinkwatch.provenance.speakers import is_pronoun

__all__ = ["article_links", "direct_quotes", "find_quotes", "join_chain", "quote_stage"]

_CURLY = re.compile(r"“([^“”]*)”")
_STRAIGHT = re.compile(r'"([^"\n]*)"')
_CONTINUATION_GAP = 600  # characters: a frameless quote further than this from the last speaker is not theirs


def article_links(article: Article) -> list[ChainLink]:
    """The outer links every claim in the article shares: this copy's outlet, the original outlet, then
    the wire agency its dateline names (a Reuters story republished by another site)."""
    links: list[ChainLink] = []
    if article.outlet:
        links.append(ChainLink(article.outlet, kind="outlet", verb="published"))
    if article.original_outlet and article.original_outlet != article.outlet:
        links.append(ChainLink(article.original_outlet, kind="original_outlet", verb="published"))
    if article.agency and article.agency not in (article.outlet, article.original_outlet):
        links.append(ChainLink(article.agency, kind="agency", verb="reported"))
    return links


def join_chain(outer: list[ChainLink], inner: list[ChainLink]) -> list[ChainLink]:
    """Outer links then inner ones, dropping an inner outlet that repeats an outer one ("told Business
    Insider" in a Business Insider story is the story's own reporting, not a further hop)."""
    seen = {link.name.lower() for link in outer}
    return [*outer, *(link for link in inner if link.kind == "speaker" or link.name.lower() not in seen)]


def _sentence_at(article: Article, offset: int) -> Sentence | None:
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _quote_spans(text: str) -> list[Span]:
    spans = [Span(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    spans += [Span(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text)]
    return sorted((s for s in spans if s.end > s.start), key=lambda s: s.start)


def direct_quotes(article: Article) -> tuple[list[Quote], list[Span]]:
    """Direct quotes with their speakers, and the spans of the sentences they and their frames cover."""
    quotes: list[Quote] = []
    covered: list[Span] = []
    spans = _quote_spans(article.text)
    outer = article_links(article)
    for position, span in enumerate(spans):
        opening = _sentence_at(article, span.start - 1)
        closing = _sentence_at(article, max(span.start, span.end))
        if opening is None or closing is None:
            continue
        tail_end = closing.end
        if position + 1 < len(spans) and spans[position + 1].start - 1 < closing.end:
            tail_end = spans[position + 1].start - 1
        tail_sentence = Sentence(closing.index, closing.start, tail_end, article.text[closing.start : tail_end])
        _, frames = after_frames(article, tail_sentence, span.end + 1, whole=True)
        links: list[ChainLink] = []
        speaker = None
        verb = None
        if frames:
            links = [link for found, _, _ in reversed(frames) for link in found]
            speaker = next((s for _, s, _ in frames if s is not None), None)
            verb = frames[0][2]
        else:
            prefix = before_frame(article, opening, opening.start, span.start - 1)
            if prefix is not None and not article.text[prefix[3] : span.start - 1].strip(" :,"):
                links, speaker, verb = prefix[0], prefix[1], prefix[2]
        previous = quotes[-1] if quotes else None
        if speaker is not None and is_pronoun(speaker.text) and previous is not None and previous.speaker:
            links = [*links[:-1], replace(previous.chain[-1], verb=verb)]
            speaker = previous.speaker
        if not links:
            starts_sentence = not article.text[opening.start : span.start - 1].strip()
            # “We are ready,” the leader said, “but we will not give up.”: the second part continues the first
            resumes = previous is not None and opening.start <= previous.start and span.start - previous.end < 80
            close = previous is not None and span.start - previous.end < _CONTINUATION_GAP
            if previous is None or not ((starts_sentence and close) or resumes):
                continue  # a quoted fragment or scare quote, not speech of its own
            quotes.append(
                replace(
                    previous, text=article.text[span.start : span.end], start=span.start, end=span.end, event_ids=[]
                )
            )
            covered.append(Span(opening.start, closing.end))
            continue
        quotes.append(
            Quote(
                article.text[span.start : span.end],
                span.start,
                span.end,
                speaker=speaker,
                verb=verb,
                direct=True,
                chain=join_chain(outer, links),
            )
        )
        covered.append(Span(opening.start, closing.end))
    return quotes, covered


def find_quotes(article: Article) -> list[Quote]:
    """Every direct and indirect quote in the article, in text order."""
    quotes, covered = direct_quotes(article)
    outer = article_links(article)
    for sentence in article.sentences:
        if any(c.start <= sentence.start < c.end for c in covered):
            continue
        for frame in sentence_frames(article, sentence):
            if not frame.quote or frame.content.end <= frame.content.start:
                continue
            text = article.text[frame.content.start : frame.content.end]
            quotes.append(
                Quote(
                    text,
                    frame.content.start,
                    frame.content.end,
                    speaker=frame.speaker,
                    verb=frame.verb,
                    direct=False,
                    chain=join_chain(outer, frame.links),
                )
            )
    return _resolve_pronouns(sorted(quotes, key=lambda q: q.start))


def _resolve_pronouns(quotes: list[Quote]) -> list[Quote]:
    """A quote whose speaker is "he", "she" or "they" speaks for the nearest named speaker before it."""
    last: Quote | None = None
    for position, quote in enumerate(quotes):
        if quote.speaker is not None and is_pronoun(quote.speaker.text):
            if last is not None and last.speaker is not None and quote.start - last.end < _CONTINUATION_GAP:
                link = replace(last.chain[-1], verb=quote.verb)
                quotes[position] = replace(quote, speaker=last.speaker, chain=[*quote.chain[:-1], link])
            continue
        if quote.speaker is not None:
            last = quote
    return quotes


@stage("quotes", requires={"text", "sentences"}, assigns={"quotes"})
def quote_stage(article: Article) -> Article:
    article.quotes = find_quotes(article)
    return article
