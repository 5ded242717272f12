"""The seed article plus two rewrites we wrote: one fused event per occurrence, sources counted right.

The first test builds the events by hand from the facts of each article's sentences (found by a few
words each), so it tests fusion alone; the second fuses what the event coder itself reads from the
three articles, end to end.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from brinkwatch.analysis.embeddings import MiniLM
from brinkwatch.analysis.fusion import comparable_text, fuse
from brinkwatch.extract import default_pipeline, default_stages, process
from brinkwatch.intake import read_article
from brinkwatch.model import ActorMention, Article, Certainty, ChainLink, Claim, Event, Evidence, FusedEvent

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
    article.events = []  # only the hand-coded facts: fusion is under test here, not the event coder
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


def _three_articles(shared: Path) -> tuple[Article, Article, Article]:
    # Written against the rule coder's events (which sentences hold which event); the learned coder's
    # events of the sample articles are pinned in tests/golden.
    rules = default_pipeline(stages=default_stages("rules"))
    seed = process(read_article(str(shared / "samples" / "seed-article.txt")), pipeline=rules)
    syndicated = process(read_article(str(FUSION_DATA / "seed-copy-syndicated.txt")), pipeline=rules)
    independent = process(read_article(str(FUSION_DATA / "seed-copy-independent.txt")), pipeline=rules)
    syndicated.outlet, syndicated.published_at = "Mideast Digest", datetime(2019, 8, 24, tzinfo=UTC)
    independent.outlet, independent.published_at = "Levant Ledger", datetime(2019, 8, 23, tzinfo=UTC)
    return seed, syndicated, independent


def test_fusion_seed_and_two_rewrites_end_to_end_over_the_coders_events(shared: Path, minilm: MiniLM) -> None:
    articles = _three_articles(shared)
    article_of = {event.id: article.outlet or "seed" for article in articles for event in article.events}
    fused = fuse([(a, a.events) for a in articles], encoder=minilm)

    def one_holding(kind: str, words: str) -> FusedEvent:
        (found,) = [
            f
            for f in fused
            if f.type == kind and any(words in (r.evidence.sentence or "") for r in f.reports if r.evidence)
        ]
        return found

    # The covert strike: the seed's sentence citing a newspaper, the syndicated copy's retelling and the
    # independent rewrite's "accuse Israel" are one occurrence; the seed and its copy share Business
    # Insider, so two independent sources.
    strike = one_holding("ASSAULT", "Wall Street Journal")
    assert {article_of[r.id] for r in strike.reports} == {"seed", "Mideast Digest", "Levant Ledger"}
    assert (strike.independent_sources, strike.sources) == (2, ["Business Insider", "Levant Ledger"])
    # Netanyahu's threat: the seed quotes him in the first person, the rewrites report it in their own
    # words; one fused threat, two independent sources.
    threat = one_holding("THREATEN", "We will act")
    assert {article_of[r.id] for r in threat.reports} == {"seed", "Mideast Digest", "Levant Ledger"}
    assert all(
        "Netanyahu" in (r.evidence.sentence or "") or "We will act" in (r.evidence.sentence or "")
        for r in threat.reports
        if r.evidence
    )
    assert threat.independent_sources == 2
    assert threat is not strike and not {r.id for r in threat.reports} & {r.id for r in strike.reports}


def test_fusion_compares_a_quote_led_by_its_named_speaker() -> None:
    event = Event(
        type="THREATEN",
        evidence=Evidence(sentence_index=0, sentence="“We will act against them.”"),
        claim=Claim(chain=[ChainLink(name="Prime Minister Ana Varga", kind="speaker", named=True, verb="said")]),
    )
    assert comparable_text(event) == "Prime Minister Ana Varga said: “We will act against them.”"
    named = Event(type="THREATEN", evidence=Evidence(0, "Varga said they will act."), claim=event.claim)
    assert comparable_text(named) == "Varga said they will act."  # the sentence names the speaker already
    unnamed = ChainLink(name="an official", kind="speaker", named=False, verb="said")
    anonymous = Event(type="THREATEN", evidence=event.evidence, claim=Claim(chain=[unnamed]))
    assert comparable_text(anonymous) == "“We will act against them.”"
