"""Readers for PETRARCH/TABARI dictionary files: actors, agents and verbs.

The formats are described in PETRARCH2's documentation; in short:

* actors: a name line (`ARNOR_ [ARN]`), synonym lines (`+GONDORIAN`), and code lines with optional
  date ranges (`[ISRGOV 960618-990706]`, `[ISRGOV >090401]`, `[HOB < 950601]`).
* agents: `NAME {PLURALS} [~SEC]`, with `!MACRO! = A, B` substitutions; `~SEC` is appended to the
  country code, `SEC~` put before it.
* verbs: `--- NAME [code] ---` blocks of verb lines (`THROW {THREW THROWN}`) and patterns
  (`- * DIPLOMATIC TIES [064]`), with `&SYNSET` word lists.

Words joined by `_` or spaces form one phrase; a phrase that does not end in `_` matches its last
word as a stem (ARGENTIN matches ARGENTINA), as in TABARI. Phrases are returned lower-cased, one
string per word, the stem flagged by a trailing `*`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from brinkwatch.errors import ConfigurationError

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "Discards",
    "RoleSpan",
    "VerbBlock",
    "VerbPattern",
    "parse_actors",
    "parse_agents",
    "parse_date",
    "parse_discards",
    "parse_verbs",
    "phrase_words",
]

_CODE_LINE = re.compile(r"\[([^\]]*)\]")


@dataclass(slots=True)
class RoleSpan:
    """One code an actor holds, between two dates (None: open)."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass(slots=True)
class ActorEntry:
    names: list[list[str]]
    roles: list[RoleSpan] = field(default_factory=list)
    comment: str = ""


@dataclass(slots=True)
class AgentEntry:
    words: list[str]
    code: str  # e.g. "~GOV" (after the country code) or "IGO~" (before it)


@dataclass(slots=True)
class VerbPattern:
    before: list[list[str]]  # each slot: alternative words (a synset expands to several)
    after: list[list[str]]
    code: str
    target_marked: bool = False  # '+' in the pattern marks the phrase that is the target


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str
    verbs: dict[str, list[str]] = field(default_factory=dict)  # lemma -> particles
    forms: dict[str, str] = field(default_factory=dict)  # irregular form -> lemma
    verb_codes: dict[str, str] = field(default_factory=dict)  # lemma -> code where the line gives one
    patterns: list[VerbPattern] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("<!") or line.lstrip().startswith("-->"):
        return ""
    return line.split("#", 1)[0].rstrip()


def phrase_words(phrase: str) -> list[str]:
    """`ISRAELI_PRIME_MINISTER_` -> ['israeli', 'prime', 'minister']; a final stem gets a '*'."""
    phrase = phrase.strip()
    exact = phrase.endswith("_")
    words = [w for w in re.split(r"[_\s]+", phrase.lower()) if w]
    if words and not exact and words[-1][-1].isalpha():
        words[-1] += "*"
    return words


def parse_date(text: str) -> date | None:
    """PETRARCH dates: YYYYMMDD, or YYMMDD read as 19YY when YY > 30 (as the dictionaries assume)."""
    digits = text.strip()
    if not digits.isdigit():
        raise ConfigurationError(f"bad date {text!r} in a dictionary role; write YYYYMMDD or YYMMDD")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = ("19" if year > 30 else "20") + digits
    if len(digits) != 8:
        raise ConfigurationError(f"bad date {text!r} in a dictionary role; write YYYYMMDD or YYMMDD")
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    month = min(max(month, 1), 12)
    # The dictionaries hold days such as 0631 or 0931; clamp to the month's real last day.
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(max(day, 1), last))
        except ValueError:
            continue
    raise ConfigurationError(f"bad date {text!r} in a dictionary role")


def _parse_role(inner: str) -> RoleSpan | None:
    inner = inner.strip()
    if not inner:
        return None
    parts = inner.split(None, 1)
    code = parts[0].strip().upper()
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if code.startswith(("<", ">")) or not re.fullmatch(r"[A-Z0-9~\-]+", code):
        return None
    try:
        if not rest:
            return RoleSpan(code)
        if rest.startswith("<"):
            return RoleSpan(code, None, parse_date(rest[1:]))
        if rest.startswith(">"):
            return RoleSpan(code, parse_date(rest[1:]), None)
        if "-" in rest:
            start, end = rest.split("-", 1)
            return RoleSpan(code, parse_date(start), parse_date(end))
    except ConfigurationError:
        return RoleSpan(code)  # a garbled date in the source: keep the code, undated
    return RoleSpan(code)


def parse_actors(text: str) -> list[ActorEntry]:
    """Entries of a PETRARCH actor file, in file order."""
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for raw in text.splitlines():
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if current is not None:
                for inner in _CODE_LINE.findall(stripped):
                    role = _parse_role(inner)
                    if role:
                        current.roles.append(role)
            continue
        if stripped.startswith("+"):
            if current is not None:
                name = _CODE_LINE.sub("", stripped[1:])
                words = phrase_words(name)
                if words:
                    current.names.append(words)
            continue
        name = _CODE_LINE.sub("", stripped)
        words = phrase_words(name)
        if not words:
            continue
        current = ActorEntry([words], comment=comment)
        entries.append(current)
        for inner in _CODE_LINE.findall(stripped):
            role = _parse_role(inner)
            if role:
                current.roles.append(role)
    return [entry for entry in entries if entry.roles]


def _plurals(word: str) -> list[str]:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if word.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


def parse_agents(text: str) -> list[AgentEntry]:
    """Agent phrases with their codes; plurals are generated unless `{...}` lists them (`{}`: none)."""
    macros: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        code_match = _CODE_LINE.search(line)
        if not code_match:
            continue
        code = code_match.group(1).strip().upper()
        head = line[: code_match.start()]
        plurals_match = re.search(r"\{([^}]*)\}", head)
        explicit = plurals_match.group(1).split() if plurals_match else None
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        for name in _expand_macros(head, macros):
            words = [w for w in re.split(r"[_\s]+", name.lower()) if w]
            if not words:
                continue
            entries.append(AgentEntry(words, code))
            if explicit is None:
                for plural in _plurals(words[-1]):
                    entries.append(AgentEntry([*words[:-1], plural], code))
        for name in explicit or []:
            for expanded in _expand_macros(name, macros):
                words = [w for w in re.split(r"[_\s]+", expanded.lower()) if w]
                if words:
                    entries.append(AgentEntry(words, code))
    return entries


def _expand_macros(name: str, macros: dict[str, list[str]]) -> list[str]:
    found = re.search(r"![A-Z]+!", name)
    if not found:
        return [name]
    options = macros.get(found.group(0), [found.group(0).strip("!")])
    out: list[str] = []
    for option in options:
        out.extend(_expand_macros(name[: found.start()] + option + name[found.end() :], macros))
    return out


def _synset_words(entry: str, synsets: dict[str, list[str]]) -> list[str]:
    """A pattern token: a word, or a synset expanded (synsets may contain synsets)."""
    if entry.startswith("&"):
        key = entry.rstrip("_")
        words: list[str] = []
        for member in synsets.get(key, []):
            words.extend(_synset_words(member, synsets) if member.startswith("&") else [member])
        return words or [key.lower()]
    return [entry]


def _pattern_slots(text: str, synsets: dict[str, list[str]]) -> tuple[list[list[str]], bool]:
    marked = "+" in text
    slots: list[list[str]] = []
    for token in re.split(r"[\s_]+", re.sub(r"[{}()$%+]", " ", text)):
        if not token:
            continue
        alternatives = _synset_words(token.upper(), synsets)
        slots.append([w.lower() for word in alternatives for w in re.split(r"[\s_]+", word) if w][:1] or [token])
        if len(alternatives) > 1:
            slots[-1] = sorted({re.split(r"[\s_]+", w.lower())[0] for w in alternatives})
    return slots, marked


def parse_verbs(text: str) -> list[VerbBlock]:
    """Verb blocks with their verbs, irregular forms and patterns."""
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current_synset: str | None = None
    block: VerbBlock | None = None
    lines = [_strip_comment(raw).strip() for raw in text.splitlines()]
    for line in lines:  # synsets first: patterns may use a synset defined further down
        if not line:
            current_synset = None
            continue
        if line.startswith("&"):
            current_synset = line.split()[0].rstrip("_")
            synsets.setdefault(current_synset, [])
        elif line.startswith("+") and current_synset:
            synsets[current_synset].append(line[1:].strip().rstrip("_"))
        else:
            current_synset = None
    for line in lines:
        if line.startswith("&"):
            block = None  # a synset between blocks: its '+' members are not verbs
            continue
        if not line:
            continue
        header = re.fullmatch(r"---\s*(.+?)\s*\[([^\]]*)\]\s*-*\s*", line)
        if header:
            block = VerbBlock(header.group(1).strip().lower(), header.group(2).strip())
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            code_match = _CODE_LINE.search(line)
            if not code_match or "*" not in line:
                continue
            body = line[1 : code_match.start()]
            before_text, after_text = body.split("*", 1)
            before, marked_before = _pattern_slots(before_text, synsets)
            after, marked_after = _pattern_slots(after_text, synsets)
            block.patterns.append(
                VerbPattern(before, after, code_match.group(1).strip(), marked_before or marked_after)
            )
            continue
        _add_verb_line(block, line)
    return blocks


def _add_verb_line(block: VerbBlock, line: str) -> None:
    code_match = _CODE_LINE.search(line)
    code = code_match.group(1).strip() if code_match else None
    head = _CODE_LINE.sub("", line)
    forms_match = re.search(r"\{([^}]*)\}", head)
    head = re.sub(r"\{[^}]*\}", "", head).strip()
    words = [w for w in re.split(r"[_\s]+", head.lower()) if w]
    if not words:
        return
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    verb_index = marked[0] if marked else 0
    words = [w.lstrip("+") for w in words]
    lemma = words[verb_index]
    block.verbs.setdefault(lemma, words[verb_index + 1 :])
    if code:
        block.verb_codes[lemma] = code
    if forms_match:
        for form in forms_match.group(1).split():
            form_words = [w for w in re.split(r"[_\s]+", form.lower().lstrip("+")) if w]
            if form_words:
                block.forms[form_words[0]] = lemma


@dataclass(slots=True)
class Discards:
    """Phrases that mark a sentence (or, with '+', a whole story) as not political news: sports, weather."""

    sentence: list[str] = field(default_factory=list)
    story: list[str] = field(default_factory=list)

    def matches(self, text: str, phrases: list[str]) -> bool:
        words = " " + " ".join(w.strip(".") for w in re.findall(r"[\w'.&-]+", text.lower())) + " "
        return any(f" {phrase} " in words for phrase in phrases)

    def discards(self, sentence: str, story: str = "") -> bool:
        return self.matches(sentence, self.sentence) or self.matches(story or sentence, self.story)


def parse_discards(text: str) -> Discards:
    discards = Discards()
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        story = line.startswith("+")
        phrase = " ".join(re.split(r"[_\s]+", line.lstrip("+").strip().lower()))
        (discards.story if story else discards.sentence).append(phrase)
    return discards
