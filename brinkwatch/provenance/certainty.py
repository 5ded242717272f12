"""How sure the text is that an event happened, and the words that decided it.

Rules over the sentence text, the event's trigger span and the report (quote or speech act) that governs
the trigger, checked strongest first: a denial, a negation, a hypothetical, a threat or plan, a claim of
responsibility, an allegation, a hedge, an attribution; otherwise the outlet asserts it. Each rule looks
at a window to the left of the trigger: the *local* window (back to the nearest comma, dash or "that")
for negation and modals, the *clause* window (back to the start of the reported content or the sentence,
parenthetical ", ... ," asides removed) for hedges that scope over a whole clause ("It is widely assumed
that ...", "It is possible ..., that there will be a retaliation"). A threatened or hypothetical act is
never reported as done: those rules run before attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brinkwatch.model import ActorMention, Certainty, Span

__all__ = ["CONFLICT_TYPES", "Report", "classify", "is_self"]

# PLOVER types whose announcement in the actor's own voice is a threat, not a plan.
CONFLICT_TYPES = frozenset({"THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ACCUSE", "REJECT"})
_SECTORS = frozenset({"GOV", "MIL", "REB", "INS", "PTY", "MED", "CVL", "IGO", "NGO", "UAF", "UNK", "IMG", "COP"})


@dataclass(frozen=True, slots=True)
class Report:
    """The speech that governs an event's trigger: a quote (direct or indirect) or a speech act."""

    verb: str
    verb_class: str  # say | report | warn | deny | accuse | claim | threat | believe
    content: Span
    speaker: ActorMention | None = None
    direct: bool = False
    quote: bool = True


def _cues(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Idioms masked before the other rules look: they contain cue words that mean something else.
_MASKS = _cues(
    r"\bno (?:group|one|organi[sz]ation|faction)\s+(?:has\s+|have\s+|had\s+)?(?:yet\s+|immediately\s+)?"
    r"(?:publicly\s+)?claimed(?:\s+responsibility)?(?:\s+for)?|"
    r"\b(?:has|have|had|did)\s+not\s+(?:yet\s+)?(?:publicly\s+)?claim(?:ed)?(?:\s+responsibility)?(?:\s+for)?"
)
_DENIAL = _cues(
    r"\b(?:nothing to do with|not responsible|no role|not involved|no involvement|no part in|"
    r"played no part|had no hand)\b"
)
# "not" before these words negates them, not the event after them ("did not immediately comment on the attack")
_LITOTES = (
    r"(?! (?:hesitate|rule|ruled|ruling|exclude|excluded|only|stop|stopped|just|confirm|confirmed|comment|"
    r"commented|immediately|say|said|know|known|clear|claim|claimed|identify|identified|disclose|disclosed|"
    r"specify|specified|elaborate|respond|responded|verify|verified|independently)\b)"
)
_NEGATION = _cues(
    r"\b(?:not"
    + _LITOTES
    + r"|never|no(?! choice but| immunity| longer| doubt)|nobody|no one|none|neither|nor|without|"
    r"refrained from|refrain from|failed to|fails to|has yet to|have yet to)\b|n't\b" + _LITOTES
)
_STRONG_HYPOTHETICAL = _cues(
    r"\b(?:if|unless|whether|should|risk of|risks|risking|at risk of|danger of|dangers of|possibility of|"
    r"possible|possibly|potential(?:ly)?|in the event of|in case of|any|fears?|feared|fear of|prospect of|"
    r"threat of|worr(?:y|ies|ied) (?:that|about)|concerns? (?:that|about)|in a scenario|hypothetical|"
    r"not rul(?:e|ed|ing) out|(?:is|are|was|were) (?:weighing|considering|mulling|contemplating|debating)|"
    r"weighs|mulls|contemplates|ready to|willing to|prepared to)\b"
)
_CONDITIONAL = _cues(r"\b(?:if|unless|should|in the event of|in case of)\b")
_PAST_MODAL = _cues(r"\b(?:may|might|could|must) have\b")
_MODAL = _cues(r"\b(?:could|might|may|would)\b(?!\s+not\s+(?:independently\s+)?(?:verify|confirm|say|be reached))")
_THREAT = _cues(
    r"\b(?:threaten(?:s|ed)?(?: to)?|vow(?:s|ed)?(?: to)?|pledg(?:e|es|ed)(?: to)?|promis(?:e|es|ed)(?: to)?|"
    r"no choice but to|warn(?:s|ed)? of|(?:not|n't) hesitate to)\b"
)
_FUTURE = _cues(
    r"\b(?:will|shall|is to|are to|plans? to|planning to|planned to|intends? to|intending to|(?:is|are) set to|"
    r"expected to|scheduled to|(?:is|are) due to|preparing to|prepares? to|agreed to|agrees to|aims? to|"
    r"going to|about to|next week|next month|tomorrow|approv(?:e|es|ed)|expects?|call(?:s|ed)? for|urg(?:e|es|ed)|"
    r"demand(?:s|ed)?)\b|'ll\b"
)
_CLAIM = _cues(
    r"\b(?:claimed responsibility for|claims? responsibility for|took responsibility for|"
    r"claimed credit for|claimed)\b"
)
_ALLEGED = _cues(
    r"\b(?:allegedly|alleged|reportedly|purportedly|purported|(?:is|are|was|were) (?:said|reported) to|reports? of|"
    r"(?:the|a|an) reported|"
    r"accused|accuses|blamed|blames)\b"
)
_SUSPECTED = _cues(
    r"\b(?:(?:is|are|was|were) (?:widely |also |now )?(?:believed|thought|suspected|presumed|assumed)|believed|"
    r"suspected|thought to|likely|probably|apparently|appears? to|appeared to|seems? to|seemed to|presumably|"
    r"suggests?|assumed|in all likelihood|(?:is|are|was|were) (?:widely )?understood to)\b"
)
# A hedge after a nominal trigger that scopes over the agent named after it ("The ambush was apparently the
# work of al-Shabaab", "the blast appears to have been caused by a drone").
_RIGHT_HEDGE = _cues(
    r"^(?:\s+[\w'-]+){0,3}?\s+(?:(?:was|is|were)\s+(?:apparently|probably|likely|possibly|believed to be|thought to be|"
    r"suspected to be)|(?:appears|appeared|seems|seemed) to have been)\b"
)
# A hedge right after a nominal trigger that scopes over what the event did ("The attack is said to have
# killed two commanders", "The strike reportedly hit a camp"), not over who did it (see _RIGHT_HEDGE).
_RIGHT_OUTCOME_HEDGE = _cues(
    r"^\s+(?:(?:is|are|was|were)\s+(?:(?P<alleged>said|reported|alleged)|(?P<suspected>believed|thought))\s+to\s+have"
    r"(?!\s+been\s+(?:caused|carried out|the work|launched|fired))|(?P<alleged_adverb>reportedly|allegedly)|"
    r"(?P<suspected_adverb>apparently|probably|likely))\b"
)
_NOMINAL_LEFT = _cues(r"(?:^|\b(?:a|an|the|any|this|that|such|its|their|his|her|our|[\w]+'s)\s+(?:[\w-]+\s+){0,2})$")
_RIGHT_MODAL = _cues(
    r"^(?:\s+[\w'-]+){0,4}?\s+(?:could|might|may|would)\b|^(?:\s+[\w'-]+){0,4}?\s+(?:remains?|is|was|seems?) "
    r"(?:possible|likely|unlikely|improbable|imminent|a possibility)\b"
    r"(?!\s+(?:the work of|carried out|caused|behind|responsible|by)\b)"
)
# Reported speech that assigns blame to a third party is an allegation ("Ankara says militants were behind it").
_BLAME = _cues(r"\b(?:behind|responsible for|to blame for|the work of)\b")
# a verb, then a preposition: the negation is of that verb, the trigger only its circumstance
_PREPOSITION = re.compile(
    r"\b(?:was|were|is|are|been|being|has|have|had|\w+ed)\b.*\b(?:in|on|at|during|after|before|by|of|from|with|"
    r"to|for|against|over)\b",
    re.IGNORECASE,
)
_STATE_OR_ARMED = frozenset({"GOV", "MIL", "UAF", "REB", "INS"})
_RIGHT_NEGATION = _cues(
    r"^(?:\s+[\w'-]+){0,3}?\s+(?:never|did not|didn't|has not|have not|had not)\s+"
    r"(?:happen|happened|take place|taken place|took place|occur|occurred)\b"
)
_LOCAL_BOUNDARY = re.compile(r"[,;:—–()]|\b(?:that|which|who)\b")
_CLAUSE_BOUNDARY = re.compile(
    r"[;:—–]|,\s+(?:and|but|while|whereas)\b|\s(?:after|before|when|because|since|until|following|amid)\s"
)
_PARENTHETICAL = re.compile(r",[^,]*,")
_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})
# "the group's spokesman", "a statement from the army": the speaker speaks for that body
_SPEAKS_FOR = re.compile(
    r"(?:spokes\w+|statement|commander|leader|chief|media office)\s+(?:for|of|from)\s+(?:the\s+)?(\w+)|"
    r"(?:the\s+)?(\w+)'s\s+(?:spokes\w+|statement|commander|leader|chief|media office)",
    re.IGNORECASE,
)
_BODIES = {
    "group": {"REB", "UAF", "INS"},
    "militia": {"UAF", "REB"},
    "rebels": {"REB"},
    "movement": {"REB", "UAF"},
    "army": {"MIL"},
    "military": {"MIL"},
    "soldiers": {"MIL"},
    "troops": {"MIL"},
    "forces": {"MIL"},
    "ministry": {"GOV", "MIL"},
    "government": {"GOV"},
    "police": {"GOV"},
}
_STATE_BODIES = frozenset({"army", "military", "ministry", "government", "police"})
_THIRD_PERSON = frozenset({"it", "its", "they", "their", "he", "his", "she", "her"})


def _mask(text: str) -> str:
    return _MASKS.sub(lambda m: " " * len(m.group(0)), text)


def _last(pattern: re.Pattern[str], text: str) -> str | None:
    found = [m.group(0) for m in pattern.finditer(text)]
    # "May" with a capital is the month, not the modal
    found = [f for f in found if f != "May"]
    return found[-1].lower() if found else None


def _country(mention: ActorMention) -> tuple[str | None, set[str]]:
    code = mention.code or ""
    country = mention.country or (code[:3] if len(code) >= 3 and code[:3] not in _SECTORS else None)
    sectors = set(mention.sectors) or ({code[3:6]} if len(code) >= 6 else {code} if code in _SECTORS else set())
    return country, sectors


def is_self(actor: ActorMention | None, speaker: ActorMention | None, *, direct: bool) -> bool:
    """Whether the event's actor is the speaker ("we struck", "said its aircraft hit", ISRMIL said ISRMIL ...)."""
    if actor is None:
        return False
    words = actor.text.lower().split()
    first = words[0] if words else ""
    if direct:
        return first in _FIRST_PERSON
    if first in _THIRD_PERSON:
        return speaker is not None
    if speaker is None:
        return False
    actor_country, actor_sectors = _country(actor)
    speaker_country, speaker_sectors = _country(speaker)
    if actor_country and speaker_country and actor_country != speaker_country:
        return False
    body = _SPEAKS_FOR.search(speaker.text)
    speaker_head = speaker.text.lower().split()[-1] if speaker.text.split() else ""
    body_word = (body.group(1) or body.group(2)).lower() if body else speaker_head
    if body is not None or speaker_head in _STATE_BODIES:
        sectors = _BODIES.get(body_word, set())
        # An unknown attacker (UNK) is a mention with no text of its own.
        head = actor.text.lower().split()[-1] if actor.text.split() else ""
        if sectors & actor_sectors or (head in _BODIES and _BODIES[head] & sectors):
            return True
    if actor_country is None or actor_country != speaker_country:
        return actor.text.lower() == speaker.text.lower()
    state = {"GOV", "MIL"}
    if not actor_sectors or not speaker_sectors:
        return True
    return bool(actor_sectors & speaker_sectors) or (actor_sectors <= state and speaker_sectors <= state)


def _windows(text: str, sentence: Span, trigger: Span, report: Report | None) -> tuple[str, str]:
    """The local and the clause window to the left of the trigger."""
    start = sentence.start
    if report is not None and report.content.start <= trigger.start <= report.content.end:
        start = max(start, report.content.start)
    wide = _mask(text[start : trigger.start])
    local_cut = max((m.end() for m in _LOCAL_BOUNDARY.finditer(wide)), default=0)
    clause_cut = max((m.end() for m in _CLAUSE_BOUNDARY.finditer(wide)), default=0)
    clause = wide[clause_cut:]
    clause = _PARENTHETICAL.sub(" ", clause)
    return wide[local_cut:], clause


@dataclass(frozen=True, slots=True)
class _Scene:
    """What the rules look at for one trigger."""

    text: str
    sentence: Span
    trigger: Span
    local: str  # back to the nearest comma, dash or "that"
    clause: str  # back to the start of the reported content or the sentence, asides removed
    right: str  # the rest of the sentence after the trigger
    nominal: bool  # the trigger is a noun phrase head ("a strike", "the attack")
    conflict: bool  # a conflict event type
    actor: ActorMention | None
    report: Report | None  # the report that governs the trigger, if one does
    own: bool  # the actor is the speaker

    @property
    def speaker(self) -> ActorMention | None:
        return self.report.speaker if self.report is not None else None

    @property
    def direct(self) -> bool:
        return self.report is not None and self.report.direct

    def verb_class(self) -> str | None:
        return self.report.verb_class if self.report is not None else None


Found = tuple[Certainty, list[str]] | None


def classify(
    text: str,
    sentence: Span,
    trigger: Span,
    event_type: str,
    actor: ActorMention | None = None,
    report: Report | None = None,
) -> tuple[Certainty, list[str]]:
    """The certainty of the event whose trigger is `text[trigger]`, with the cue words that decided it."""
    local, clause = _windows(text, sentence, trigger, report)
    if report is not None and not report.content.start <= trigger.start <= report.content.end:
        report = None  # a report elsewhere in the sentence does not govern this trigger
    scene = _Scene(
        text=text,
        sentence=sentence,
        trigger=trigger,
        local=local,
        clause=clause,
        right=_mask(text[trigger.end : sentence.end]),
        nominal=bool(_NOMINAL_LEFT.search(text[sentence.start : trigger.start])),
        conflict=event_type.upper() in CONFLICT_TYPES,
        actor=actor,
        report=report,
        own=report is not None and is_self(actor, report.speaker, direct=report.direct),
    )
    for rule in (_denied_or_negated, _not_done, _attributed):
        found = rule(scene)
        if found is not None:
            return found
    return Certainty.ASSERTED, []


def _denied_or_negated(scene: _Scene) -> Found:
    if scene.report is not None and scene.report.verb_class == "deny":
        return Certainty.DENIED, [scene.report.verb]
    if cue := _last(_DENIAL, scene.clause):
        return Certainty.DENIED, [cue]
    negation = _negation(scene.local)
    if negation is None and scene.nominal and (found := _RIGHT_NEGATION.search(scene.right)):
        negation = found.group(0).strip().lower()
    if negation is None:
        return None
    # "Nobody from our side fired": a denial, unless it refuses a future act ("we will never surrender")
    ours = scene.direct and bool(re.search(r"\b(?:we|our|us)\b", scene.local, re.I)) and not _FUTURE.search(scene.local)
    return (Certainty.DENIED if scene.own or ours else Certainty.NEGATED), [negation]


def _not_done(scene: _Scene) -> Found:
    """Hypothetical, threatened and future acts: checked before any attribution can make them reported."""
    report = scene.report
    modal = _last(_MODAL, scene.local)
    future = _last(_FUTURE, scene.local)
    first_person = scene.direct and not _differs(scene.actor, scene.speaker)
    if (cue := _last(_STRONG_HYPOTHETICAL, scene.clause)) is not None:
        in_condition = _CONDITIONAL.search(scene.local) is not None
        threat = scene.conflict and (scene.own or first_person)
        if _CONDITIONAL.fullmatch(cue) and not in_condition and (modal or future) and threat:
            # "If they attack our ships again, we will sink them": a conditional threat
            return Certainty.THREATENED, [cue, modal or future or ""]
        return Certainty.HYPOTHETICAL, [cue]
    if modal is None and scene.nominal and (found := _RIGHT_MODAL.search(scene.right)):
        return Certainty.HYPOTHETICAL, [found.group(0).split()[-1].lower()]
    if modal is not None and (past := _last(_PAST_MODAL, scene.local)):
        return Certainty.SUSPECTED, [past]
    # a warning is a threat when the speaker could carry it out: its own act, or a state's or armed group's
    speaker = scene.speaker
    can_act = speaker is None or bool(_STATE_OR_ARMED & set(speaker.sectors))
    warning = scene.verb_class() == "warn" and (scene.own or (can_act and not _differs(scene.actor, speaker)))
    threat_report = scene.verb_class() == "threat" or warning
    threat_cue = _last(_THREAT, scene.clause)
    if threat_report or threat_cue:
        cues = [c for c in (report.verb if threat_report and report else threat_cue, modal) if c]
        # a promise of a cooperative act is a plan; a warning is a threat whatever the act
        return (Certainty.THREATENED if scene.conflict or warning else Certainty.FUTURE), cues
    if modal is not None:
        # "Officials said the two countries would sign": a plan told in the past tense, not a condition
        later = scene.right
        reported_plan = modal == "would" and report is not None and not re.search(r"\b(?:if|unless)\b", later, re.I)
        if not reported_plan:
            return Certainty.HYPOTHETICAL, [modal]
        future = modal
    if future is not None:
        threat = scene.conflict and (scene.own or first_person)
        return (Certainty.THREATENED if threat else Certainty.FUTURE), [future]
    return None


def _attributed(scene: _Scene) -> Found:
    """Claims, allegations, hedges and plain reports of an act the text presents as done."""
    report = scene.report
    if report is not None and report.verb_class == "claim":
        if report.quote and not scene.own:
            return Certainty.ALLEGED, [report.verb]
        return Certainty.CLAIMED, [report.verb]
    if cue := _last(_CLAIM, scene.clause):
        return Certainty.CLAIMED, [cue]
    if scene.own and report is not None:
        return Certainty.CLAIMED, [report.verb]
    if report is not None and report.verb_class == "accuse":
        return Certainty.ALLEGED, [report.verb]
    if cue := _last(_ALLEGED, scene.clause):
        return Certainty.ALLEGED, [cue]
    if report is not None and report.verb_class == "believe":
        return Certainty.SUSPECTED, [report.verb]
    if cue := _last(_SUSPECTED, scene.clause):
        return Certainty.SUSPECTED, [cue]
    if scene.nominal and (outcome := _RIGHT_OUTCOME_HEDGE.search(scene.right)):
        alleged = outcome.group("alleged") or outcome.group("alleged_adverb")
        return (Certainty.ALLEGED if alleged else Certainty.SUSPECTED), [" ".join(outcome.group(0).split()).lower()]
    hedge = _RIGHT_HEDGE.search(scene.right) if scene.nominal else None
    actor = scene.actor
    if hedge is not None and actor is not None and actor.start >= scene.trigger.end + hedge.end():
        return Certainty.SUSPECTED, [" ".join(hedge.group(0).split()[-2:]).lower()]
    if report is None:
        return None
    start = scene.trigger.start - len(scene.clause)
    if blame := _last(_BLAME, scene.text[start : scene.trigger.end]):
        return Certainty.ALLEGED, [blame]
    return Certainty.REPORTED, [report.verb]


def _negation(local: str) -> str | None:
    """The negation that governs the trigger: the last one in the local window, unless a verb and a preposition
    stand between it and the trigger ("No shots were fired", but not "Nobody was hurt in the attack")."""
    found = list(_NEGATION.finditer(local))
    if not found:
        return None
    last = found[-1]
    if _PREPOSITION.search(local[last.end() :]):
        return None
    return last.group(0).lower()


def _differs(actor: ActorMention | None, speaker: ActorMention | None) -> bool:
    """Whether the actor is known to be someone other than the speaker (a third party's act)."""
    if actor is None or speaker is None:
        return False
    words = actor.text.lower().split()
    if words and words[0] in _FIRST_PERSON | _THIRD_PERSON:
        return False
    actor_country, _ = _country(actor)
    speaker_country, _ = _country(speaker)
    return actor_country is not None and speaker_country is not None and actor_country != speaker_country
