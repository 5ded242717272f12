"""Actor coding over a dependency parse: which actor a noun phrase names, coded for the article date.

A phrase is coded from dictionary matches inside it: a named actor ("Benjamin Netanyahu" -> the
role valid on the date), a country or nationality ("Iraqi") combined with an agent ("militias" ->
~UAF) into IRQUAF, an agent with a place ("soldiers from Gondor" -> GONMIL), an affiliation ("with
ties to Iran" -> IRN). Pronouns and short forms ("he", "the group", "them") take the latest
compatible actor of the article. Named entities that match nothing are kept uncoded, with text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from brinkwatch.coding.dictionary import ActorDictionary, default_dictionary

__all__ = ["ActorCoder", "CodedActor", "SentenceMatches"]

_MODIFIERS = frozenset({"compound", "amod", "nmod:poss", "flat", "nmod:desc", "nummod", "det"})
_PLACE_CASES = frozenset({"of", "from", "in"})
_AFFILIATION_CUES = frozenset({"ties", "tied", "linked", "backed", "allied", "loyal", "aligned", "supported", "close"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"they", "them"})
_SPEAKER_PRONOUNS = frozenset({"we", "us", "i", "me", "our", "ourselves"})
_SHORT_FORMS = frozenset({"group", "militia", "militias", "government", "country", "movement", "organization"})
_UNNAMED_ROLES = frozenset({"official", "officials", "source", "sources", "aide", "aides", "diplomat", "diplomats"})
_ANONYMOUS_DETS = frozenset({"a", "an", "one", "two", "three", "several", "some", "senior", "former"})


@dataclass(slots=True)
class CodedActor:
    text: str
    start: int  # token indices of the phrase [start, end)
    end: int
    head: int
    code: str | None = None
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    affiliation: str | None = None
    anonymous: bool = False
    person: bool = False  # a named individual (for "he"/"she")
    plural: bool = False


@dataclass(slots=True)
class SentenceMatches:
    """Dictionary matches in one Doc: per token, the actor code and agent code covering it."""

    actor: dict[int, tuple[int, int, str, bool, str | None]]  # token -> (start, end, code, person, affiliation)
    agent: dict[int, tuple[int, int, str]]


class ActorCoder:
    """Codes noun phrases of one article's Doc; keeps the article's recent actors for pronouns."""

    def __init__(self, dictionary: ActorDictionary | None = None, when: date | None = None) -> None:
        self.dictionary = dictionary or default_dictionary()
        self.when = when
        self.recent: list[CodedActor] = []
        self.speaker: CodedActor | None = None

    def match(self, doc: Any) -> SentenceMatches:
        texts = [t.text for t in doc]
        actor: dict[int, tuple[int, int, str, bool, str | None]] = {}
        for start, end, ids in self.dictionary.actor_trie.find_all(texts):
            if end - start == 1 and len(texts[start]) <= 3 and not texts[start].isupper():
                continue  # "us", "un": short all-caps names (US, UN) only match in capitals
            record = self.dictionary.actors[ids[-1]]
            code = record.code_on(self.when)
            person = record.source in ("countries", "international") and len(code) > 3 and _is_named(doc, start, end)
            for index in range(start, end):
                actor[index] = (start, end, code, person, record.affiliation)
        agent: dict[int, tuple[int, int, str]] = {}
        for start, end, ids in self.dictionary.agent_trie.find_all(texts):
            code = self.dictionary.agents[ids[0]].code
            for index in range(start, end):
                agent[index] = (start, end, code)
        return SentenceMatches(actor, agent)

    def code(self, doc: Any, head: Any, matches: SentenceMatches, *, resolve: bool = True) -> CodedActor | None:
        """The actor a noun phrase headed by `head` names, or None when it names none."""
        index = head.i
        lower = head.lower_
        pronoun = lower in _PERSON_PRONOUNS | _GROUP_PRONOUNS | _SPEAKER_PRONOUNS and not head.text.isupper()
        if head.pos_ == "PRON" or pronoun:  # "us" is a pronoun, "US" a country
            return self._pronoun(head) if resolve else None
        tokens = _phrase_tokens(head)
        start, end = min(tokens), max(tokens) + 1
        text = doc[start:end].text
        actor_hit = matches.actor.get(index)
        agent_hit = matches.agent.get(index)
        modifier_actor = next((matches.actor[i] for i in tokens if i in matches.actor and i != index), None)
        modifier_agent = next((matches.agent[i] for i in tokens if i in matches.agent and i != index), None)
        result: CodedActor | None = None
        if actor_hit is not None:
            code = actor_hit[2]
            agent = agent_hit or modifier_agent
            if agent is not None and modifier_actor is not None and modifier_actor[0] < actor_hit[0]:
                # "Ithilen's minister Calimehtar": the possessor country codes the agent
                actor_hit = modifier_actor
                code = actor_hit[2]
            if agent is not None and (agent[0] >= actor_hit[1] or len(code) == 3):
                # "Gondor police", "Dagolath's Deputy Prime Minister Telemar" (Telemar: DAG)
                code = _combine(code, agent[2])
            result = CodedActor(text, start, end, index, code, person=actor_hit[3], affiliation=actor_hit[4])
        elif agent_hit is not None:
            place = None if modifier_actor else self._place_actor(head, matches)
            country = modifier_actor or place
            combined = _combine(country[2], agent_hit[2]) if country else None
            if place is not None:  # "soldiers from Syria": the mention covers the place too
                end = max(end, place[1])
                text = doc[start:end].text
            anonymous = country is not None and _anonymous(head)
            result = CodedActor(text, start, end, index, combined, anonymous=anonymous)
            if combined is None:
                result.sectors = _sectors(agent_hit[2])
        elif modifier_actor is not None and head.pos_ in ("NOUN", "PROPN"):
            # "the KU basketball team", "Iranian activities": the phrase stands for its actor, as in
            # PETRARCH; the mention keeps the whole phrase as its text
            result = CodedActor(text, start, end, index, modifier_actor[2], affiliation=modifier_actor[4])
        elif head.pos_ == "PROPN":
            # An unknown name. The coding parse skips the entity recogniser (language.parse), so
            # whether it names a person is not known here; pronouns resolve to coded actors.
            result = CodedActor(text, start, end, index, None)
        if result is None:
            return self._short_form(head, text, start, end) if resolve else None
        if result.code:
            result.country, result.sectors = _split(result.code, self.dictionary)
        affiliation = self._affiliation(head, matches)
        if affiliation is not None:  # "militias with ties to Iran": keep the words that say so
            result.affiliation = result.affiliation or affiliation[0]
            result.end = max(result.end, affiliation[1])
            result.text = doc[result.start : result.end].text
        result.plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
        if result.code or result.text:
            self.remember(result)
        return result

    def expand_places(self, head: Any, coded: CodedActor, matches: SentenceMatches) -> list[CodedActor]:
        """'lawmakers in Fornost and Gondor': one actor per coordinated place (FORLEG, GONLEG)."""
        agent_hit = matches.agent.get(head.i)
        if agent_hit is None or head.i in matches.actor:
            return [coded]
        for child in head.children:
            if child.dep_ not in ("nmod", "obl") or _case(child) not in _PLACE_CASES:
                continue
            places = [child, *(c for c in child.children if c.dep_ == "conj")]
            found = []
            for place in places:
                hit = matches.actor.get(place.i)
                if hit is not None and len(hit[2]) == 3:
                    code = _combine(hit[2], agent_hit[2])
                    country, sectors = _split(code, self.dictionary)
                    found.append(replace(coded, code=code, country=country, sectors=sectors))
            if len(found) > 1:
                return found
        return [coded]

    def remember(self, actor: CodedActor) -> None:
        self.recent.append(actor)
        del self.recent[:-20]

    def _pronoun(self, head: Any) -> CodedActor | None:
        lower = head.lower_
        candidates = [a for a in reversed(self.recent) if a.code]
        if lower in _SPEAKER_PRONOUNS and self.speaker is not None:
            found: CodedActor | None = self.speaker
        elif lower in _PERSON_PRONOUNS:
            found = next((a for a in candidates if a.person), None)
        elif lower == "they":  # a subject: the latest group, the speaker's own included
            found = next((a for a in candidates if not a.person), None)
        elif lower in _GROUP_PRONOUNS:  # "them": someone other than the speaker
            speaker_code = self.speaker.code if self.speaker else None
            found = next((a for a in candidates if a.code != speaker_code), None)
        else:
            found = None
        if found is None:
            return None
        return replace(found, text=head.text, start=head.i, end=head.i + 1, head=head.i)

    def _short_form(self, head: Any, text: str, start: int, end: int) -> CodedActor | None:
        """'the group', 'the militias': the latest actor of the same kind, when the phrase is definite."""
        if head.lower_ not in _SHORT_FORMS or not any(c.lower_ == "the" for c in head.children):
            return None
        found = next((a for a in reversed(self.recent) if a.code and not a.person), None)
        return replace(found, text=text, start=start, end=end, head=head.i) if found else None

    def _place_actor(self, head: Any, matches: SentenceMatches) -> tuple[int, int, str, bool, str | None] | None:
        """'soldiers from Gondor', 'activists in Arnor', 'head of ... Iraqi militias'."""
        for child in head.children:
            if child.dep_ in ("nmod", "obl") and _case(child) in _PLACE_CASES:
                for token in _phrase_tokens(child):
                    hit = matches.actor.get(token)
                    if hit is not None and len(hit[2]) == 3:
                        return hit
        return None

    def _affiliation(self, head: Any, matches: SentenceMatches) -> tuple[str, int] | None:
        """The country an actor is tied to, and the token end of the words that say so."""
        for token in head.subtree:
            if token.i == head.i or token.lower_ not in _AFFILIATION_CUES:
                continue
            for later in token.subtree:
                hit = matches.actor.get(later.i)
                if hit is not None and later.i > token.i:
                    return hit[2][:3], hit[1]
        for child in head.children:  # "Iran-backed militias"
            if child.dep_ in ("amod", "compound") and child.lower_.endswith(("-backed", "-linked", "-allied")):
                hit = matches.actor.get(child.i)
                if hit:
                    return hit[2][:3], head.i + 1
        return None


def _phrase_tokens(head: Any) -> list[int]:
    tokens = [head.i]
    for child in head.children:
        if child.dep_ in _MODIFIERS or child.dep_.startswith("compound") or child.dep_ == "flat":
            tokens.extend(t.i for t in child.subtree if not t.is_space)  # no paragraph breaks in a name
    return tokens


def _case(token: Any) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "case"), "")


def _is_named(doc: Any, start: int, end: int) -> bool:
    return any(doc[i].pos_ == "PROPN" or doc[i].text[:1].isupper() for i in range(start, end))


def _anonymous(head: Any) -> bool:
    """'a US official', 'senior defense officials', 'sources': a speaker or group left unnamed."""
    return head.lower_ in _UNNAMED_ROLES or any(c.lower_ in _ANONYMOUS_DETS for c in head.children)


def _combine(actor: str, agent: str) -> str:
    """Country/actor code + agent code (~GOV after, IGO~ before), without doubling a sector."""
    if agent.endswith("~"):
        prefix = agent[:-1]
        return actor if actor.startswith(prefix) else prefix + actor
    suffix = agent.lstrip("~")
    return actor if actor.endswith(suffix) else actor + suffix


def _sectors(code: str) -> list[str]:
    body = code.replace("~", "")
    return [body[i : i + 3] for i in range(0, len(body), 3) if body[i : i + 3]]


def _split(code: str, dictionary: ActorDictionary) -> tuple[str | None, list[str]]:
    """ISRGOV -> ('ISR', ['GOV']); IGOUNO -> (None, ['IGO', 'UNO'])."""
    if code[:3] in dictionary.countries:
        return code[:3], _sectors(code[3:])
    return None, _sectors(code)
