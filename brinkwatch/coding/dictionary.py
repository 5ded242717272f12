"""The actor dictionary: named actors with dated roles, generic agents, countries; and a fast matcher.

Loaded from the compiled files in brinkwatch/resources/actors (docs/actors.md), from PETRARCH-format
`--actors`/`--agents` files, or topped up with a user's YAML or CSV file of additions. Matching is a
word trie over lower-cased token text: one pass per sentence finds the longest phrase at each token.
Hyphens split words on both sides, so "al-Qaeda" matches whether the tokenizer keeps it whole or not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from brinkwatch.coding.petrarch_format import AgentEntry, RoleSpan, parse_actors, parse_agents
from brinkwatch.errors import ConfigurationError

__all__ = [
    "ActorDictionary",
    "ActorRecord",
    "Additions",
    "Match",
    "Trie",
    "default_dictionary",
    "format_role",
    "load_additions",
    "parse_role",
    "units",
]

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "actors"
_END = "\0"
_STEMS = "\1"
# A stem shorter than this matches only itself: "KU" (a university) must not match "Kuwait".
_MIN_STEM = 4


def format_role(role: RoleSpan) -> str:
    """`ISRGOV` or `ISRGOV@1996-06-18..1999-07-06` (either end may be empty)."""
    if role.start is None and role.end is None:
        return role.code
    start = role.start.isoformat() if role.start else ""
    end = role.end.isoformat() if role.end else ""
    return f"{role.code}@{start}..{end}"


def parse_role(text: str) -> RoleSpan:
    code, _, span = text.partition("@")
    if not span:
        return RoleSpan(code)
    start, _, end = span.partition("..")
    return RoleSpan(code, date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)


def units(word: str) -> list[str]:
    """A word's matching units: lower-cased, split at hyphens (a stem marker '*' stays on the last)."""
    return [part for part in word.lower().split("-") if part]


def _common_prefix(codes: list[str]) -> str:
    first, last = min(codes), max(codes)  # the sorted extremes share what every code shares
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[:length]


@dataclass(slots=True)
class ActorRecord:
    names: list[str]
    roles: list[RoleSpan]
    source: str = ""
    affiliation: str | None = None

    def code_on(self, when: date | None) -> str:
        """The role valid on `when`; without a date, what all the roles agree on (USAGOV and USABUS: USA).

        Without a date the article could be from any year, so no role is picked by today's date: a
        president whose term ended would read as a businessman in an undated report of his term.
        """
        dated = [r for r in self.roles if r.start or r.end]
        if when is not None:
            for role in dated:
                if (role.start is None or role.start <= when) and (role.end is None or when <= role.end):
                    return role.code
        elif dated:
            agreed = _common_prefix([r.code for r in self.roles])
            if len(agreed) >= 3:  # at least the country
                return agreed
        undated = [r for r in self.roles if not (r.start or r.end)]
        return (undated or self.roles)[0].code


@dataclass(slots=True)
class Match:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    value: int  # entry index in the dictionary's actor or agent list


class Trie:
    """Phrases of words -> entry ids; a final word ending in '*' matches as a stem."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.max_stem = 0

    def add(self, words: Sequence[str], value: int) -> None:
        flat = [u for w in words for u in units(w)]
        if not flat:
            return
        node = self.root
        for word in flat[:-1]:
            node = node.setdefault(word, {})
        last = flat[-1]
        if last.endswith("*") and len(last) > _MIN_STEM:
            stems = node.setdefault(_STEMS, {})
            stems.setdefault(last[:-1], []).append(value)
            self.max_stem = max(self.max_stem, len(last) - 1)
        else:
            node.setdefault(last.rstrip("*"), {}).setdefault(_END, []).append(value)

    def longest(self, words: Sequence[str], token_of: Sequence[int], start: int) -> tuple[int, list[int]] | None:
        """The longest phrase starting at unit `start`: (end unit, entry ids)."""
        node = self.root
        best: tuple[int, list[int]] | None = None
        for position in range(start, len(words)):
            word = words[position]
            stems = node.get(_STEMS)
            if stems:
                for cut in range(len(word), 0, -1):
                    found = stems.get(word[:cut])
                    if found:
                        best = (position + 1, found)
                        break
            child = node.get(word)
            if child is None:
                break
            node = child
            if _END in node:
                best = (position + 1, node[_END])
        return best

    def find_all(self, tokens: Sequence[str]) -> list[tuple[int, int, list[int]]]:
        """Non-overlapping longest matches over token texts, as (first token, end token, ids)."""
        words: list[str] = []
        token_of: list[int] = []
        for index, token in enumerate(tokens):
            for unit in units(token):
                words.append(unit)
                token_of.append(index)
        found = []
        position = 0
        while position < len(words):
            hit = self.longest(words, token_of, position)
            if hit is None:
                position += 1
                continue
            end, ids = hit
            found.append((token_of[position], token_of[end - 1] + 1, ids))
            position = end
        return found


@dataclass(slots=True)
class Additions:
    actors: list[ActorRecord] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)


def _words(name: str) -> list[str]:
    return name.lower().replace("_", " ").split()


def load_additions(path: Path) -> Additions:
    """A user's additions: YAML (`actors:`/`agents:` lists) or CSV (kind,names,code,start,end,affiliation)."""
    if not path.is_file():
        raise ConfigurationError(f"no additions file at {path}; pass a YAML or CSV file of actors and agents")
    additions = Additions()
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows: list[dict[str, Any]] = [
                {**row, "names": str(row.get("names", "")).split("|")} for row in csv.DictReader(handle)
            ]
        actor_rows = [r for r in rows if (r.get("kind") or "actor") == "actor"]
        agent_rows = [r for r in rows if r.get("kind") == "agent"]
    else:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigurationError(f"{path} is not valid YAML: {exc}") from exc
        actor_rows, agent_rows = list(data.get("actors") or []), list(data.get("agents") or [])
    for row in actor_rows:
        names = [" ".join(_words(str(n))) for n in row.get("names") or [] if str(n).strip()]
        code = str(row.get("code") or "").strip().upper()
        if not names or not code:
            raise ConfigurationError(f"actor entry {row!r} in {path} needs `names` and `code`")
        roles = [RoleSpan(code, _date(row.get("start")), _date(row.get("end")))]
        for extra in row.get("roles") or []:
            roles.append(RoleSpan(str(extra["code"]).upper(), _date(extra.get("start")), _date(extra.get("end"))))
        additions.actors.append(ActorRecord(names, roles, path.name, row.get("affiliation") or None))
    for row in agent_rows:
        code = str(row.get("code") or "").strip().upper()
        if not code:
            raise ConfigurationError(f"agent entry {row!r} in {path} needs a `code` such as ~GOV")
        for name in row.get("names") or []:
            additions.agents.append(AgentEntry(_words(str(name)), code))
    return additions


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigurationError(f"bad date {value!r} in an additions file; write YYYY-MM-DD") from exc


class ActorDictionary:
    def __init__(
        self, actors: list[ActorRecord], agents: list[AgentEntry], countries: dict[str, list[str]] | None = None
    ) -> None:
        self.actors = actors
        self.agents = agents
        self.countries = countries or {}
        self.actor_trie = Trie()
        self.agent_trie = Trie()
        for index, actor in enumerate(actors):
            for name in actor.names:
                self.actor_trie.add(name.split(), index)
        for index, agent in enumerate(agents):
            self.agent_trie.add(agent.words, index)

    def add(self, additions: Additions) -> None:
        for actor in additions.actors:
            self.actors.append(actor)
            for name in actor.names:
                self.actor_trie.add(name.split(), len(self.actors) - 1)
        for agent in additions.agents:
            self.agents.append(agent)
            self.agent_trie.add(agent.words, len(self.agents) - 1)

    def country_name(self, code: str) -> str | None:
        row = self.countries.get(code[:3])
        return row[0].title() if row else None

    @classmethod
    def compiled(cls, folder: Path = RESOURCES) -> ActorDictionary:
        if not (folder / "actors.tsv").is_file():
            raise ConfigurationError(f"no compiled actor dictionary in {folder}; run scripts/build_actor_dictionary.py")
        actors = []
        for line in _rows(folder / "actors.tsv"):
            names, roles, source, *rest = [*line, "", ""][:4]
            actors.append(
                ActorRecord(names.split("|"), [parse_role(r) for r in roles.split(";") if r], source, rest[0] or None)
            )
        agents = [AgentEntry(phrase.split(), code) for phrase, code, *_ in _rows(folder / "agents.tsv")]
        countries = {row[0]: row[1:] for row in _rows(folder / "countries.tsv")}
        return cls(actors, agents, countries)

    @classmethod
    def from_petrarch(
        cls, actor_files: Iterable[Path], agent_files: Iterable[Path], countries: dict[str, list[str]] | None = None
    ) -> ActorDictionary:
        actors: list[ActorRecord] = []
        agents: list[AgentEntry] = []
        for path in actor_files:
            for entry in parse_actors(_read(path)):
                actors.append(ActorRecord([" ".join(n) for n in entry.names], entry.roles, path.name))
        for path in agent_files:
            agents.extend(parse_agents(_read(path)))
        return cls(actors, agents, countries)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ConfigurationError(f"cannot read dictionary file {path}: {exc}") from exc


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines if line]


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    return ActorDictionary.compiled()
