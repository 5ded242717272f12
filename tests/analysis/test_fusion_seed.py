"""The seed article plus two rewrites we wrote: one fused event per occurrence, sources counted right.

The event coder is not merged yet, so the events are built by hand from the facts of each article's
sentences (found by a few words each); the sentences themselves are read at test time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from brinkwatch.analysis.embeddings import MiniLM
from brinkwatch.analysis.fusion import fuse
from brinkwatch.extract import process
from brinkwatch.intake import read_article
from brinkwatch.model import ActorMention, Article, Certainty, ChainLink, Claim, Event, Evidence

FUSION_DATA = Path(__file__).resolve().parents[1] / "data" / "fusion"


class Fact(NamedTuple):
    occurrence: str
    type: str
    actor: str
    recipient: str
    certainty: Certainty
    words: tuple[str, ...]  # the words that find its one sentence


SEED = [
    Fact("strike", "ASSAULT", "ISR", "IRQMIL", Certainty.REPORTED, ("Israel", "Wall Street Journal")),
    Fact("netanyahu", "THREATEN", "ISRGOV", "IRN", Certainty.THREATENED, ("Netanyahu",)),
    Fact("militias", "THREATEN", "IRQMIL", "USA", Certainty.THREATENED, ("Muhandis",)),
]
SYNDICATED = [
    Fact("strike", "ASSAULT", "ISR", "IRQMIL", Certainty.REPORTED, ("Wall Street Journal",)),
    Fact("netanyahu", "THREATEN", "ISRGOV", "IRN", Certainty.THREATENED, ("Netanyahu",)),
    Fact("militias", "THREATEN", "IRQMIL", "USA", Certainty.THREATENED, ("Muhandis",)),
]
INDEPENDENT = [
    Fact("strike", "ASSAULT", "ISR", "IRQMIL", Certainty.ALLEGED, ("accuse Israel",)),
    Fact("netanyahu", "THREATEN", "ISRGOV", "IRN", Certainty.THREATENED, ("Netanyahu",)),
]


def _coded(article: Article, outlet: str | None, facts: list[Fact]) -> dict[str, str]:
    """Add hand-coded events to the article; returns event id -> occurrence."""
    article.outlet = outlet
    gold = {}
    for index, (occurrence, kind, actor, recipient, certainty, words) in enumerate(facts):
        # Exactly one sentence must match, or the hand coding has drifted from the text.
        (sentence,) = [s for s in article.sentences if all(w in s.text for w in words)]
        chain = [ChainLink(name=article.original_outlet or outlet or "?", kind="outlet")]
        event = Event(
            type=kind,
            id=f"{article.id}:{index}",
            actor=ActorMention(text=actor, start=0, end=0, code=actor),
            recipient=ActorMention(text=recipient, start=0, end=0, code=recipient),
            evidence=Evidence(sentence_index=sentence.index, sentence=sentence.text),
            claim=Claim(chain=chain, certainty=certainty),
        )
        article.events.append(event)
        gold[event.id] = occurrence
    return gold


def test_fusion_seed_and_two_rewrites_fuse_per_occurrence(shared: Path, minilm: MiniLM) -> None:
    seed = process(read_article(str(shared / "samples" / "seed-article.txt")))
    syndicated = process(read_article(str(FUSION_DATA / "seed-copy-syndicated.txt")))
    independent = process(read_article(str(FUSION_DATA / "seed-copy-independent.txt")))
    assert seed.original_outlet == syndicated.original_outlet == "Business Insider"
    syndicated.published_at = datetime(2019, 8, 24, tzinfo=UTC)
    independent.published_at = datetime(2019, 8, 23, tzinfo=UTC)
    gold = _coded(seed, None, SEED)  # the republishing site is not named; its original is
    gold |= _coded(syndicated, "Mideast Digest", SYNDICATED)
    gold |= _coded(independent, "Levant Ledger", INDEPENDENT)

    fused = fuse([(a, a.events) for a in (seed, syndicated, independent)], encoder=minilm)

    by_occurrence = {gold[f.reports[0].id]: f for f in fused}
    assert len(fused) == len(by_occurrence) == 3
    for event in fused:
        assert {gold[report.id] for report in event.reports} == {gold[event.reports[0].id]}
    counts = {name: (len(f.reports), f.independent_sources) for name, f in by_occurrence.items()}
    # The seed and the syndicated copy share Business Insider: one source; the Levant Ledger is another.
    assert counts == {"strike": (3, 2), "netanyahu": (3, 2), "militias": (2, 1)}
    strike = by_occurrence["strike"]
    assert (strike.strongest_certainty, strike.weakest_certainty) == (Certainty.REPORTED, Certainty.ALLEGED)
    assert strike.first_reported == datetime(2019, 8, 23, tzinfo=UTC)
    assert strike.sources == ["Business Insider", "Levant Ledger"]
