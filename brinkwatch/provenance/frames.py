"""Reporting frames: the "X said", "according to Y", "Z told The Wall Street Journal" around reported content.

A frame names who passes content on (a speaker, an outlet, or both, nested) and the verb, and marks the
span of what is passed on. Frames come before the content ("A US official told the AP that ..."), after it
(", a US official told The Wall Street Journal on Monday.", ", the AP reports."), or both. A frame whose
content is a clause is a quote; one over a noun phrase ("denied any role in the strikes", "claimed
responsibility for the bombing", "threatened to strike") is a speech act: not a quote, but its speaker
still belongs to the chain of the events it governs.

Patterns over the sentence text, so this works without the parser; spans are offsets into Article.text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brinkwatch.model import ActorMention, Article, ChainLink, Sentence, Span
from brinkwatch.provenance.outlets import is_outlet_unnamed, match_outlet
from brinkwatch.provenance.speakers import resolve_speaker

__all__ = ["VERB_CLASSES", "Frame", "after_frames", "before_frame", "sentence_frames"]

# Speech verbs by what they do to the content they introduce.
VERB_CLASSES: dict[str, str] = {}
for _class, _verbs in {
    "say": "said says say told tells tell added adds noted stated announced announces insisted "
    "insists stressed explained wrote writes acknowledged declared confirmed confirms argued suggested predicted "
    "admitted conceded estimated cautioned reiterated",
    "report": "reported reports report",
    "warn": "warned warns warn",
    "deny": "denied denies deny rejected rejects dismissed dismisses refuted refutes",
    "accuse": "accused accuses accuse blamed blames blame alleged alleges allege charged charges",
    "claim": "claimed claims claim",
    "threat": "threatened threatens threaten vowed vows vow pledged pledges pledge promised promises promise",
    "believe": "believe believes",
}.items():
    for _verb in _verbs.split():
        VERB_CLASSES[_verb] = _class
_VERB = (
    r"(?:claimed responsibility|took responsibility|(?:was|were|is) quoted as saying|"
    + "|".join(sorted(VERB_CLASSES, key=len, reverse=True))
    + ")"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|earlier)"
_ADVERBIAL = (
    r"(?:\s+(?:(?:on|late|early|last|this|next)\s+)?(?:" + _DAY + r"|week|month|year|night|morning|evening)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+in\s+an?\s+(?:statement|post|interview|briefing|tweet|speech|televised address)(?:\s+on\s+\w+)?"
    r"|\s+on\s+condition\s+of\s+anonymity|\s+by\s+phone|\s+(?:also|later|again|publicly|repeatedly|flatly)"
    r"|\s+at\s+a\s+(?:news conference|press conference|briefing)"
    r"|\s+on\s+(?:Telegram|Twitter|X|Facebook|Instagram|social media|its website|state television))*"
)
_OBJECT = (
    r"(?:(?:the\s+)?[A-Z][\w'.\-]*(?:\s+(?:of\s+)?(?!"
    + _DAY
    + r"\b)[A-Z][\w'.\-]*)*|reporters|journalists|lawmakers|parliament|"
    r"(?:the\s+)?(?:state|local)\s+(?:television|media|tv|radio)|"
    r"the\s+(?:council|assembly|committee|crowd|court|press|media|cabinet|newspaper|broadcaster|audience))"
)
# Verbs whose first noun phrase is an addressee or accused, not the start of the content.
_OBJECT_VERBS = frozenset("told tells tell warned warns warn accused accuses accuse blamed blames blame".split())
_NOT_ADVERB = r"(?!(?:family|ally|rally|assembly|italy|supply|anomaly|july)\b)"  # nouns that end in -ly
_AUX = (
    r"(?:(?:has|have|had|also|later|flatly|again|publicly|previously|repeatedly|reportedly|"
    + _NOT_ADVERB
    + r"[a-z]+ly)\s+){0,2}"
)
# An opening adverbial before the speaker ("In an interview with Sputnik, UNESCO said ...", "On Monday, ...").
_OPENING = re.compile(
    r"(?:(?:In|On|At|During|After|Before|Earlier|Later|Meanwhile|However|Speaking|Separately)\b[^,“”\"]{0,80},\s*)"
)
_LEADING_NO_OBJECT = re.compile(
    r"^(?P<x>[^“”\"]{1,200}?)\s+" + _AUX + r"(?P<verb>" + _VERB + r")\b(?P<obj>)(?P<adv>" + _ADVERBIAL + r")"
    r"(?P<that>,?\s+(?:(?:[\w-]+\s+){0,2}(?:claims|reports|allegations|accusations|suggestions|suspicions)\s+)?"
    r"that\b)?"
)
_LEADING = re.compile(
    r"^(?P<x>[^“”\"]{1,200}?)\s+" + _AUX + r"(?P<verb>" + _VERB + r")\b"
    r"(?P<obj>\s+" + _OBJECT + r")?(?P<adv>" + _ADVERBIAL + r")"
    r"(?P<that>,?\s+(?:(?:[\w-]+\s+){0,2}(?:claims|reports|allegations|accusations|suggestions|suspicions)\s+)?"
    r"that\b)?"
)
_ACCORDING = re.compile(r"^(?:according to|as reported by)\s+(?P<x>.+)$", re.IGNORECASE)
_INVERTED = re.compile(r"^(?P<verb>said|says|told|added|wrote|insisted|warned|explained)\s+(?P<x>.+)$")
_TRAILING = re.compile(
    r"^(?P<x>.+?)\s+" + _AUX + r"(?P<verb>" + _VERB + r")(?P<obj>\s+" + _OBJECT + r")?(?P<adv>" + _ADVERBIAL + r")$"
)
_APPOSITIVE = re.compile(r"^(?:an?|the|one|two)\s+[\w'\- ]{2,80}$")
_NOT_SPEAKER = re.compile(
    r"\b(?:is|are|was|were|be|been|being|it is|to|of|in|by|for|with|from|at|on|earlier|previous|recent|new|the|a|an|"
    r"its|their|his|her|our|these|those)$|"
    r"^(?:evidence|footage|images?|video|data|analysis|there|this|that|what|who|when|while|if|as|but|and)\b|"
    r"\b(?:which|no|nobody|none|neither)\b|\b(?:not|never|n't)$|"
    r"^(?:a|an|the)\s+(?:claim|charge|accusation|allegation|assertion|version|account)\b",
    re.IGNORECASE,
)
# A participle after a frame adds to it ("..., Yerevan said, accusing Baku of breaking the truce."): skip it.
_ADJUNCT = re.compile(
    r"^\s*(?:accusing|adding|citing|saying|calling|blaming|noting|warning|claiming|denying|insisting|urging|"
    r"describing|referring|quoting|without)\b|^\s*(?:a|an)\s+(?:claim|charge|accusation|allegation)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?:but|while|whereas)\s+")
# Verbs that take an object as often as a clause: "confirmed the strike" is a speech act, not a quote.
_CONFIRM_VERBS = frozenset("confirmed confirms acknowledged admitted conceded announced announces".split())
# A speech act over a noun phrase ends where a time clause starts ("threatened retaliation after Finland joined").
_ACT_END = re.compile(r"\s(?:after|before|when|because|since|until|following|amid)\s")
_SUBJECT_PRONOUN = re.compile(r"^(?:it|they|he|she|we|its|their|his|her)\b", re.IGNORECASE)
_HUMAN = re.compile(
    r"\b(?:officials?|sources?|spokes\w+|minist\w+|president|leader|government|army|military|police|witness\w*|"
    r"residents?|analysts?|experts?|investigators?|group|groups|statement|opposition|commander|chief|ambassador|"
    r"envoy|diplomats?|doctors?|survivors?|guards?|workers|woman|man|mayor|governor|militias?|rebels?|forces|"
    r"authorities|officers?|monitor\w*|medics?|paramedics|nurses?|farmers?|villagers?|refugees?|activists?|"
    r"journalists?|reporters?|lawyers?|students?|drivers?|fishermen|shopkeepers?|mother|father|admiral|general|"
    r"colonel|captain|major|lieutenant|sergeant|soldiers?|troops|fighters?|negotiators?|mediators?|sheikh|cleric|"
    r"imam|priest|mp|lawmakers?|senators?|congressm[ae]n|premier|chancellor|king|emir|crown prince|family|relatives|"
    r"office|aides?|mediators?)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Frame:
    """Who passes `content` on (outer first), with the innermost speaker and verb."""

    links: list[ChainLink]
    content: Span
    verb: str
    verb_class: str
    speaker: ActorMention | None = None
    quote: bool = True  # False: a speech act over a noun phrase ("denied any role in the strikes")


def _plausible_speaker(phrase: str) -> bool:
    phrase = phrase.strip()
    words = phrase.split()
    if not words or len(words) > (26 if "," in phrase else 12) or _NOT_SPEAKER.search(phrase):
        return False
    head = phrase.split(",")[0]
    if "," in phrase and (len(head.split()) > 6 or re.search(r"\b(?:that|by|had|has)\b|\b[a-z]+ed\b", head)):
        return False  # "The rocket that hit ... was fired by X, Israeli officials": a clause, not a name
    if re.search(r"\b(?:was|were|is|are)\b", phrase) and not re.search(r"\bwho\b", phrase):
        return False  # "The outbreak was first confirmed": a clause, not a speaker
    if words[0].lower() in {"he", "she", "they", "we", "it"}:
        return len(words) == 1
    if _HUMAN.search(phrase) or match_outlet(phrase):
        return True
    if re.match(r"(?:his|her|their|its)\s+\w+$", phrase, re.IGNORECASE):
        return True  # "his family", "her lawyer", "its media office"
    if re.match(r"(?:the|a|an|one)\s+\w+(?:\s+\w+){0,2}$", phrase, re.IGNORECASE):
        return True  # a short noun phrase: "the admiral", "a farmer"
    # a name or a country ("Iran", "the Pentagon", "Abu Mahdi al-Muhandis"), never a lower-case clause
    return bool(re.match(r"(?:(?:the|a|an)\s+)?[A-Z0-9]", phrase))


def _links_for(
    article: Article, sentence: Sentence, x_start: int, x_end: int, verb: str, obj: tuple[int, int] | None
) -> tuple[list[ChainLink], ActorMention | None] | None:
    """The links one frame adds, outer first: an outlet, or a cited outlet then the speaker."""
    while x_end > x_start and article.text[x_end - 1] in " ,":
        x_end -= 1
    phrase = article.text[x_start:x_end].strip()
    outlet = match_outlet(phrase)
    if outlet is not None:
        link = ChainLink(outlet.name, kind=outlet.kind, named=not is_outlet_unnamed(outlet.name), verb=verb)
        return [link], None
    if not _plausible_speaker(phrase):
        return None
    lead = len(article.text[x_start:x_end]) - len(article.text[x_start:x_end].lstrip())
    speaker = resolve_speaker(article, x_start + lead, x_start + lead + len(phrase), sentence.index)
    links: list[ChainLink] = []
    if obj is not None:
        told = match_outlet(article.text[obj[0] : obj[1]])
        if told is not None:
            links.append(ChainLink(told.name, kind=told.kind, named=not is_outlet_unnamed(told.name), verb=verb))
    head = phrase.split(",")[0].strip()
    links.append(ChainLink(head, kind="speaker", code=speaker.code, named=not speaker.anonymous, verb=verb))
    return links, speaker


def _trailing_segment(
    article: Article, sentence: Sentence, start: int, end: int
) -> tuple[list[ChainLink], ActorMention | None, str] | None:
    """One comma-separated segment after the content, parsed as a frame."""
    raw = article.text[start:end]
    text = raw.strip().rstrip(".!?").rstrip()
    offset = start + (len(raw) - len(raw.lstrip()))
    if not text:
        return None
    found = _ACCORDING.match(text)
    if found:
        parsed = _links_for(article, sentence, offset + found.start("x"), offset + found.end("x"), "according to", None)
        return (*parsed, "according to") if parsed else None
    found = _INVERTED.match(text)
    if found:
        parsed = _links_for(article, sentence, offset + found.start("x"), offset + found.end("x"), found["verb"], None)
        if parsed:
            return (*parsed, found["verb"])
    found = _TRAILING.match(text)
    if found:
        obj = (offset + found.start("obj"), offset + found.end("obj")) if found["obj"] else None
        parsed = _links_for(article, sentence, offset + found.start("x"), offset + found.end("x"), found["verb"], obj)
        if parsed:
            return (*parsed, found["verb"])
    return None


def after_frames(
    article: Article, sentence: Sentence, start: int, *, whole: bool
) -> tuple[int, list[tuple[list[ChainLink], ActorMention | None, str]]]:
    """Frames at the end of `sentence` after `start`, innermost first, and where the content ends.

    With `whole`, every segment from `start` on must be a frame (the tail of a direct quote); otherwise
    segments are peeled from the sentence end while they parse, and the rest is content.
    """
    commas = [start + m.start() for m in re.finditer(",", article.text[start : sentence.end])]
    bounds = [start - 1, *commas, sentence.end]  # segment i is text[bounds[i - 1] + 1 : bounds[i]]
    frames: list[tuple[list[ChainLink], ActorMention | None, str]] = []
    right = len(bounds) - 1
    content_end = sentence.end
    if not whole and right > 1 and _ADJUNCT.match(article.text[bounds[right - 1] + 1 : bounds[right]]):
        adjunct_right = right - 1
        if _trailing_segment(article, sentence, bounds[adjunct_right - 1] + 1, bounds[adjunct_right]) is not None:
            right = adjunct_right
    while right > 1 and not article.text[bounds[right - 1] + 1 : bounds[right]].strip(" .!?"):
        right -= 1  # "“We are ready,” the leader said, “but ...”": nothing after the last comma
    while right > 0:
        seg_start = bounds[right - 1] + 1
        parsed = _trailing_segment(article, sentence, seg_start, bounds[right])
        if parsed is None and right > 1 and _APPOSITIVE.match(article.text[seg_start : bounds[right]].strip(" .")):
            # "said Colonel Ahmed Saleh, an army spokesman." : the appositive belongs to the speaker before it
            parsed = _trailing_segment(article, sentence, bounds[right - 2] + 1, bounds[right])
            if parsed is not None:
                right -= 1
                seg_start = bounds[right - 1] + 1
        if parsed is None:
            break
        frames.insert(0, parsed)
        content_end = max(start, bounds[right - 1])
        right -= 1
    if whole and right > 0 and article.text[start : max(start, bounds[right])].strip(" ,.!?"):
        return sentence.end, []
    return content_end, frames


def before_frame(
    article: Article, sentence: Sentence, start: int, end: int
) -> tuple[list[ChainLink], ActorMention | None, str, int, bool] | None:
    """A frame opening text[start:end]: links, speaker, verb, content start, and whether it has 'that'."""
    opening = _OPENING.match(article.text, start, end)
    if opening is not None:
        start = opening.end()
    text = article.text[start:end]
    found = _LEADING.match(text)
    if found is None:
        return None
    if found["obj"] and found["verb"] not in _OBJECT_VERBS:
        found = _LEADING_NO_OBJECT.match(text)
        if found is None:
            return None
    obj = (start + found.start("obj"), start + found.end("obj")) if found["obj"] else None
    parsed = _links_for(article, sentence, start + found.start("x"), start + found.end("x"), found["verb"], obj)
    if parsed is None:
        return None
    links, speaker = parsed
    content_start = start + found.end()
    while content_start < end and article.text[content_start] in " ,:":
        content_start += 1
    return links, speaker, found["verb"], content_start, bool(found["that"])


def _is_clause(verb_class: str, verb: str, after: str, has_that: bool) -> bool:
    """Whether a speech verb introduces a clause (a quote) rather than a noun phrase (a speech act)."""
    if has_that:
        return True
    first = after.strip().split(" ", 1)[0].lower() if after.strip() else ""
    if verb in _CONFIRM_VERBS:
        return bool(_SUBJECT_PRONOUN.match(after.strip()))
    if verb_class in {"say", "report", "warn", "believe"} or verb in {"alleged", "alleges", "allege", "charged"}:
        return first not in {"of", "to", "for", "about", "on", ""}
    if verb_class in {"deny", "claim"}:
        return bool(_SUBJECT_PRONOUN.match(after.strip())) or after.strip().startswith("to have ")
    return False


def sentence_frames(article: Article, sentence: Sentence) -> list[Frame]:
    """The indirect-speech frames and speech acts of one sentence (direct quotes are found elsewhere)."""
    start, end = sentence.start, sentence.end
    outer: list[ChainLink] = []
    according = re.match(r"(?:According to|As reported by)\s+([^,]{2,80}),\s*", article.text[start:end])
    if according:
        parsed = _links_for(
            article, sentence, start + according.start(1), start + according.end(1), "according to", None
        )
        if parsed is not None:
            outer = parsed[0]
            content = Span(start + according.end(), end)
            leading = before_frame(article, sentence, content.start, end)
            if leading is None:
                return [Frame(outer, content, "according to", "say", parsed[1])]
    content_end, trailing = after_frames(
        article, sentence, start + (according.end() if according and outer else 0), whole=False
    )
    tail_links = [link for links, _, _ in reversed(trailing) for link in links]
    tail_speaker = next((s for _, s, _ in trailing if s is not None), None)
    body_start = start + (according.end() if according and outer else 0)
    # Coordinated clauses can have speakers of their own ("X claimed ..., but the Pentagon said ...").
    splits = list(_CLAUSE_SPLIT.finditer(article.text, body_start, content_end))
    clauses = list(
        zip([body_start, *(m.end() for m in splits)], [*(m.start() for m in splits), content_end], strict=True)
    )
    frames: list[Frame] = []
    for clause_start, clause_end in clauses:
        leading = before_frame(article, sentence, clause_start, clause_end)
        if leading is None:
            if frames:  # the clause goes on with what the previous speaker says
                frames[-1].content.end = _strip_end(article, clause_end)
            elif trailing:
                frames.append(
                    Frame(
                        [*outer, *tail_links],
                        Span(clause_start, clause_end),
                        trailing[0][2],
                        _verb_class(trailing[0][2]),
                        tail_speaker,
                    )
                )
            continue
        links, speaker, verb, content_start, has_that = leading
        verb_class = _verb_class(verb)
        quote = _is_clause(verb_class, verb, article.text[content_start:clause_end], has_that)
        if not quote and (act_end := _ACT_END.search(article.text, content_start, clause_end)):
            clause_end = act_end.start()
        links = [*links[:-1], *_told_outlet(article, content_start, clause_end, verb), *links[-1:]]
        frames.append(
            Frame(
                [*outer, *tail_links, *links],
                Span(content_start, _strip_end(article, clause_end)),
                verb,
                verb_class,
                speaker,
                quote=quote,
            )
        )
    return frames


def _told_outlet(article: Article, start: int, end: int, verb: str) -> list[ChainLink]:
    """A cited outlet at the end of a speech act: "confirmed the strike to The New York Times"."""
    found = re.search(r"\bto\s+((?:the\s+)?[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*)*)\W*$", article.text[start:end])
    outlet = match_outlet(found.group(1)) if found else None
    if outlet is None:
        return []
    return [ChainLink(outlet.name, kind=outlet.kind, named=not is_outlet_unnamed(outlet.name), verb=verb)]


def _verb_class(verb: str) -> str:
    if verb.endswith("quoted as saying"):
        return "say"
    if verb in {"claimed responsibility", "took responsibility"}:
        return "claim"
    if verb == "according to":
        return "say"
    return VERB_CLASSES.get(verb, "say")


def _strip_end(article: Article, end: int) -> int:
    while end > 0 and article.text[end - 1] in " .!?":
        end -= 1
    return end
