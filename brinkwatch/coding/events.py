"""Event coding over a dependency parse: who did what to whom, as CAMEO codes with their triggers.

Triggers are verbs in the verb dictionary (CAMEO.2.0 or a PETRARCH `--verbs` file; the most
specific pattern around the verb picks the code) and event nouns ("attack", "explosions",
triggers.yaml). The actor is the subject (the `by` agent in the passive, the noun a relative clause
hangs on), the recipient the object or a prepositional complement; coordinated actors give one
event each. A material-conflict act under "will"/"would" is coded as a threat (138), not as done.
An attack nobody is named for keeps an unknown actor instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from brinkwatch.coding.actors import ActorCoder, CodedActor, SentenceMatches
from brinkwatch.coding.verbs import NO_EVENT, CameoTable, VerbTable, default_cameo, default_verbs

__all__ = ["EventCoder", "EventOptions", "RawEvent", "Triggers", "default_triggers"]

_FUTURE_AUX = frozenset({"will", "would", "'ll", "shall", "wo"})
_TARGET_CASES = ("with", "against", "to", "on", "at", "toward", "towards", "into", "for", "upon", "over")
_PLACE_CASES = frozenset({"in", "near", "at", "outside", "inside", "across", "around"})
_QUANTIFIERS = frozenset({"one", "some", "several", "many", "all", "most", "two", "three", "each", "any", "none"})
_SKIP_SUBTREES = frozenset({"ccomp", "advcl", "parataxis", "conj", "acl:relcl", "csubj", "list"})
_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_UNKNOWN = "UNK"
_THREAT_CODE = "138"


@dataclass(frozen=True, slots=True)
class EventOptions:
    nouns: bool = True  # event nouns as triggers (PETRARCH codes verbs only)
    require_dyad: bool = False  # drop events without both actor and recipient (PETRARCH's default)
    unknown_actor: bool = True  # an attack with no named actor gets actor UNK instead of being dropped
    future_as_threat: bool = True


@dataclass(slots=True)
class RawEvent:
    code: str
    trigger: int  # token index
    source: CodedActor | None
    target: CodedActor | None
    dead: int | None = None
    injured: int | None = None
    place: tuple[int, int] | None = None  # token span of the place mention
    future: bool = False


@dataclass(slots=True)
class Triggers:
    nouns: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    light_particles: dict[str, str] = field(default_factory=dict)
    undergo_verbs: frozenset[str] = frozenset()
    kill_verbs: frozenset[str] = frozenset()
    injure_verbs: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Triggers:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            {str(k): str(v) for k, v in data["nouns"].items()},
            {str(k): str(v) for k, v in data["verbs"].items()},
            frozenset(data["light_verbs"]),
            dict(data["light_particles"]),
            frozenset(data["undergo_verbs"]),
            frozenset(data["kill_verbs"]),
            frozenset(data["injure_verbs"]),
        )


@lru_cache(maxsize=1)
def default_triggers() -> Triggers:
    return Triggers.load(Path(__file__).resolve().parents[1] / "resources" / "coding" / "triggers.yaml")


class EventCoder:
    def __init__(
        self,
        verbs: VerbTable | None = None,
        cameo: CameoTable | None = None,
        triggers: Triggers | None = None,
        options: EventOptions | None = None,
    ) -> None:
        self.verbs = verbs or default_verbs()
        self.cameo = cameo or default_cameo()
        self.triggers = triggers or default_triggers()
        self.options = options or EventOptions()

    def code_sentence(self, sent: Any, actors: ActorCoder, matches: SentenceMatches) -> list[RawEvent]:
        events: list[RawEvent] = []
        coded_verbs: set[int] = set()
        for token in sent:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                if token.dep_ == "xcomp" and token.head.i in coded_verbs:
                    continue  # "urged Bree to help": the governing verb carries the event
                found = self._verb_events(token, sent, actors, matches)
                if found:
                    coded_verbs.add(token.i)
                    events.extend(found)
            elif self.options.nouns and token.pos_ in ("NOUN", "PROPN"):
                events.extend(self._noun_events(token, actors, matches))
        return [e for e in events if self._keep(e)]

    def _keep(self, event: RawEvent) -> bool:
        if self.options.require_dyad:
            return bool(event.source and event.source.code and event.target and event.target.code)
        return event.source is not None or event.target is not None

    # verbs -------------------------------------------------------------------------------------
    def _verb_code(self, verb: Any, sent: Any) -> str | None:
        lemma = self.verbs.lemma_of(verb.text, verb.lemma_) or verb.lemma_.lower() or verb.lower_
        particles = {c.lower_ for c in verb.children if c.dep_ in ("compound:prt", "obl", "advmod")} | {
            _case(c) for c in verb.children if c.dep_ == "obl"
        }
        for phrase, code in self.triggers.verbs.items():
            words = phrase.split()
            if words[0] == lemma and all(w in particles for w in words[1:]):
                return code
        entries = self.verbs.entries(lemma)
        if not entries:
            return None
        entry = next((e for e in entries if all(p in particles for p in e.particles)), entries[0])
        before = [_word_set(t, self.verbs) for t in sent if t.i < verb.i]
        after = [_word_set(t, self.verbs) for t in verb.subtree if t.i > verb.i]
        code, _ = self.verbs.code_for(entry, before, after)
        return None if code.startswith(NO_EVENT) else code

    def _verb_events(self, verb: Any, sent: Any, actors: ActorCoder, matches: SentenceMatches) -> list[RawEvent]:
        lemma = self.verbs.lemma_of(verb.text, verb.lemma_) or verb.lemma_.lower()
        if lemma in self.triggers.light_verbs and _event_noun_child(verb, self.triggers):
            return []  # "carried out an attack": the noun is the event
        code = self._verb_code(verb, sent)
        if code is None:
            return []
        subject, passive = _subject(verb)
        sources: list[CodedActor] = []
        targets: list[CodedActor] = []
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            sources = self._code_all(agent, actors, matches)
            targets = self._code_all(subject, actors, matches)
        else:
            sources = self._code_all(subject, actors, matches)
            if not sources and subject is not None and lemma in self.triggers.undergo_verbs:
                targets = self._inner_actor(subject, actors, matches)
        if not targets:
            targets = self._targets(verb, actors, matches, code)
        future = self._future(verb)
        if future and self.options.future_as_threat and self._quad(code) == 4:
            code = _THREAT_CODE
        if not sources and self._quad(code) == 4 and self.options.unknown_actor:
            sources = [_unknown(verb)]
        dead, injured = self._casualties(lemma, verb, targets)
        place = _place(verb)
        events = []
        primary, _, reverse = code.partition(":")
        for source in sources or [None]:
            for target in targets or [None]:
                if source and target and source.code and source.code == target.code:
                    continue
                events.append(RawEvent(primary, verb.i, source, target, dead, injured, place, future))
                if reverse and source and target:
                    events.append(RawEvent(reverse, verb.i, target, source, None, None, place, future))
        return events

    def _targets(self, verb: Any, actors: ActorCoder, matches: SentenceMatches, code: str) -> list[CodedActor]:
        children = list(verb.children)
        ordered = [c for c in children if c.dep_ in ("obj", "iobj", "dobj")]
        ordered += [c for c in children if c.dep_ == "obl" and _case(c) in _TARGET_CASES]
        for candidate in ordered:
            found = self._code_all(candidate, actors, matches)
            if found:
                return found
        for token in _right_phrase_tokens(verb):
            if token.i in matches.actor and token.pos_ in ("PROPN", "NOUN", "ADJ"):
                found = self._code_all(token, actors, matches)
                if found:
                    return found
        if self._quad(code) in (1, 3):  # "warned that the US will ...": the clause's subject
            clause = next((c for c in children if c.dep_ == "ccomp"), None)
            if clause is not None:
                subject, _ = _subject(clause)
                return self._code_all(subject, actors, matches)
        return []

    def _inner_actor(self, noun: Any, actors: ActorCoder, matches: SentenceMatches) -> list[CodedActor]:
        """'depots controlled by Iraqi militias': the actor a thing belongs to."""
        for token in noun.subtree:
            if token.i != noun.i and token.i in matches.actor:
                found = self._code_all(token, actors, matches)
                if found:
                    return found
        return []

    def _code_all(self, head: Any, actors: ActorCoder, matches: SentenceMatches) -> list[CodedActor]:
        if head is None:
            return []
        if head.lower_ in _QUANTIFIERS:  # "one of the militias"
            inner = next((c for c in head.children if c.dep_ == "nmod"), None)
            head = inner if inner is not None else head
        found = []
        for member in [head, *_conjuncts(head)]:
            coded = actors.code(member.doc, member, matches)
            if coded is not None and coded.code:
                found.append(coded)
        return found

    def _future(self, verb: Any) -> bool:
        for token in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else verb):
            if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children):
                return True
        return False

    def _quad(self, code: str) -> int | None:
        info = self.cameo.get(code.split(":")[0])
        return info.quad_class if info else None

    def _casualties(self, lemma: str, verb: Any, targets: list[CodedActor]) -> tuple[int | None, int | None]:
        if lemma not in self.triggers.kill_verbs | self.triggers.injure_verbs:
            return None, None
        count = None
        for token in verb.children:
            if token.dep_ in ("obj", "nsubj:pass"):
                count = _count(token)
        if count is None:
            return None, None
        return (count, None) if lemma in self.triggers.kill_verbs else (None, count)

    # nouns ---------------------------------------------------------------------------------------
    def _noun_code(self, noun: Any) -> str | None:
        lower = noun.lower_
        code = self.triggers.nouns.get(lower) or self.triggers.nouns.get(noun.lemma_.lower())
        if code is None and lower.endswith("s"):
            code = self.triggers.nouns.get(lower[:-1]) or self.triggers.nouns.get(
                lower[:-2] if lower.endswith("es") else ""
            )
        return code

    def _noun_events(self, noun: Any, actors: ActorCoder, matches: SentenceMatches) -> Iterator[RawEvent]:
        code = self._noun_code(noun)
        if code is None:
            return
        sources: list[CodedActor] = []
        targets: list[CodedActor] = []
        for child in noun.children:
            case = _case(child)
            if child.dep_ in ("nmod", "obl") and case == "by":
                sources = sources or self._code_all(child, actors, matches)
            elif child.dep_ in ("nmod", "obl") and case in ("on", "against", "at", "upon"):
                targets = targets or self._code_all(child, actors, matches)
            elif child.dep_ in ("nmod:poss", "amod", "compound") and child.i in matches.actor:
                sources = sources or self._code_all(child, actors, matches)
        role = noun.head if noun.dep_ == "nmod" and noun.head.lower_ in _QUANTIFIERS else noun
        governor = role.head
        if not sources and governor is not role:
            sources, targets = self._governed(role, governor, actors, matches, sources, targets)
        if not sources and self.options.unknown_actor and self._quad(code) == 4:
            sources = [_unknown(noun)]
        future = self._future(governor) if governor is not role else False
        if future and self.options.future_as_threat and self._quad(code) == 4:
            code = _THREAT_CODE
        place = _place(noun) or (_place(governor) if governor is not noun else None)
        for source in sources or [None]:
            for target in targets or [None]:
                yield RawEvent(code, noun.i, source, target, None, None, place, future)

    def _governed(
        self,
        role: Any,
        governor: Any,
        actors: ActorCoder,
        matches: SentenceMatches,
        sources: list[CodedActor],
        targets: list[CodedActor],
    ) -> tuple[list[CodedActor], list[CodedActor]]:
        """The event noun's actor and target from the verb it hangs on."""
        lemma = self.verbs.lemma_of(governor.text, governor.lemma_) or governor.lemma_.lower()
        subject, passive = _subject(governor)
        if lemma in self.triggers.light_verbs and role.dep_ in ("obj", "nsubj:pass"):
            if passive:
                agent = next((c for c in governor.children if c.dep_ == "obl:agent"), None)
                return self._code_all(agent, actors, matches), targets
            return self._code_all(subject, actors, matches), targets
        if _case(role) == "under" and lemma in self.triggers.undergo_verbs:  # "came under attack"
            found = self._code_all(subject, actors, matches) or (
                self._inner_actor(subject, actors, matches) if subject is not None else []
            )
            return sources, targets or found
        if _case(role) == "behind":  # "X is believed to be behind the strikes"
            head = governor
            while head.dep_ in ("xcomp", "ccomp") and subject is None:
                head = head.head
                subject, _ = _subject(head)
            if subject is None:
                subject, _ = _subject(role)
            return self._code_all(subject, actors, matches), targets
        return sources, targets


def _word_set(token: Any, verbs: VerbTable) -> set[str]:
    words = {token.lower_}
    if token.lemma_:
        words.add(token.lemma_.lower())
    lemma = verbs.forms.get(token.lower_)
    if lemma:
        words.add(lemma)
    return words


def _case(token: Any) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "case"), "")


def _subject(verb: Any) -> tuple[Any, bool]:
    """The subject of a verb (walking up coordination, control and relative clauses) and passivity."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj", "nsubj:outer"):
                return child, False
            if child.dep_ == "nsubj:pass":
                return child, True
        passive = any(c.dep_ == "aux:pass" for c in current.children)
        if current.dep_ == "acl:relcl":
            return current.head, passive
        if current.dep_ == "acl":
            return current.head, True
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head is not current:
            current = current.head
            continue
        break
    return None, False


def _conjuncts(token: Any) -> list[Any]:
    return [c for c in token.children if c.dep_ == "conj"]


def _right_phrase_tokens(verb: Any) -> Iterator[Any]:
    """Tokens after the verb in its own clause (not in embedded clauses or coordinated verbs)."""
    stack = [c for c in verb.children if c.i > verb.i and c.dep_ not in _SKIP_SUBTREES]
    seen = []
    while stack:
        token = stack.pop()
        seen.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _SKIP_SUBTREES)
    yield from sorted(seen, key=lambda t: t.i)


def _event_noun_child(verb: Any, triggers: Triggers) -> bool:
    for child in verb.children:
        if child.dep_ in ("obj", "nsubj:pass"):
            role = (
                next((c for c in child.children if c.dep_ == "nmod"), child) if child.lower_ in _QUANTIFIERS else child
            )
            lower = role.lower_
            if lower in triggers.nouns or lower.rstrip("s") in triggers.nouns or role.lemma_ in triggers.nouns:
                return True
    return False


def _count(token: Any) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod":
            text = child.lower_.replace(",", "")
            if text.isdigit():
                return int(text)
            if text in _NUMBERS:
                return _NUMBERS[text]
    return None


def _place(token: Any) -> tuple[int, int] | None:
    for child in token.children:
        if child.dep_ in ("obl", "nmod") and _case(child) in _PLACE_CASES and child.pos_ == "PROPN":
            tokens = [t.i for t in child.subtree if t.dep_ != "case"]
            return min(tokens), max(tokens) + 1
    return None


def _unknown(token: Any) -> CodedActor:
    return CodedActor("", token.i, token.i, token.i, _UNKNOWN, sectors=["UNK"])
