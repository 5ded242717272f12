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
from dataclasses import dataclass
from typing import Any

from brinkwatch.coding.actors import ActorCoder, CodedActor, SentenceMatches
from brinkwatch.coding.syntax import (
    QUANTIFIERS,
    agent_of,
    behind,
    case_of,
    conjuncts,
    count_of,
    has_object,
    pattern_tokens,
    place_of,
    right_phrase_tokens,
    subject_of,
    that_clause,
)
from brinkwatch.coding.triggers import Triggers, default_triggers
from brinkwatch.coding.verbs import NO_EVENT, CameoTable, VerbTable, default_cameo, default_verbs

__all__ = ["EventCoder", "EventOptions", "RawEvent"]

_FUTURE_AUX = frozenset({"will", "would", "'ll", "shall", "wo"})
_TARGET_CASES = ("with", "against", "to", "on", "at", "toward", "towards", "into", "for", "upon", "over")
_LIGHT_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am"})
_UNKNOWN = "UNK"
_THREAT_CODE = "138"


@dataclass(frozen=True, slots=True)
class EventOptions:
    nouns: bool = True  # event nouns as triggers (PETRARCH codes verbs only)
    require_dyad: bool = False  # drop events without both actor and recipient (PETRARCH's default)
    unknown_actor: bool = True  # an attack with no named actor gets actor UNK instead of being dropped
    future_as_threat: bool = True
    # PETRARCH's patterns read the whole verb phrase, reported clauses included ("allowed that X is
    # a pleasant place"); in news that turns "said [Iran will attack]" into an attack by the speaker.
    patterns_read_clauses: bool = False
    # PETRARCH codes an agent with no country as ---GOV; in news it stays uncoded (code None)
    agent_only_codes: bool = False


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
    mode: str | None = None  # a PLOVER mode the trigger fixes ("exploded": explosion)


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
        self._word_cache: dict[tuple[int, int], set[str]] = {}
        self._trigger_heads = frozenset(phrase.split()[0] for phrase in self.triggers.verbs)
        self._sentence_words: list[set[str]] = []
        self._sentence_start = 0

    def _words(self, token: Any) -> set[str]:
        """The word forms a pattern may match at a token (cached per Doc token)."""
        key = (id(token.doc), token.i)
        found = self._word_cache.get(key)
        if found is None:
            found = _word_set(token, self.verbs)
            self._word_cache[key] = found
        return found

    def code_sentence(self, sent: Any, actors: ActorCoder, matches: SentenceMatches) -> list[RawEvent]:
        self._word_cache.clear()
        tokens = list(sent)  # spaCy makes a new Token object per access: walk the sentence once
        self._sentence_words = [self._words(t) for t in tokens]
        self._sentence_start = sent.start
        events: list[RawEvent] = []
        coded_verbs: set[int] = set()  # verbs whose event is more than a plain statement (CAMEO 01x)
        by_verb: dict[int, set[tuple[str, str | None, str | None]]] = {}
        for token in tokens:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                if token.dep_ == "xcomp" and token.head.i in coded_verbs:
                    continue  # "urged Bree to help": the governing verb carries the event
                found = self._verb_events(token, sent, actors, matches)
                if token.dep_ == "conj":  # "will act, and are acting, against them": one event
                    found = [e for e in found if _triple(e) not in by_verb.get(token.head.i, set())]
                by_verb[token.i] = {_triple(e) for e in found}
                if any(not e.code.startswith("01") for e in found):
                    coded_verbs.add(token.i)  # "is said to have killed": a statement does not absorb the act
                events.extend(found)
            elif self.options.nouns and token.pos_ in ("NOUN", "PROPN"):
                events.extend(self._noun_events(token, actors, matches))
            elif self.options.nouns and token.pos_ == "ADJ":
                events.extend(self._blame(token, actors, matches))
        return [e for e in events if self._keep(e)]

    def _keep(self, event: RawEvent) -> bool:
        if self.options.require_dyad:
            return bool(event.source and event.source.code and event.target and event.target.code)
        return event.source is not None or event.target is not None

    # verbs -------------------------------------------------------------------------------------
    def _verb_code(self, verb: Any, sent: Any) -> str | None:
        lemma = self.verbs.lemma_of(verb.text, verb.lemma_) or verb.lemma_.lower() or verb.lower_
        if lemma in _LIGHT_BE and not self.options.patterns_read_clauses:
            return None  # "there was a risk of ...": existential and copular "be" report no event
        if lemma in self.triggers.ignore_verbs and not self.options.patterns_read_clauses:
            return None
        entries = self.verbs.entries(lemma)
        if not entries and lemma not in self._trigger_heads:
            return None  # most verbs are in neither table: skip the tree walks below
        # particles and prepositions of multi-word triggers ("act against", "carry out"), also where
        # they hang on a coordinated verb ("will act, and are acting, against them")
        heads = [verb, *(c for c in verb.children if c.dep_ == "conj")]
        particles = {c.lower_ for h in heads for c in h.children if c.dep_ in ("compound:prt", "advmod")}
        particles |= {case_of(c) for h in heads for c in h.children if c.dep_ in ("obl", "nmod", "advmod", "obj")}
        # our own triggers: multi-word ones ("act against") first; one-word ones only for verbs the
        # dictionary lacks, so a user's --verbs file keeps the last word on its verbs
        for phrase, code in self.triggers.verbs.items():
            words = phrase.split()
            if words[0] == lemma and (len(words) > 1 or not entries) and all(w in particles for w in words[1:]):
                return code
        if not entries:
            return None
        entry = next((e for e in entries if all(p in particles for p in e.particles)), entries[0])
        before = self._sentence_words[: max(verb.i - self._sentence_start, 0)]
        # patterns read the verb's own clause, not a reported clause ("said [Iran will attack]")
        after = [self._words(t) for t in pattern_tokens(verb, self.options.patterns_read_clauses)]
        code, _ = self.verbs.code_for(entry, before, after)
        return None if code.startswith(NO_EVENT) else code

    def _blame(self, predicate: Any, actors: ActorCoder, matches: SentenceMatches) -> list[RawEvent]:
        """'warned that the US will be responsible for ...': the speaker accuses the clause's subject."""
        if predicate.lower_ not in self.triggers.blame_predicates:
            return []
        if predicate.dep_ not in ("ccomp", "xcomp") and not any(c.lower_ == "that" for c in predicate.children):
            return []
        governor = next((t for t in predicate.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if governor is None:
            return []
        speaker, _ = subject_of(governor)
        blamed = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        sources = self._code_all(speaker, actors, matches)
        targets = self._code_all(blamed, actors, matches)
        return [RawEvent("112", predicate.i, s, t) for s in _or_none(sources) for t in targets]

    def _verb_events(self, verb: Any, sent: Any, actors: ActorCoder, matches: SentenceMatches) -> list[RawEvent]:
        lemma = self.verbs.lemma_of(verb.text, verb.lemma_) or verb.lemma_.lower()
        if lemma in self.triggers.light_verbs and _event_noun_child(verb, self.triggers):
            return []  # "carried out an attack": the noun is the event
        code = self._verb_code(verb, sent)
        if code is None or (verb.dep_ == "acl" and self._quad(code) != 4):
            return []  # "depots controlled by militias" describes, it does not report an event
        subject, passive = subject_of(verb)
        sources: list[CodedActor] = []
        targets: list[CodedActor] = []
        if passive:
            sources = self._code_all(agent_of(verb), actors, matches)
            targets = self._code_all(subject, actors, matches)
        elif subject is not None and lemma in self.triggers.undergo_verbs and not has_object(verb):
            # "Iraqi depots exploded": what the subject names was hit; who did it is unknown
            targets = self._code_all(subject, actors, matches) or self._inner_actor(subject, actors, matches)
        else:
            sources = self._code_all(subject, actors, matches)
        if not targets:
            targets = self._targets(verb, actors, matches, code)
        mode = self.triggers.modes.get(lemma) if code == self.triggers.verbs.get(lemma) else None
        future = self._future(verb)
        if future and self.options.future_as_threat and self._quad(code) == 4:
            code, mode = _THREAT_CODE, None
        own_trigger = lemma in self._trigger_heads
        if not sources and self._quad(code) == 4 and self.options.unknown_actor and (targets or own_trigger):
            # an attack on someone, or one of our attack verbs ("exploded"): the actor is unknown, not
            # absent; a bare dictionary verb with nobody on either side ("take", "use") is no event
            sources = [_unknown(verb)]
        dead, injured = self._casualties(lemma, verb, targets)
        place = place_of(verb)
        events = []
        primary, _, reverse = code.partition(":")
        mutual = not targets and len({s.code for s in sources}) > 1  # "Gondor and Osgiliath met": each with each
        for source in _or_none(sources):
            for target in sources if mutual else _or_none(targets):
                if source and target and source.code and source.code == target.code:
                    continue
                events.append(RawEvent(primary, verb.i, source, target, dead, injured, place, future, mode))
                if reverse and source and target and not mutual:
                    events.append(RawEvent(reverse, verb.i, target, source, None, None, place, future))
        return events

    def _targets(self, verb: Any, actors: ActorCoder, matches: SentenceMatches, code: str) -> list[CodedActor]:
        children = [c for c in verb.children if not c.is_space]  # paragraph breaks the parser hung on it
        ordered = [c for c in children if c.dep_ in ("obj", "iobj", "dobj")]
        ordered += [c for c in children if c.dep_ == "obl" and case_of(c) in _TARGET_CASES]
        for candidate in ordered:
            found = self._code_all(candidate, actors, matches)
            if found:
                return found
        for token in right_phrase_tokens(verb):
            if token.i in matches.actor and token.pos_ in ("PROPN", "NOUN", "ADJ"):
                # "an attack by Osgiliath soldiers": code the phrase the modifier belongs to
                head = token.head if token.dep_ in ("compound", "amod", "flat") else token
                found = self._code_all(head, actors, matches) or self._code_all(token, actors, matches)
                if found:
                    return found
        for token in right_phrase_tokens(verb):  # "act against them"
            if token.pos_ == "PRON" and case_of(token) in _TARGET_CASES:
                resolved = actors.code(token.doc, token, matches)
                if resolved is not None and resolved.code:
                    return [resolved]
        for conj in (c for c in children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
            for child in conj.children:  # "will act, and are acting, against them": shared arguments
                if child.dep_ in ("obj", "obl") and (child.dep_ == "obj" or case_of(child) in _TARGET_CASES):
                    found = self._code_all(child, actors, matches)
                    if found:
                        return found
        if self._quad(code) in (1, 3):  # "warned that the US will ...": the clause's subject
            clause = next((c for c in children if c.dep_ == "ccomp"), None) or that_clause(verb)
            if clause is not None:
                subject, _ = subject_of(clause)
                return self._code_all(subject, actors, matches)
        return []

    def _inner_actor(self, noun: Any, actors: ActorCoder, matches: SentenceMatches) -> list[CodedActor]:
        """'depots controlled by Iraqi militias': the actor a thing belongs to."""
        heads = [t for t in noun.subtree if t.i != noun.i and t.pos_ in ("NOUN", "PROPN")]
        for token in heads + [t for t in noun.subtree if t.i != noun.i and t.i in matches.actor]:
            if token.dep_.startswith(("compound", "flat")):
                continue
            found = self._code_all(token, actors, matches)
            if found:
                return found
        return []

    def _code_all(self, head: Any, actors: ActorCoder, matches: SentenceMatches) -> list[CodedActor]:
        if head is None:
            return []
        if head.lower_ in QUANTIFIERS:  # "one of the militias"
            inner = next((c for c in head.children if c.dep_ == "nmod"), None)
            head = inner if inner is not None else head
        found = []
        for member in [head, *conjuncts(head)]:
            coded = actors.code(member.doc, member, matches)
            if coded is not None and not coded.code and coded.sectors and self.options.agent_only_codes:
                coded.code = "---" + "".join(coded.sectors)  # PETRARCH's code for "an official": ---GOV
            if coded is not None and coded.code:
                found.extend(actors.expand_places(member, coded, matches))
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
        killed = any(lemma.startswith(k) for k in self.triggers.kill_verbs)
        if not killed and not any(lemma.startswith(k) for k in self.triggers.injure_verbs):
            return None, None
        count = None
        for token in verb.children:
            if token.dep_ in ("obj", "nsubj:pass"):
                count = count_of(token)
        if count is None:
            return None, None
        return (count, None) if killed else (None, count)

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
            case = case_of(child)
            if child.dep_ in ("nmod", "obl") and case == "by":
                sources = sources or self._code_all(child, actors, matches)
            elif child.dep_ in ("nmod", "obl") and case in ("on", "against", "at", "upon"):
                targets = targets or self._code_all(child, actors, matches)
            elif child.dep_ in ("nmod:poss", "amod", "compound") and child.i in matches.actor:
                sources = sources or self._code_all(child, actors, matches)
        if not targets and noun.dep_ == "nmod":  # "a risk of retaliation against US forces", attached high
            for sibling in noun.head.children:
                if sibling.i > noun.i and sibling.dep_ == "nmod" and case_of(sibling) in ("on", "against", "upon"):
                    targets = self._code_all(sibling, actors, matches)
                    break
        role = noun.head if noun.dep_ == "nmod" and noun.head.lower_ in QUANTIFIERS else noun
        governor = role.head
        if not sources and governor is not role:
            sources, targets = self._governed(role, governor, actors, matches, sources, targets)
        if not sources and self.options.unknown_actor and self._quad(code) == 4:
            sources = [_unknown(noun)]
        mode = self.triggers.modes.get(noun.lower_) or self.triggers.modes.get(noun.lower_.rstrip("s"))
        future = self._future(governor) if governor is not role else False
        if future and self.options.future_as_threat and self._quad(code) == 4:
            code, mode = _THREAT_CODE, None
        place = place_of(noun) or (place_of(governor) if governor is not noun else None)
        for source in _or_none(sources):
            for target in _or_none(targets):
                yield RawEvent(code, noun.i, source, target, None, None, place, future, mode)

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
        subject, passive = subject_of(governor)
        if lemma in self.triggers.light_verbs and role.dep_ in ("obj", "nsubj:pass", "nsubj"):
            if passive:
                return self._code_all(agent_of(governor), actors, matches), targets
            if role.dep_ == "obj":
                return self._code_all(subject, actors, matches), targets
        if case_of(role) == "under" and lemma in self.triggers.undergo_verbs:  # "came under attack"
            found = self._code_all(subject, actors, matches) or (
                self._inner_actor(subject, actors, matches) if subject is not None else []
            )
            return sources, targets or found
        if behind(role):  # "X is believed to be behind the strikes"
            head = role
            for _ in range(5):
                subject, _ = subject_of(head)
                if (subject is not None and subject.i != role.i) or head.head is head:
                    break
                head = head.head
            return self._code_all(subject, actors, matches), targets
        return sources, targets


def _triple(event: RawEvent) -> tuple[str, str | None, str | None]:
    return event.code, event.source.code if event.source else None, event.target.code if event.target else None


def _or_none(actors: list[CodedActor]) -> list[CodedActor | None]:
    """The actors, or one empty slot so an event with a missing side is still produced."""
    return list(actors) if actors else [None]


def _word_set(token: Any, verbs: VerbTable) -> set[str]:
    words = {token.lower_}
    if token.lemma_:
        words.add(token.lemma_.lower())
    lemma = verbs.forms.get(token.lower_)
    if lemma:
        words.add(lemma)
    return words


def _event_noun_child(verb: Any, triggers: Triggers) -> bool:
    for child in verb.children:
        if child.dep_ in ("obj", "nsubj:pass"):
            role = (
                next((c for c in child.children if c.dep_ == "nmod"), child) if child.lower_ in QUANTIFIERS else child
            )
            lower = role.lower_
            if lower in triggers.nouns or lower.rstrip("s") in triggers.nouns or role.lemma_ in triggers.nouns:
                return True
    return False


def _unknown(token: Any) -> CodedActor:
    return CodedActor("", token.i, token.i, token.i, _UNKNOWN, sectors=["UNK"])
