"""Who did it, on violent events: named, claimed, suspected or unknown, with the chain that says so.

Only acts the text presents as having happened get a perpetrator: a threatened, planned, hypothetical or
negated attack has none. A claim of responsibility makes the claimer the perpetrator (claimed); a hedge
or an accusation makes the named actor a suspect (suspected); a denial, an unidentified attacker, or no
attacker at all leaves it unknown, with the cue ("mysteriously", "no group has claimed") when there is one.
"""

from __future__ import annotations

import re

from brinkwatch.model import ActorMention, Certainty, ChainLink, Event, Perpetrator, PerpetratorStatus

__all__ = ["VIOLENT_TYPES", "perpetrator_of", "source_suspicions"]

VIOLENT_TYPES = frozenset({"ASSAULT"})
_NOT_DONE = frozenset({Certainty.THREATENED, Certainty.FUTURE, Certainty.HYPOTHETICAL, Certainty.NEGATED})
_UNIDENTIFIED = re.compile(
    r"\b(?:unidentified|unknown|masked|someone|somebody|anonymous)\b|"
    r"^(?:(?:a|an|the|two|three|several|armed)\s+)?(?:gunm[ae]n|assailants?|attackers?)\b",
    re.IGNORECASE,
)
# The code the actor coder gives an attacker it cannot identify.
_UNKNOWN_CODES = frozenset({"UNK"})
_RESPONSIBILITY = re.compile(r"\b(?:behind|responsible for|the work of|carried out by|blamed on)\b", re.IGNORECASE)
_UNKNOWN_CUES = re.compile(
    r"\b(?:mysteriously|no (?:group|one|organi[sz]ation|faction) (?:has |have |had )?(?:yet |immediately )?claimed|"
    r"(?:it is|it was|it remains) (?:not known|unclear) who|unclaimed|by unknown)\b",
    re.IGNORECASE,
)


def perpetrator_of(
    event_type: str,
    certainty: Certainty,
    cues: list[str],
    chain: list[ChainLink],
    sentence: str,
    actor: ActorMention | None,
    claimer: ActorMention | None = None,
) -> Perpetrator | None:
    """The perpetrator of a violent event, or None for other events and for acts that did not happen."""
    if event_type.upper() not in VIOLENT_TYPES or certainty in _NOT_DONE:
        return None
    if certainty is Certainty.DENIED:
        return Perpetrator(PerpetratorStatus.UNKNOWN, None, list(chain), list(cues))
    if certainty is Certainty.CLAIMED:
        return Perpetrator(PerpetratorStatus.CLAIMED, claimer or actor, list(chain), list(cues))
    unknown = [m.group(0).lower() for m in _UNKNOWN_CUES.finditer(sentence)]
    if actor is None or actor.code in _UNKNOWN_CODES or not actor.text.strip() or _UNIDENTIFIED.search(actor.text):
        return Perpetrator(PerpetratorStatus.UNKNOWN, actor, list(chain), unknown)
    if certainty in (Certainty.SUSPECTED, Certainty.ALLEGED):
        return Perpetrator(PerpetratorStatus.SUSPECTED, actor, list(chain), list(cues))
    return Perpetrator(PerpetratorStatus.NAMED, actor, list(chain), [])


def source_suspicions(events: list[Event]) -> None:
    """Give an unsourced suspicion of responsibility the source the article names for it elsewhere.

    A summary line ("Israel is believed to be behind two of the recent strikes") often states without
    a source what the body attributes ("..., a US official told The Wall Street Journal"). Only sentences
    that assign responsibility ("behind", "responsible for", "the work of") borrow, only from events whose
    own sentence names a speaker; the suspicion keeps its status and a cue says which sentence supplied it.
    """
    sources = [
        (other, other.claim.perpetrator)
        for other in events
        if other.claim.perpetrator is not None
        and other.claim.perpetrator.actor is not None
        and any(link.kind == "speaker" for link in other.claim.perpetrator.chain)
    ]
    for event in events:
        perpetrator = event.claim.perpetrator
        if perpetrator is None or perpetrator.status is not PerpetratorStatus.SUSPECTED or perpetrator.actor is None:
            continue
        sentence = event.evidence.sentence if event.evidence else ""
        if not perpetrator.actor.code or not _RESPONSIBILITY.search(sentence):
            continue
        if any(link.kind == "speaker" for link in perpetrator.chain):
            continue
        for other, source in sources:
            same = other is not event and other.type == event.type and source is not None and source.actor is not None
            if same and source is not None and source.actor is not None and source.actor.code == perpetrator.actor.code:
                perpetrator.chain = list(source.chain)
                where = other.evidence.sentence_index if other.evidence else "?"
                perpetrator.cues.append(f"sourced in sentence {where}")
                break
