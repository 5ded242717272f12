from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from brinkwatch.extract import default_pipeline, default_stages
from brinkwatch.intake import article_from_text, read_article
from brinkwatch.language.sentences import sentence_stage, split_sentences
from brinkwatch.model import ActorMention, Article, Certainty, ChainLink, Event, Evidence, PerpetratorStatus, Span
from brinkwatch.provenance.attribution import attribution_stage
from brinkwatch.provenance.quotes import quote_stage
from tests.conftest import GOLDEN
from tests.provenance.suite import FLOORS, SETS, load_suite, run


def _article(
    text: str, *events: tuple[str, str, str | None], outlet: str | None = "Daily Ledger", original: str | None = None
) -> Article:
    """An article over `text` with one event per (trigger, type, actor 'text=CODE') triple."""
    article = Article(id="t", text=text, outlet=outlet, original_outlet=original)
    article.sentences = split_sentences(text)
    for number, (trigger, kind, actor) in enumerate(events):
        start = text.index(trigger)
        sentence = next(s for s in article.sentences if s.start <= start < s.end)
        mention = None
        if actor:
            actor_text, _, code = actor.partition("=")
            at = text.index(actor_text, sentence.start)
            mention = ActorMention(actor_text, at, at + len(actor_text), code=code or None)
        evidence = Evidence(sentence.index, sentence.text, trigger=Span(start, start + len(trigger)))
        article.events.append(Event(kind, id=f"e{number}", actor=mention, trigger=trigger, evidence=evidence))
    return attribution_stage(quote_stage(article))


def _links(chain: list[ChainLink]) -> list[tuple[str, str, str | None]]:
    return [(link.kind, link.name, link.verb) for link in chain]


def test_attribution_nests_a_cited_newspaper_inside_a_republished_story() -> None:
    text = "Israel carried out two of the night raids, a US official told The Wall Street Journal on Tuesday."
    article = _article(text, ("carried out", "ASSAULT", "Israel=ISR"), original="Business Insider")
    assert _links(article.events[0].claim.chain) == [
        ("outlet", "Daily Ledger", "published"),
        ("original_outlet", "Business Insider", "published"),
        ("cited_outlet", "The Wall Street Journal", "told"),
        ("speaker", "a US official", "told"),
    ]
    speaker = article.events[0].claim.chain[-1]
    assert speaker.code == "USAGOV" and not speaker.named


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Jets bombed the depot, a witness told AFP, according to the Times of Israel.",
            "bombed",
            ["The Times of Israel", "Agence France-Presse", "a witness"],
        ),
        (
            "“We saw the jets,” a farmer said, the AP reports. “They bombed the depot.”",
            "bombed",
            ["Associated Press", "a farmer"],
        ),
        ("According to Reuters, police said gunmen stormed the hotel.", "stormed", ["Reuters", "police"]),
        ("A spokesman denied that troops had shelled the town, the BBC reported.", "shelled", ["BBC", "A spokesman"]),
    ],
)
def test_attribution_chain_order_is_outermost_first(text: str, trigger: str, expected: list[str]) -> None:
    article = _article(text, (trigger, "ASSAULT", None), outlet=None)
    assert [link.name for link in article.events[0].claim.chain] == expected


def test_attribution_outlet_told_in_its_own_story_is_not_a_second_hop() -> None:
    text = "“Retaliation could come,” a former US ambassador to Iraq told Business Insider."
    article = _article(text, ("Retaliation", "ASSAULT", None), outlet=None, original="Business Insider")
    assert [link.kind for link in article.events[0].claim.chain] == ["original_outlet", "speaker"]


def test_attribution_quote_lists_the_events_it_carries() -> None:
    text = "“They shelled the school and then the clinic,” the mayor said."
    article = _article(text, ("shelled", "ASSAULT", None), ("clinic", "ASSAULT", None))
    assert article.quotes[0].event_ids == ["e0", "e1"]


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "status", "cue"),
    [
        ("Two depots mysteriously exploded near Balad.", "exploded", None, PerpetratorStatus.UNKNOWN, "mysteriously"),
        (
            "No group has claimed the bombing of the bridge.",
            "bombing",
            None,
            PerpetratorStatus.UNKNOWN,
            "no group has claimed",
        ),
        ("Masked gunmen shot a judge in Basra.", "shot", "Masked gunmen=UAF", PerpetratorStatus.UNKNOWN, None),
        ("Depots exploded in the night.", "exploded", "Depots=UNK", PerpetratorStatus.UNKNOWN, None),
        (
            "Israel is believed to be behind the blast.",
            "blast",
            "Israel=ISR",
            PerpetratorStatus.SUSPECTED,
            "is believed",
        ),
        (
            "The militia claimed responsibility for the ambush.",
            "ambush",
            None,
            PerpetratorStatus.CLAIMED,
            "claimed responsibility",
        ),
        ("Iran denied carrying out the raid.", "carrying out", "Iran=IRN", PerpetratorStatus.UNKNOWN, "denied"),
        ("Turkish jets struck a depot.", "struck", "Turkish jets=TURMIL", PerpetratorStatus.NAMED, None),
    ],
)
def test_perpetrator_status_and_cue(
    text: str, trigger: str, actor: str | None, status: PerpetratorStatus, cue: str | None
) -> None:
    perpetrator = _article(text, (trigger, "ASSAULT", actor)).events[0].claim.perpetrator
    assert perpetrator is not None and perpetrator.status is status
    assert cue is None or cue in perpetrator.cues


def test_perpetrator_claimer_is_the_claiming_group() -> None:
    article = _article("Jaish al-Adl claimed responsibility for the raid.", ("raid", "ASSAULT", None))
    perpetrator = article.events[0].claim.perpetrator
    assert perpetrator is not None and perpetrator.actor is not None and perpetrator.actor.code == "IRNREB"


@pytest.mark.parametrize(
    "text",
    [
        "Iran threatened to strike the base.",
        "A strike on the base could start a war.",
        "The army did not strike the base.",
        "Israel will strike the base next week.",
    ],
)
def test_perpetrator_absent_when_the_act_did_not_happen(text: str) -> None:
    assert _article(text, ("strike", "ASSAULT", None)).events[0].claim.perpetrator is None


def test_perpetrator_unsourced_suspicion_takes_the_source_the_body_gives() -> None:
    text = (
        "Israel is believed to be behind one of the blasts. "
        "Officials in Baghdad met on Sunday. "
        "One of the blasts was carried out by Israel, an Iraqi official told the AP."
    )
    article = _article(text, ("blasts", "ASSAULT", "Israel=ISR"), ("carried out", "ASSAULT", "Israel=ISR"))
    suspicion = article.events[0].claim
    assert [link.kind for link in suspicion.chain] == ["outlet"]  # the sentence itself names no source
    assert suspicion.perpetrator is not None and suspicion.perpetrator.status is PerpetratorStatus.SUSPECTED
    assert [link.name for link in suspicion.perpetrator.chain] == [
        "Daily Ledger",
        "Associated Press",
        "an Iraqi official",
    ]
    assert "sourced in sentence 2" in suspicion.perpetrator.cues


@pytest.mark.parametrize(
    ("evidence_index", "trigger", "kind"),
    [(7, True, "trigger span wins over a wrong index"), (1, False, "index and trigger word without a span")],
)
def test_attribution_finds_the_sentence_of_the_event(evidence_index: int, trigger: bool, kind: str) -> None:
    text = "Officials met on Monday. Iran is believed to be behind the raid."
    article = Article(id="s", text=text, outlet="Daily Ledger", sentences=split_sentences(text))
    start = text.index("raid")
    evidence = Evidence(evidence_index, "", trigger=Span(start, start + 4) if trigger else None)
    article.events = [Event("ASSAULT", id="e", trigger="raid", evidence=evidence)]
    claim = attribution_stage(quote_stage(article)).events[0].claim
    assert claim.certainty is Certainty.SUSPECTED and claim.cues == ["is believed"], kind


def test_attribution_stages_run_last_and_work_without_events() -> None:
    names = [stage.name for stage in default_stages()]
    assert names[-2:] == ["quotes", "attribution"]
    article = article_from_text("Title\n\n“We will not leave,” the mayor said. Nobody was hurt.")
    # The rule coder codes nothing here; the stages must still run and attribute the quote.
    article = default_pipeline(stages=default_stages("rules")).run(article)
    assert article.events == [] and article.errors == [] and article.quotes[0].speaker is not None


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_attribution_chain_shape_gate(path: Path) -> None:
    items = load_suite(path)
    right = sum(run(item).chain == item["chain"] for item in items)
    assert right / len(items) >= FLOORS["chain"][path.stem], f"chain shapes right on {right}/{len(items)}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_attribution_speaker_code_gate(path: Path) -> None:
    items = [item for item in load_suite(path) if "speaker" in item]
    right = sum(run(item).speaker == item["speaker"] for item in items)
    assert right / len(items) >= FLOORS["speaker"][path.stem], f"speaker codes right on {right}/{len(items)}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_perpetrator_status_gate(path: Path) -> None:
    items = [item for item in load_suite(path) if "perp" in item]
    right = sum(run(item).perpetrator == item["perp"] for item in items)
    assert right / len(items) >= FLOORS["perpetrator"][path.stem], f"perpetrator right on {right}/{len(items)}"


def _seed_events(article: Article, golden: dict[str, Any]) -> None:
    for item in golden["events"]:
        sentence = article.sentences[item["sentence"]]
        found = re.search(rf"(?<!\w){re.escape(item['trigger'])}(?!\w)", sentence.text)
        assert found is not None, f"trigger {item['trigger']!r} is not in sentence {item['sentence']}"
        mention = None
        if item["actor"]:
            actor_text, _, code = item["actor"].partition("=")
            at = sentence.start + sentence.text.index(actor_text)
            mention = ActorMention(actor_text, at, at + len(actor_text), code=code or None)
        trigger = Span(sentence.start + found.start(), sentence.start + found.end())
        evidence = Evidence(sentence.index, sentence.text, trigger=trigger)
        article.events.append(
            Event(
                item["type"],
                id=f"{item['sentence']}:{item['trigger']}",
                actor=mention,
                trigger=item["trigger"],
                evidence=evidence,
            )
        )


def _seed_article(shared: Path) -> tuple[Article, dict[str, Any]]:
    golden = json.loads((GOLDEN / "seed-provenance.json").read_text(encoding="utf-8"))
    article = sentence_stage(read_article(str(shared / golden["article"])))
    _seed_events(article, golden)
    return attribution_stage(quote_stage(article)), golden


def _names(chain: list[ChainLink]) -> list[str]:
    return [f"{link.kind}:{link.name}" for link in chain]


def test_attribution_seed_article_events_match_golden(shared: Path) -> None:
    article, golden = _seed_article(shared)
    for event, expected in zip(article.events, golden["events"], strict=True):
        where = f"sentence {expected['sentence']} {expected['trigger']!r}"
        assert event.claim.certainty.value == expected["certainty"], where
        assert event.claim.cues == expected["cues"], where
        assert _names(event.claim.chain) == expected["chain"], where
        perpetrator = event.claim.perpetrator
        if expected["perpetrator"] is None:
            assert perpetrator is None, where
        else:
            assert perpetrator is not None, where
            assert perpetrator.status.value == expected["perpetrator"]["status"], where
            assert (perpetrator.actor.code if perpetrator.actor else None) == expected["perpetrator"]["actor"], where
            assert _names(perpetrator.chain) == expected["perpetrator"]["chain"], where


def test_attribution_seed_article_quotes_match_golden(shared: Path) -> None:
    article, golden = _seed_article(shared)
    index = {s.index: s for s in article.sentences}
    assert len(article.quotes) == len(golden["quotes"])
    for quote, expected in zip(article.quotes, golden["quotes"], strict=True):
        sentence = index[expected["sentence"]]
        where = f"quote in sentence {expected['sentence']}"
        assert sentence.start <= quote.start < sentence.end, where
        assert quote.direct is expected["direct"] and quote.verb == expected["verb"], where
        assert quote.speaker is not None and quote.speaker.text.split(",")[0] == expected["speaker"], where
        assert quote.speaker.code == expected["code"], where
        assert quote.speaker.anonymous is expected["anonymous"] and quote.speaker.former is expected["former"], where
        assert _names(quote.chain) == expected["chain"], where
        assert [event_id.split(":", 1)[1] for event_id in quote.event_ids] == expected["events"], where
