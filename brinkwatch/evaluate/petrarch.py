"""Score the coder on PETRARCH's own unit-test records (PETR.UnitTest.records.xml).

Each active record (sentence="true") holds a sentence, its Penn Treebank parse and the expected
events as (source, target, CAMEO) triples, or `noevents`/`error` for none. `<Config>` elements
between records switch options (require_dyad, new_actor_length) for the records after them.
We code each sentence with the PETR.Validate dictionaries and report the share of records whose
event set is exactly right, and micro precision/recall/F1 for codes, sources, targets and triples.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from brinkwatch.coding.actors import ActorCoder
from brinkwatch.coding.dictionary import ActorDictionary
from brinkwatch.coding.events import EventCoder, EventOptions, RawEvent
from brinkwatch.coding.petrarch_format import Discards, parse_discards
from brinkwatch.coding.verbs import VerbTable
from brinkwatch.errors import ConfigurationError, InputError, InputNotFoundError

__all__ = ["Record", "Score", "code_record", "evaluate", "load_records", "score"]

Triple = tuple[str, str, str]
_PARTS = ("code", "source", "target", "triple")
Parser = Literal["treebank", "model"]
_ATTR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


@dataclass(slots=True)
class Record:
    id: str
    text: str
    parse: str
    when: date | None
    expected: list[Triple]
    options: dict[str, str] = field(default_factory=dict)


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(text)}


def load_records(path: Path) -> list[Record]:
    """Active records in file order, each with the <Config> options in force where it stands."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"no such file: {path}; pass PETR.UnitTest.records.xml") from exc
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    options: dict[str, str] = {}
    records: list[Record] = []
    for found in re.finditer(r"<Config\b([^>]*)>|<Sentence\b([^>]*)>(.*?)</Sentence>", text, re.S):
        if found.group(1) is not None:
            config = _attrs(found.group(1))
            if "option" in config:
                options[config["option"].lower()] = config.get("value", "").strip().lower()
            continue
        attrs = _attrs(found.group(2))
        if attrs.get("sentence", "true").lower() == "false":
            continue
        body = found.group(3)
        expected: list[Triple] = []
        for coding in re.findall(r"<EventCoding\b([^>]*)>", body):
            values = _attrs(coding)
            if "noevents" in values or "error" in values:
                continue
            expected.append((values.get("sourcecode", ""), values.get("targetcode", ""), values.get("eventcode", "")))
        sentence = re.search(r"<Text>(.*?)</Text>", body, re.S)
        parse = re.search(r"<Parse>(.*?)</Parse>", body, re.S)
        records.append(
            Record(
                attrs.get("id", f"record-{len(records)}"),
                " ".join(sentence.group(1).split()) if sentence else "",
                parse.group(1) if parse else "",
                _date(attrs.get("date", "")),
                expected,
                dict(options),
            )
        )
    if not records:
        raise InputError(f"{path} holds no <Sentence> records; is it a PETRARCH unit-test file?")
    return records


def _date(text: str) -> date | None:
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return None


def _phrase_code(event: RawEvent, side: Literal["source", "target"], doc: Any, length: int) -> str | None:
    actor = event.source if side == "source" else event.target
    if actor is None:
        return None
    if actor.code:
        return actor.code
    if length > 0:  # new_actor_length: PETRARCH codes short uncoded phrases as their quoted words
        words = [t.text.upper() for t in doc[actor.start : actor.end] if t.dep_ not in ("det", "case")]
        if 0 < len(words) <= length:
            return '"' + " ".join(words) + '"'
    return None


def code_record(
    record: Record, coder: EventCoder, dictionary: ActorDictionary, doc: Any, discards: Discards | None = None
) -> list[Triple]:
    """The triples our coder finds in one record's Doc, under the record's options."""
    if doc is None or (discards is not None and discards.discards(record.text)):
        return []  # an unreadable parse (PETRARCH's error records) or a discarded sentence
    require_dyad = record.options.get("require_dyad", "true") != "false"
    length = int(record.options.get("new_actor_length", "0") or 0)
    options = EventOptions(
        nouns=False,
        require_dyad=False,
        unknown_actor=False,
        future_as_threat=False,
        patterns_read_clauses=True,
        agent_only_codes=True,
    )
    local = EventCoder(coder.verbs, coder.cameo, coder.triggers, options)
    actors = ActorCoder(dictionary, record.when)
    matches = actors.match(doc)
    triples: list[Triple] = []
    sentences = list(doc.sents) if doc.has_annotation("DEP") or doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sentences:
        for event in local.code_sentence(sent, actors, matches):
            source = _phrase_code(event, "source", doc, length)
            target = _phrase_code(event, "target", doc, length)
            if require_dyad and not (source and target):
                continue
            triple = (source or "---", target or "---", event.code)
            if triple not in triples:
                triples.append(triple)
    return triples


@dataclass(slots=True)
class Score:
    records: int = 0
    exact: int = 0
    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in _PARTS})  # tp, fp, fn

    @property
    def exact_match(self) -> float:
        return self.exact / self.records if self.records else 0.0

    def prf(self, part: str) -> tuple[float, float, float]:
        tp, fp, fn = self.counts[part]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"records": self.records, "exact": self.exact, "exact_match": self.exact_match}
        for part in _PARTS:
            precision, recall, f1 = self.prf(part)
            result[part] = {"precision": precision, "recall": recall, "f1": f1}
        return result


def score(pairs: Iterable[tuple[list[Triple], list[Triple]]]) -> Score:
    """Micro P/R/F1 over (expected, predicted) triple lists; a record is exact when the sets agree."""
    result = Score()
    for expected, predicted in pairs:
        result.records += 1
        result.exact += set(expected) == set(predicted)
        for part, index in zip(_PARTS, (2, 0, 1, None), strict=True):
            gold = Counter(t if index is None else t[index] for t in expected)
            guess = Counter(t if index is None else t[index] for t in predicted)
            overlap = sum((gold & guess).values())
            result.counts[part][0] += overlap
            result.counts[part][1] += sum(guess.values()) - overlap
            result.counts[part][2] += sum(gold.values()) - overlap
    return result


def evaluate(
    records_path: Path, dictionaries: Path, *, parser: Parser = "treebank"
) -> tuple[Score, list[tuple[Record, list[Triple]]]]:
    """Code every active record with the PETR.Validate.* dictionaries found in `dictionaries`."""
    files = {kind: sorted(dictionaries.glob(f"PETR.Validate.{kind}.txt")) for kind in ("actors", "agents", "verbs")}
    discard_files = sorted(dictionaries.glob("PETR.Validate.discards.txt"))
    if not all(files.values()):
        raise ConfigurationError(
            f"{dictionaries} lacks PETR.Validate.actors/agents/verbs.txt; pass the folder that holds them"
        )
    dictionary = ActorDictionary.from_petrarch(files["actors"], files["agents"])
    coder = EventCoder(verbs=VerbTable.from_petrarch(files["verbs"][0]))
    records = load_records(records_path)
    docs = _docs(records, parser)
    discards = parse_discards(discard_files[0].read_text(encoding="utf-8")) if discard_files else None
    results = [
        (record, code_record(record, coder, dictionary, doc, discards))
        for record, doc in zip(records, docs, strict=True)
    ]
    return score((record.expected, predicted) for record, predicted in results), results


def _docs(records: list[Record], parser: Parser) -> list[Any]:
    if parser == "model":
        from brinkwatch.language.nlp import load_nlp

        return list(load_nlp().pipe(record.text for record in records))
    import spacy

    from brinkwatch.evaluate.treebank import tree_to_doc

    vocab = spacy.blank("en").vocab
    docs = []
    for record in records:
        try:
            docs.append(tree_to_doc(vocab, record.parse))
        except (IndexError, ValueError):  # an unbalanced parse: PETRARCH reports an error, no events
            docs.append(None)
    return docs
