"""From pair scores to events: which pairs are events, their CAMEO code, and one event per happening.

A sentence gives at most one event per type: the pair that scores highest for that type, kept when its
probability reaches the model's threshold. The CAMEO code comes from the rule coder's event of the same
PLOVER type in that sentence (its verb pattern), else from the verb dictionary's codes for the trigger
within the type, else the type's default code (the lowest CAMEO code the PLOVER crosswalk maps to it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from brinkwatch.coding.learned.candidates import SentenceCandidates
from brinkwatch.coding.learned.labels import MODES_BY_TYPE
from brinkwatch.coding.learned.runtime import PairScores
from brinkwatch.coding.verbs import CameoTable, VerbTable, default_cameo, default_verbs
from brinkwatch.model import ActorMention, Event, Evidence, Span

__all__ = ["DEFAULT_THRESHOLD", "Decision", "decide", "merge_happenings", "to_event"]

DEFAULT_THRESHOLD = 0.5


@dataclass(slots=True)
class Decision:
    type: str
    probability: float
    actor: int  # candidate index, -1: UNK
    recipient: int  # candidate index, -1: none
    mode: str


def decide(
    scores: PairScores, types: Sequence[str], modes: Sequence[str], thresholds: dict[str, float]
) -> list[Decision]:
    """The sentence's events: per type, the best pair, kept when the type clears its threshold.

    With a "sentence" threshold the sentence head decides which types the sentence holds (it is trained
    on every source, the pair head mostly on candidate pairs that are no event) and the pair head only
    picks the actor and recipient; otherwise the best pair's own probability must clear "default" (or
    the type's own threshold).
    """
    out = []
    gate = thresholds.get("sentence")
    for column, kind in enumerate(types):
        if column == 0:
            continue
        row = int(np.argmax(scores.types[:, column]))
        probability = float(scores.types[row, column])
        if gate is not None:
            if float(scores.sentence[column]) < gate:
                continue
            probability = float(scores.sentence[column])
        elif probability < thresholds.get(kind, thresholds.get("default", DEFAULT_THRESHOLD)):
            continue
        actor, recipient = scores.pairs[row]
        valid = ("", *MODES_BY_TYPE.get(kind, ()))
        mode = max(valid, key=lambda m: scores.modes[row, modes.index(m)])
        out.append(Decision(kind, probability, actor, recipient, mode))
    return sorted(out, key=lambda d: -d.probability)


@cache
def _default_codes() -> dict[str, str]:
    table = default_cameo()
    codes: dict[str, str] = {}
    for code in sorted(table.rows, key=lambda c: (len(c), c)):
        kind = table.rows[code].plover_type
        if kind and kind not in codes:
            codes[kind] = code
    return codes


def _trigger(doc: Any, sentence: SentenceCandidates, actor: ActorMention | None, recipient: ActorMention | None) -> Any:
    """The word that links actor and recipient in the parse (their lowest common head), else the root."""
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    heads = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in (actor, recipient) if m is not None]
    heads = [h.root for h in heads if h is not None and len(h)]
    if not heads:
        return span.root
    chains = [[h, *h.ancestors] for h in heads]
    common = [t for t in chains[0] if all(t in chain for chain in chains[1:])]
    for token in common:
        if token.pos_ in ("VERB", "NOUN", "AUX") and token.i >= span.start and token.i < span.end:
            if len(heads) == 1 and token == heads[0]:
                continue
            return token
    return span.root


def _cameo(kind: str, trigger: Any, verbs: VerbTable, cameo: CameoTable) -> str:
    if trigger is not None:
        lemma = verbs.lemma_of(trigger.text.lower(), trigger.lemma_.lower())
        for entry in verbs.entries(lemma) if lemma else []:
            info = cameo.get(entry.code)
            if info is not None and info.plover_type == kind:
                return entry.code
    return _default_codes()[kind]


def to_event(
    article_id: str, doc: Any, sentence: SentenceCandidates, decision: Decision, mentions: Sequence[ActorMention]
) -> Event:
    actor = mentions[decision.actor] if decision.actor >= 0 else None
    recipient = mentions[decision.recipient] if decision.recipient >= 0 else None
    rule = next((e for e in sentence.rule_events if e.type == decision.type), None)
    cameo_table = default_cameo()
    trigger_span: Span | None
    if rule is not None and rule.evidence is not None and rule.evidence.trigger is not None:
        trigger_text, trigger_span = rule.trigger, rule.evidence.trigger
        code = rule.cameo or _default_codes()[decision.type]
    else:
        token = _trigger(doc, sentence, actor, recipient)
        trigger_text = token.text if token is not None else ""
        trigger_span = Span(token.idx, token.idx + len(token.text)) if token is not None else None
        code = _cameo(decision.type, token, default_verbs(), cameo_table)
    info = cameo_table.get(code)
    mode = decision.mode or (rule.mode if rule is not None else None) or None
    key = "|".join([article_id, str(sentence.index), decision.type, str(trigger_span), _code(actor), _code(recipient)])
    return Event(
        type=decision.type,
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        mode=mode,
        context=list(info.plover_context) if info else [],
        actor=actor,
        recipient=recipient,
        trigger=trigger_text,
        cameo=code,
        goldstein=cameo_table.goldstein(code),
        quad_class=info.quad_class if info else None,
        where=rule.where if rule is not None else None,
        dead=rule.dead if rule is not None else None,
        injured=rule.injured if rule is not None else None,
        evidence=Evidence(
            sentence.index,
            sentence.text,
            trigger_span,
            Span(actor.start, actor.end) if actor is not None and actor.text else None,
            Span(recipient.start, recipient.end) if recipient is not None and recipient.text else None,
            rule.evidence.place if rule is not None and rule.evidence is not None else None,
        ),
    )


def _code(mention: ActorMention | None) -> str:
    return (mention.code or mention.text) if mention is not None else ""


def _same(a: ActorMention | None, b: ActorMention | None) -> bool:
    """Compatible actors: the same code (uncoded: the same head word), or one side unknown."""
    if a is None or b is None or not (a.code or a.text) or not (b.code or b.text):
        return True
    if a.code or b.code:
        return a.code == b.code
    return a.text.split()[-1].lower() == b.text.split()[-1].lower()  # "twelve protesters", "the protesters"


def merge_happenings(events: list[Event]) -> list[Event]:
    """One event per happening: a later mention of the same type with compatible actors joins the first."""
    kept: list[Event] = []
    for event in events:
        anchor = next(
            (
                k
                for k in kept
                if k.type == event.type and _same(k.actor, event.actor) and _same(k.recipient, event.recipient)
            ),
            None,
        )
        if anchor is None:
            kept.append(event)
            continue
        if event.evidence is not None:
            anchor.other_evidence.append(event.evidence)
        if anchor.actor is None and event.actor is not None:
            anchor.actor = event.actor
        if anchor.recipient is None and event.recipient is not None:
            anchor.recipient = event.recipient
    return kept
