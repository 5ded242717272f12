"""The mentions a sentence offers as actor or recipient, found as the rule coder finds them.

The parse and the actor dictionaries propose every noun phrase headed by a noun or a name (coded or
not); the rule coder's events add the actors it resolved from pronouns and short forms ("he", "the
group"). Training reads single sentences through the same function, so the model learns to choose among
exactly the candidates it will be offered at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from brinkwatch.coding.stages import ArticleCoding, code_article
from brinkwatch.language.parse import parse_article
from brinkwatch.language.sentences import RuleSplitter
from brinkwatch.model import ActorMention, Article, Event, Sentence

__all__ = ["SentenceCandidates", "article_candidates", "pruned", "sentence_candidates"]

MAX_CANDIDATES = 12  # per sentence: the pair count grows with its square
MAX_CHARACTERS = 80  # a longer "mention" is a parse that swallowed a clause, not a name


@dataclass(slots=True)
class SentenceCandidates:
    index: int
    start: int  # character offsets of the sentence in the article text
    end: int
    text: str
    mentions: list[ActorMention] = field(default_factory=list)
    rule_events: list[Event] = field(default_factory=list)


def article_candidates(
    article: Article, doc: Any | None = None, coding: ArticleCoding | None = None
) -> list[SentenceCandidates]:
    """Candidates and rule events of every sentence of a split article, in order.

    `coding` is the rule coder's result when the caller has it already (the actor stage's, or one made
    with other dictionaries); otherwise the article is coded here.
    """
    if coding is None:
        coding = code_article(article, doc if doc is not None else parse_article(article))
    out = [SentenceCandidates(s.index, s.start, s.end, s.text) for s in article.sentences]
    if not out:
        return out
    for mention in coding.mentions:
        if mention.sentence_index is not None and mention.text and 0 <= mention.sentence_index < len(out):
            out[mention.sentence_index].mentions.append(mention)
    for event in coding.events:
        if event.evidence is None or not 0 <= event.evidence.sentence_index < len(out):
            continue
        here = out[event.evidence.sentence_index]
        here.rule_events.append(event)
        for side in (event.actor, event.recipient):
            if side is not None and side.text and not _known(here.mentions, side):
                here.mentions.append(side)
    for sentence in out:
        sentence.mentions = pruned(sentence.mentions)
    return out


def sentence_candidates(text: str, published: datetime | None = None) -> SentenceCandidates:
    """One sentence read alone (training data comes as single sentences)."""
    article = Article(id=f"sentence:{hash(text)}", text=text, published_at=published)
    sentences = RuleSplitter().split(text)
    # Keep the whole text as one sentence: the labels refer to it as a unit.
    article.sentences = sentences if len(sentences) == 1 else [Sentence(0, 0, len(text), text)]
    found = article_candidates(article)
    return found[0]


def _known(mentions: list[ActorMention], mention: ActorMention) -> bool:
    return any(m.start == mention.start and m.end == mention.end for m in mentions)


def pruned(mentions: list[ActorMention]) -> list[ActorMention]:
    """Sorted, without exact repeats, coded mentions first when there are too many."""
    unique = {(m.start, m.end): m for m in mentions if m.end - m.start <= MAX_CHARACTERS}
    ordered = sorted(unique.values(), key=lambda m: m.start)
    if len(ordered) <= MAX_CANDIDATES:
        return ordered
    keep = sorted(ordered, key=lambda m: (m.code is None, m.start))[:MAX_CANDIDATES]
    return sorted(keep, key=lambda m: m.start)
