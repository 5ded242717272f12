"""Who is speaking: news outlets, agencies and speaker phrases resolved to actor mentions.

A small, self-contained recogniser for the phrases that attribution hangs on ("a US official", "a senior
defense official", "a former US ambassador to Iraq", "Israeli Prime Minister Benjamin Netanyahu", "the
AP", "The Wall Street Journal"). It reads the phrase text only, so it works before the actor coder and
the trained parser land; where the coder has put an `ActorMention` on the article that covers the phrase,
that mention wins.
"""

from __future__ import annotations

import re
from dataclasses import replace

from brinkwatch.model import ActorMention, Article

__all__ = ["context_country", "find_country", "is_pronoun", "resolve_speaker"]

# Countries by name, demonym and metonymic capital (lower-case).
_COUNTRY_WORDS: dict[str, str] = {}
for _iso, _words in {
    "USA": "us|u.s.|united states|american|america|washington|white house|pentagon",
    "ISR": "israel|israeli|jerusalem|idf",
    "IRN": "iran|iranian|tehran|irgc",
    "IRQ": "iraq|iraqi|baghdad",
    "SYR": "syria|syrian|damascus",
    "LBN": "lebanon|lebanese|beirut",
    "RUS": "russia|russian|moscow|kremlin",
    "UKR": "ukraine|ukrainian|kyiv|kiev",
    "CHN": "china|chinese|beijing",
    "TUR": "turkey|turkish|ankara|türkiye",
    "SAU": "saudi arabia|saudi|riyadh",
    "EGY": "egypt|egyptian|cairo",
    "JOR": "jordan|jordanian|amman",
    "YEM": "yemen|yemeni|sanaa",
    "PSE": "palestine|palestinian|gaza",
    "GBR": "britain|british|united kingdom|uk|london",
    "FRA": "france|french|paris",
    "DEU": "germany|german|berlin",
    "PAK": "pakistan|pakistani|islamabad",
    "IND": "india|indian|new delhi",
    "AFG": "afghanistan|afghan|kabul",
    "PRK": "north korea|north korean|pyongyang",
    "KOR": "south korea|south korean|seoul",
    "PHL": "philippines|philippine|filipino|manila",
    "ARM": "armenia|armenian|yerevan",
    "AZE": "azerbaijan|azerbaijani|baku",
    "VEN": "venezuela|venezuelan|caracas",
    "SDN": "sudan|sudanese|khartoum",
    "QAT": "qatar|qatari|doha",
    "JPN": "japan|japanese|tokyo",
    "TWN": "taiwan|taiwanese|taipei",
    "BHR": "bahrain|bahraini|manama",
    "ARE": "united arab emirates|uae|emirati|abu dhabi",
    "LBY": "libya|libyan|tripoli",
    "NGA": "nigeria|nigerian|abuja",
    "ETH": "ethiopia|ethiopian|addis ababa",
    "MLI": "mali|malian|bamako",
    "BGD": "bangladesh|bangladeshi|dhaka",
    "MMR": "myanmar|burmese|naypyitaw",
    "SOM": "somalia|somali|mogadishu",
}.items():
    for _word in _words.split("|"):
        _COUNTRY_WORDS[_word] = _iso
_COUNTRY = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(_COUNTRY_WORDS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
# Capitals and seats of government stand for the government ("Beijing denied").
_METONYMS = {
    "washington",
    "white house",
    "jerusalem",
    "tehran",
    "baghdad",
    "damascus",
    "beirut",
    "moscow",
    "kremlin",
    "kyiv",
    "kiev",
    "beijing",
    "ankara",
    "riyadh",
    "cairo",
    "amman",
    "london",
    "paris",
    "berlin",
    "islamabad",
    "new delhi",
    "kabul",
    "pyongyang",
    "seoul",
    "manila",
    "yerevan",
    "baku",
    "caracas",
    "khartoum",
    "doha",
    "tokyo",
    "taipei",
    "manama",
    "abu dhabi",
    "tripoli",
    "abuja",
    "addis ababa",
    "bamako",
    "dhaka",
    "naypyitaw",
}
_MILITARY_METONYMS = {"pentagon": "USA", "idf": "ISR", "irgc": "IRN"}

# Organisations without a country word in their name: (code, country, sectors).
_ORGANISATIONS: dict[str, tuple[str, str | None, list[str]]] = {
    "hezbollah": ("LBNUAF", "LBN", ["UAF"]),
    "kataib hezbollah": ("IRQUAF", "IRQ", ["UAF"]),
    "hamas": ("PSEUAF", "PSE", ["UAF"]),
    "islamic jihad": ("PSEUAF", "PSE", ["UAF"]),
    "houthis": ("YEMUAF", "YEM", ["UAF"]),
    "houthi": ("YEMUAF", "YEM", ["UAF"]),
    "islamic state": ("IMGREB", None, ["REB"]),
    "isis": ("IMGREB", None, ["REB"]),
    "al-qaeda": ("IMGREB", None, ["REB"]),
    "al-shabaab": ("SOMREB", "SOM", ["REB"]),
    "taliban": ("AFGREB", "AFG", ["REB"]),
    "pkk": ("TURREB", "TUR", ["REB"]),
    "jaish al-adl": ("IRNREB", "IRN", ["REB"]),
    "popular mobilization forces": ("IRQUAF", "IRQ", ["UAF"]),
    "islamic resistance in iraq": ("IRQUAF", "IRQ", ["UAF"]),
    "united nations": ("IGOUNO", None, ["IGO"]),
    "un": ("IGOUNO", None, ["IGO"]),
    "nato": ("IGONAT", None, ["IGO"]),
    "european union": ("IGOEU", None, ["IGO"]),
    "eu": ("IGOEU", None, ["IGO"]),
    "iaea": ("IGOIAEA", None, ["IGO"]),
    "human rights watch": ("NGO", None, ["NGO"]),
    "amnesty international": ("NGO", None, ["NGO"]),
}
_ORGANISATION = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(_ORGANISATIONS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)

# Head words of speaker phrases -> sectors, most specific first ("defense official" is MIL before GOV).
_SECTOR_WORDS: list[tuple[re.Pattern[str], list[str]]] = [
    (
        re.compile(
            r"\b(?:defen[cs]e|military|army|navy|air force|armed forces|general|commander|colonel|"
            r"soldiers?|troops|officers?|chief of staff|army chief|irgc|pentagon|idf)\b",
            re.I,
        ),
        ["MIL", "GOV"],
    ),
    (re.compile(r"\b(?:militias?|fighters|gunmen|armed group)\b", re.I), ["UAF"]),
    (re.compile(r"\b(?:rebels?|insurgents?|militants?)\b", re.I), ["REB"]),
    (
        re.compile(
            r"\b(?:officials?|ministers?|ministry|president|prime minister|premier|government|spokes(?:man|woman|"
            r"person)|diplomats?|ambassador|envoy|governor|mayor|police|authorities|kremlin|white house|"
            r"supreme leader|state department|foreign office|leader|mediators?|negotiators?|office)\b",
            re.I,
        ),
        ["GOV"],
    ),
    (
        re.compile(
            r"\b(?:residents?|witness(?:es)?|doctors?|survivors?|villagers?|woman|man|farmers?|displaced|"
            r"rescue workers|medics?|nurses?|teachers?|guards?)\b",
            re.I,
        ),
        ["CVL"],
    ),
    (re.compile(r"\b(?:rights groups?|monitor(?:ing group)?|observatory|ngos?|aid groups?)\b", re.I), ["NGO"]),
    (re.compile(r"\b(?:analysts?|experts?|investigators?|researchers?)\b", re.I), []),
]
# Phrases naming a human source without a name: they make a speaker anonymous.
_ANONYMOUS = re.compile(
    r"^(?:an?|one|two|three|several|some|many|other|senior|local|(?:a|two|three)\s+senior)\b|"
    r"^(?:\w+\s+){0,3}(?:officials|sources?|witnesses|residents|diplomats|analysts|experts|investigators)\b",
    re.IGNORECASE,
)
_FORMER = re.compile(r"\b(?:former|ex-|retired)\b", re.IGNORECASE)
# "ambassador to Iraq": Iraq is where the envoy serves, not whom the envoy speaks for.
_POSTED_TO = re.compile(
    r"\b(?:ambassador|envoy|representative|delegation|emissary)\s+to\s+(?:the\s+)?[\w.\- ]+", re.IGNORECASE
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# Capitalised words that are not names.
_NOT_NAME = frozenset(
    """a an the one two three several some senior former top local prime minister president foreign defense
    defence interior deputy head chief spokesman spokeswoman spokesperson official officials general colonel
    commander ministry army military navy government supreme leader state secretary ambassador envoy police
    statement minister's king queen crown prince mr mrs ms dr gen col lt maj sen rep gov of in for to and
    sources source""".split()
)


def is_pronoun(phrase: str) -> bool:
    return phrase.strip().lower() in _PRONOUNS


def _country_words(phrase: str) -> list[re.Match[str]]:
    # "us" and "uk" are countries only in capitals ("a growing concern for us" is not the USA)
    return [m for m in _COUNTRY.finditer(phrase) if m.group(1).lower() not in {"us", "uk"} or m.group(1).isupper()]


def find_country(phrase: str) -> str | None:
    """The country a phrase speaks for: its first country word outside "ambassador to X"."""
    found = _country_words(_POSTED_TO.sub(" ", phrase))
    return _COUNTRY_WORDS[found[0].group(1).lower()] if found else None


def _name_in(phrase: str) -> str | None:
    """The proper name in a phrase ("Israeli Prime Minister Benjamin Netanyahu" -> "Benjamin Netanyahu")."""
    # "Residents of al-Qaim": a place after a preposition is not the speaker's name
    head = re.split(r"\s(?:of|in|from|for|near|at|to|on)\s", phrase.split(",")[0])[0]
    words = re.findall(r"[A-Z][\w'\-]*(?:\s+(?:al-|bin\s+|ibn\s+|de\s+)?[A-Z][\w'\-]*)*|al-[A-Z][\w\-]*", head)
    for chunk in words:
        tokens = [t for t in chunk.split() if t.lower() not in _NOT_NAME and t.lower() not in _COUNTRY_WORDS]
        if len(tokens) >= 2 or (tokens and chunk.split()[0] == tokens[0] and "-" in tokens[0]):
            return " ".join(tokens)
    return None


def context_country(article: Article, before: int, *, sentences_back: int = 3) -> str | None:
    """The country of the nearest official-like source mentioned shortly before `before`."""
    earlier = [s for s in article.sentences if s.end <= before][-sentences_back:]
    for sentence in reversed(earlier):
        for found in re.finditer(
            r"([\w.]+(?:\s+[\w.]+)?)\s+(?:\w+\s+)?(?:officials?|sources?|diplomats?)\b", sentence.text, re.I
        ):
            country = find_country(found.group(1))
            if country:
                return country
    for mention in reversed(article.mentions):
        if mention.end <= before and mention.country and {"GOV", "MIL"} & set(mention.sectors):
            return mention.country
    return None


def _covering_mention(article: Article, start: int, end: int) -> ActorMention | None:
    """The longest coded mention inside the phrase, leaving out the country an envoy is posted to."""
    posted = [(start + m.start(), start + m.end()) for m in _POSTED_TO.finditer(article.text[start:end])]
    best: ActorMention | None = None
    for mention in article.mentions:
        inside = mention.start >= start and mention.end <= end and mention.code
        if any(a <= mention.start and mention.end <= b for a, b in posted):
            continue  # "ambassador to Iraq": Iraq is not whom the ambassador speaks for
        if inside and (best is None or mention.end - mention.start > best.end - best.start):
            best = mention
    return best


def resolve_speaker(article: Article, start: int, end: int, sentence_index: int | None = None) -> ActorMention:
    """The speaker phrase `article.text[start:end]` as an actor mention: country, sectors, named or anonymous.

    A coded mention from the actor coder that is the phrase (or most of it) wins; one inside it ("US" in
    "a US official") lends its country, and the phrase's own head word gives the sector and anonymity.
    """
    own = _read_phrase(article, start, end, sentence_index)
    mention = _covering_mention(article, start, end)
    if mention is None:
        return own
    if 2 * (mention.end - mention.start) >= len(own.text):
        # a name anywhere in the phrase makes the speaker named ("Gen. X, a former army commander")
        anonymous = mention.anonymous and own.name is None
        return replace(
            mention,
            text=own.text,
            start=start,
            end=end,
            sentence_index=sentence_index,
            sectors=list(mention.sectors),
            former=mention.former or own.former,
            anonymous=anonymous,
            name=mention.name or own.name,
        )
    country = mention.country or own.country
    if country is None or country == own.country:
        return own
    return replace(own, country=country, code=country + (own.sectors[0] if own.sectors else ""))


def _read_phrase(article: Article, start: int, end: int, sentence_index: int | None) -> ActorMention:
    text = article.text[start:end].strip()
    head = text.split(",")[0]
    lowered = head.lower()
    code: str | None = None
    country = find_country(text)
    sectors: list[str] = []
    organisation = _ORGANISATION.search(text)
    if organisation:
        code, org_country, sectors = _ORGANISATIONS[organisation.group(1).lower()]
        country = country or org_country
        sectors = list(sectors)
    else:
        for pattern, words in _SECTOR_WORDS:
            if pattern.search(text):
                sectors = list(words)
                break
        country_words = _country_words(_POSTED_TO.sub(" ", head))
        if not sectors and country_words:
            word = country_words[0].group(1).lower()
            if word in _MILITARY_METONYMS:
                sectors = ["MIL", "GOV"]
            elif word in _METONYMS:
                sectors = ["GOV"]
    name = _name_in(text)
    # an unnamed person is anonymous even with an affiliation ("a spokesman for Hezbollah"); a statement is not
    anonymous = bool(_ANONYMOUS.search(lowered)) and name is None and "statement" not in lowered
    if country is None and anonymous and sentence_index is not None and {"GOV", "MIL"} & set(sectors):
        country = context_country(article, start)
    if code is None and country:
        code = country + (sectors[0] if sectors else "")
    return ActorMention(
        text=text,
        start=start,
        end=end,
        code=code,
        name=name,
        country=country,
        sectors=sectors,
        anonymous=anonymous,
        sentence_index=sentence_index,
        former=bool(_FORMER.search(text)),
    )
