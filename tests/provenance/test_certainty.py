from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brinkwatch.model import ActorMention, Certainty, Span
from brinkwatch.provenance.certainty import Report, classify, is_self
from tests.provenance.suite import FLOORS, SETS, SUITE, load_suite, run

ITEMS = [item for path in SETS for item in load_suite(path)]
# the rule: a threatened or hypothetical act is never labelled asserted or reported
NOT_DONE = {"threatened", "hypothetical"}


def _classify(sentence: str, trigger: str, kind: str = "ASSAULT") -> tuple[Certainty, list[str]]:
    start = sentence.index(trigger)
    return classify(sentence, Span(0, len(sentence)), Span(start, start + len(trigger)), kind)


@pytest.mark.parametrize(
    ("sentence", "trigger", "certainty", "cue"),
    [
        ("Officials noted a risk of retaliation against the base.", "retaliation", Certainty.HYPOTHETICAL, "risk of"),
        ("The blast appears to have been a strike.", "strike", Certainty.SUSPECTED, "appears to"),
        ("Israel is believed to be behind the raid.", "raid", Certainty.SUSPECTED, "is believed"),
        ("The raid is said to have killed a militia officer.", "killed", Certainty.ALLEGED, "is said to"),
        (
            "The group claimed responsibility for the bombing.",
            "bombing",
            Certainty.CLAIMED,
            "claimed responsibility for",
        ),
        ("Militias did not attack the convoy.", "attack", Certainty.NEGATED, "not"),
        ("Militias will attack the convoy.", "attack", Certainty.FUTURE, "will"),
        ("Militias could attack the convoy.", "attack", Certainty.HYPOTHETICAL, "could"),
        ("Militias threatened to attack the convoy.", "attack", Certainty.THREATENED, "threatened to"),
        ("Militias attacked the convoy.", "attacked", Certainty.ASSERTED, None),
        ("Militias have not ruled out an attack on the convoy.", "attack", Certainty.HYPOTHETICAL, "not ruled out"),
        ("“We will not hesitate to attack,” he said.", "attack", Certainty.THREATENED, "not hesitate to"),
        ("The convoy may have been attacked.", "attacked", Certainty.SUSPECTED, "may have"),
        ("The shelling is said to have wounded four guards.", "shelling", Certainty.ALLEGED, "is said to have"),
        ("The strike reportedly hit a camp.", "strike", Certainty.ALLEGED, "reportedly"),
        ("The explosion is believed to have been caused by a mine.", "explosion", Certainty.ASSERTED, None),
    ],
)
def test_certainty_cue_words_decide_the_label(
    sentence: str, trigger: str, certainty: Certainty, cue: str | None
) -> None:
    label, cues = _classify(sentence, trigger)
    assert label is certainty
    assert cues == ([] if cue is None else [cue]) or cue in cues


def test_certainty_warning_is_a_threat_whatever_the_act() -> None:
    sentence = "The commander warned that his men would defend the bridge with every weapon."
    start = sentence.index("defend")
    speaker = ActorMention("The commander", 0, 13, sectors=["MIL"])
    report = Report("warned", "warn", Span(sentence.index("his men"), len(sentence)), speaker)
    label, cues = classify(sentence, Span(0, len(sentence)), Span(start, start + 6), "AID", None, report)
    assert label is Certainty.THREATENED and cues == ["warned", "would"]


@pytest.mark.parametrize(
    ("kind", "certainty"),
    [("ASSAULT", Certainty.FUTURE), ("AID", Certainty.FUTURE)],
)
def test_certainty_plans_without_a_speaker_are_future(kind: str, certainty: Certainty) -> None:
    assert _classify("The army plans to send convoys to the north.", "send", kind)[0] is certainty


@pytest.mark.parametrize(
    ("actor", "speaker", "direct", "expected"),
    [
        (ActorMention("We", 0, 2), ActorMention("a spokesman", 0, 11), True, True),
        (ActorMention("They", 0, 4), ActorMention("a doctor", 0, 8), True, False),
        (ActorMention("its aircraft", 0, 12), ActorMention("The Israeli military", 0, 20, code="ISRMIL"), False, True),
        (
            ActorMention("Turkish jets", 0, 12, code="TURMIL"),
            ActorMention("the ministry", 0, 5, code="TURGOV"),
            False,
            True,
        ),
        (ActorMention("Israel", 0, 6, code="ISR"), ActorMention("a US official", 0, 13, code="USAGOV"), False, False),
        (
            ActorMention("Iraqi militias", 0, 6, code="IRQUAF"),
            ActorMention("officials", 0, 9, code="IRQGOV"),
            False,
            False,
        ),
        (ActorMention("The rebels", 0, 10, code="REB"), ActorMention("the group's spokesman", 0, 21), False, True),
    ],
)
def test_certainty_is_self_tells_a_claim_from_a_report(
    actor: ActorMention, speaker: ActorMention, direct: bool, expected: bool
) -> None:
    assert is_self(actor, speaker, direct=direct) is expected


@pytest.mark.parametrize("item", [i for i in ITEMS if i["cert"] in NOT_DONE], ids=lambda i: str(i["id"]))
def test_certainty_threatened_or_hypothetical_act_is_never_reported_as_done(item: dict[str, Any]) -> None:
    assert run(item).certainty not in {"asserted", "reported"}


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: str(i["id"]))
def test_certainty_cues_are_words_of_the_sentence(item: dict[str, Any]) -> None:
    outcome = run(item)
    assert (outcome.certainty == "asserted") is (not outcome.cues)
    text = " ".join(item["text"].lower().split())
    for cue in outcome.cues:
        assert cue in text, f"cue {cue!r} is not in the sentence"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_certainty_exact_label_gate(path: Path) -> None:
    items = load_suite(path)
    wrong = [(item["id"], run(item).certainty, item["cert"]) for item in items if run(item).certainty != item["cert"]]
    accuracy = 1 - len(wrong) / len(items)
    assert accuracy >= FLOORS["certainty"][path.stem], f"exact-label accuracy {accuracy:.3f}; wrong: {wrong}"


def test_certainty_suite_covers_every_label() -> None:
    labels = {item["cert"] for item in load_suite(SUITE)}
    assert labels == {c.value for c in Certainty}
    assert len(load_suite(SUITE)) >= 200
