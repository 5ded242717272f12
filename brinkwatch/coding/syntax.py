"""Reading a dependency parse (Universal Dependencies labels) for event coding.

Small functions over spaCy tokens: who is the subject of a verb (through coordination, control,
raising and relative clauses), whether it is passive, its `by` agent, the tokens of its own clause,
a 'that' clause, numbers and places. They tolerate the attachment errors a small parser makes
(paragraph breaks hung on verbs, subjects left in parataxis).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = [
    "QUANTIFIERS",
    "agent_of",
    "behind",
    "case_of",
    "conjuncts",
    "count_of",
    "has_object",
    "pattern_tokens",
    "place_of",
    "right_phrase_tokens",
    "subject_of",
    "that_clause",
]

_PLACE_CASES = frozenset({"in", "near", "at", "outside", "inside", "across", "around"})
QUANTIFIERS = frozenset({"one", "some", "several", "many", "all", "most", "two", "three", "each", "any", "none"})
_SKIP_SUBTREES = frozenset({"ccomp", "advcl", "parataxis", "conj", "acl:relcl", "csubj", "list"})
_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_RELATIVE = frozenset({"that", "which", "who", "whom"})


def case_of(token: Any) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "case"), "")


def subject_of(verb: Any) -> tuple[Any, bool]:
    """The subject of a verb (walking up coordination, control and relative clauses) and passivity."""
    subject, passive, steps = _walk_subject(verb)
    if steps and not any(c.dep_ == "aux:pass" for c in verb.children):
        # "is said to have killed": the raised subject acts; "were attacked and killed": shared passive
        passive = passive and all(step == "conj" for step in steps) and verb.tag_ == "VBN"
    return subject, passive


def _walk_subject(verb: Any) -> tuple[Any, bool, list[str]]:
    current = verb
    steps: list[str] = []
    for _ in range(4):
        passive = any(c.dep_ == "aux:pass" for c in current.children)
        for child in current.children:
            if child.is_space:
                continue  # a paragraph break the parser hung on the verb
            if child.dep_ in ("nsubj", "csubj", "nsubj:outer"):
                if current.dep_ == "acl:relcl" and child.lower_ in _RELATIVE:
                    return current.head, passive, steps  # "militias that attacked ...": the noun it is on
                return child, passive, steps
            if child.dep_ in ("nsubj:pass", "csubj:pass"):
                return child, True, steps
        if current.dep_ == "acl:relcl":
            return current.head, passive, steps
        if current.dep_ == "acl":
            return current.head, True, steps
        if current.dep_ == "parataxis" and current.head.pos_ in ("PROPN", "NOUN"):
            return current.head, passive, steps  # "X, the deputy head of Y, warned ...": a misattached subject
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head is not current:
            steps.append(current.dep_)
            current = current.head
            continue
        break
    return None, False, steps


def agent_of(verb: Any) -> Any:
    """The `by` phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "obl:agent" or (child.dep_ == "obl" and case_of(child) == "by"):
            return child
    return None


def behind(token: Any) -> bool:
    """Whether 'behind' governs the noun: as its case marker, or as the word it hangs on."""
    for _ in range(3):
        if case_of(token) == "behind" or token.lower_ == "behind":
            return True
        if token.head is token:
            return False
        token = token.head
    return False


def conjuncts(token: Any) -> list[Any]:
    return [c for c in token.children if c.dep_ == "conj"]


def that_clause(verb: Any) -> Any:
    """A 'that' clause under the verb, however the parser attached it."""
    for token in verb.subtree:
        if token.i > verb.i and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children):
            return token
    return None


def has_object(verb: Any) -> bool:
    return any(c.dep_ in ("obj", "iobj", "dobj") and not c.is_space for c in verb.children)


def right_phrase_tokens(verb: Any) -> Iterator[Any]:
    """Tokens after the verb in its own clause (not in embedded clauses or coordinated verbs)."""
    stack = [c for c in verb.children if c.i > verb.i and c.dep_ not in _SKIP_SUBTREES]
    seen = []
    while stack:
        token = stack.pop()
        seen.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _SKIP_SUBTREES)
    yield from sorted(seen, key=lambda t: t.i)


def pattern_tokens(verb: Any, read_clauses: bool) -> list[Any]:
    """Tokens after the verb that its patterns may read: its subtree, minus reported clauses in news."""
    skip = () if read_clauses else ("ccomp", "parataxis", "conj", "advcl")
    stack = [c for c in verb.children if c.i > verb.i and c.dep_ not in skip]
    seen = []
    while stack:
        token = stack.pop()
        seen.append(token)
        stack.extend(token.children)
    return sorted(seen, key=lambda t: t.i)


def count_of(token: Any) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod":
            text = child.lower_.replace(",", "")
            if text.isdigit():
                return int(text)
            if text in _NUMBERS:
                return _NUMBERS[text]
    return None


def place_of(token: Any) -> tuple[int, int] | None:
    for child in token.children:
        if child.dep_ in ("obl", "nmod") and case_of(child) in _PLACE_CASES and child.pos_ == "PROPN":
            tokens = [t.i for t in child.subtree if t.dep_ != "case"]
            return min(tokens), max(tokens) + 1
    return None
