"""Names the parse missed, offered to the event model as candidates: the entity head's people and organisations.

The candidates come from the parse and the actor dictionaries (candidates.py); a person or organisation
named once, and found by neither, can then be no event's actor. The entity head (entities.py) reads the
encoder pass the event model makes anyway, so finding them costs the head alone. Places are left out:
a place named in a sentence is mostly where something happened, and the countries that act are in the
actor dictionaries already.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brinkwatch.coding.learned.candidates import SentenceCandidates, pruned
from brinkwatch.coding.learned.entities import EntityHead
from brinkwatch.coding.learned.runtime import Hidden
from brinkwatch.model import ActorMention

__all__ = ["ACTOR_LABELS", "add_entity_candidates"]

ACTOR_LABELS = frozenset({"PER", "ORG"})


def add_entity_candidates(
    sentences: Sequence[SentenceCandidates], hidden: Sequence[Hidden], head: EntityHead, tokenizer: Any
) -> int:
    """Add each sentence's PER/ORG spans that overlap no candidate; return how many were added."""
    added = 0
    for sentence, passed in zip(sentences, hidden, strict=True):
        for start, end, label in head.tag(sentence.text, passed, tokenizer):
            if label not in ACTOR_LABELS:
                continue
            begin, stop = sentence.start + start, sentence.start + end
            if any(m.start < stop and begin < m.end for m in sentence.mentions):
                continue
            sentence.mentions.append(ActorMention(sentence.text[start:end], begin, stop, sentence_index=sentence.index))
            added += 1
        sentence.mentions = pruned(sentence.mentions)
    return added
