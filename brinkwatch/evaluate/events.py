"""`brinkwatch evaluate events`: the event coder, rules or model, on real news and on PETRARCH's records.

| set | what | scores |
|---|---|---|
| gold-test, gold-dev | the real-news gold standard | event P/R/F1, fields, full-match F1, confusion, errors |
| plv-dev | plv-train's fixed dev split | type accuracy and macro-F1 given the dyad; recall of (type, dyad) |
| petrarch | PETRARCH2's unit-test records | event-type P/R/F1 (its actors are fictional: types only) |
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from brinkwatch.coding.verbs import default_cameo
from brinkwatch.datasets.gold import GoldArticle, GoldEvent, load_gold
from brinkwatch.datasets.plv import PlvRow, load_plv
from brinkwatch.datasets.shared import shared_file
from brinkwatch.evaluate.event_match import Coded, EventScores, overlap, prf
from brinkwatch.model import Article, Event

__all__ = ["Coder", "EventSet", "evaluate_events", "gold_coded"]

EventSet = Literal["gold-test", "gold-dev", "plv-dev", "petrarch"]
Coder = Literal["rules", "model"]
Progress = Callable[[int, int], None]


def _pipeline(coder: Coder) -> Any:
    from brinkwatch.extract import default_pipeline, default_stages

    return default_pipeline(stages=default_stages(coder=coder))


def _article(doc: str, text: str, day: str | None) -> Article:
    published = datetime.fromisoformat(day).replace(tzinfo=UTC) if day else None
    return Article(id=doc, text=text, published_at=published)


def _system(article: Article) -> list[Coded]:
    out = []
    for event in article.events:
        if event.evidence is None:
            continue
        sentence = article.sentences[event.evidence.sentence_index]
        evidence = event.evidence
        out.append(
            Coded(
                sentence=(sentence.start, sentence.end),
                trigger=(evidence.trigger.start, evidence.trigger.end) if evidence.trigger else None,
                type=event.type,
                mode=event.mode or "",
                actor=(evidence.actor.start, evidence.actor.end) if evidence.actor else None,
                actor_code=(event.actor.code if event.actor else None) or "UNK",
                recipient=(evidence.recipient.start, evidence.recipient.end) if evidence.recipient else None,
                recipient_code=(event.recipient.code or "UNK") if event.recipient else None,
                certainty=event.claim.certainty.value,
                place=(event.where.start, event.where.end)
                if event.where and event.where.start is not None and event.where.end is not None
                else None,
                date=event.when.text if event.when and event.when.text else None,
                text=sentence.text,
            )
        )
    return out


def gold_coded(article: GoldArticle, event: GoldEvent) -> Coded:
    return Coded(
        sentence=event.sentence_span,
        trigger=event.trigger,
        type=event.type,
        mode=event.mode,
        actor=event.actor,
        actor_code=event.actor_code,
        recipient=event.recipient,
        recipient_code=event.recipient_code,
        certainty=event.certainty,
        place=event.place,
        date=article.span(event.date) or None,
        text=article.text[event.sentence_span[0] : event.sentence_span[1]],
    )


def _gold_set(split: Literal["test", "dev"], coder: Coder, progress: Progress | None) -> dict[str, Any]:
    articles = load_gold(split)
    pipeline = _pipeline(coder)
    scores = EventScores()
    for done, gold in enumerate(articles, start=1):
        coded = pipeline.run(_article(gold.doc, gold.text, gold.date))
        scores.add(_system(coded), [gold_coded(gold, e) for e in gold.events])
        if progress is not None:
            progress(done, len(articles))
    return {"articles": len(articles), **scores.as_dict(errors=10_000)}


def _yield(kind: str) -> str:
    return "YIELD" if kind in ("CONCEDE", "RETREAT") else kind


def _plv_rule_type(row: PlvRow, events: list[Event]) -> str:
    """The rule coder's type for the marked dyad: its event on that dyad, else on that actor, else any."""

    def spans(event: Event) -> tuple[bool, bool]:
        ev = event.evidence
        actor = ev is not None and ev.actor is not None and overlap(row.source, (ev.actor.start, ev.actor.end))
        recipient = (
            ev is not None and ev.recipient is not None and overlap(row.target, (ev.recipient.start, ev.recipient.end))
        )
        return actor, recipient

    ranked = sorted(events, key=lambda e: (-sum(spans(e)), -spans(e)[0]))
    return ranked[0].type if ranked else "NONE"


def _plv_model_type(row: PlvRow) -> str:
    from brinkwatch.coding.learned.candidates import sentence_candidates
    from brinkwatch.coding.learned.runtime import load_event_model

    model = load_event_model()
    candidates = sentence_candidates(row.text)
    spans = [(m.start, m.end) for m in candidates.mentions]

    def index(span: tuple[int, int] | None) -> int:
        if span is None:
            return -1
        if span not in spans:
            spans.append(span)
        return spans.index(span)

    actor, recipient = index(row.source), index(row.target)
    scores = model.score([(row.text, spans)])[0]
    if (actor, recipient) not in scores.pairs:
        return "NONE"
    probabilities = scores.types[scores.pairs.index((actor, recipient))]
    best = max(range(1, len(model.types)), key=lambda c: probabilities[c])
    return model.types[best]


def _macro_f1(pairs: Iterable[tuple[str, str]]) -> float:
    pairs = list(pairs)
    labels = sorted({gold for gold, _ in pairs})
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def _plv_set(coder: Coder, progress: Progress | None) -> dict[str, Any]:
    rows = load_plv("dev")
    pipeline = _pipeline(coder)
    given: list[tuple[str, str]] = []
    recalled = 0
    errors = []
    for done, row in enumerate(rows, start=1):
        article = pipeline.run(_article(f"plv:{row.id}", row.text, None))
        predicted = _plv_model_type(row) if coder == "model" else _plv_rule_type(row, article.events)
        given.append((row.root, _yield(predicted)))
        if _yield(predicted) != row.root:
            errors.append({"kind": "type given dyad", "system": predicted, "gold": row.root, "sentence": row.text})
        recalled += any(_plv_match(row, event) for event in article.events)
        if progress is not None:
            progress(done, len(rows))
    right = sum(1 for gold, predicted in given if gold == predicted)
    return {
        "sentences": len(rows),
        "type_given_dyad": {"accuracy": right / len(rows), "macro_f1": _macro_f1(given)},
        "end_to_end_recall": recalled / len(rows),
        "confusion": {f"{g}>{p}": n for (g, p), n in sorted(Counter(given).items())},
        "errors": errors,
    }


def _plv_match(row: PlvRow, event: Event) -> bool:
    if _yield(event.type) != row.root or event.evidence is None:
        return False
    ev = event.evidence
    actor_ok = row.source is None or (ev.actor is not None and overlap(row.source, (ev.actor.start, ev.actor.end)))
    if row.target is None:
        return actor_ok and ev.recipient is None
    return actor_ok and ev.recipient is not None and overlap(row.target, (ev.recipient.start, ev.recipient.end))


def _petrarch_set(coder: Coder, progress: Progress | None) -> dict[str, Any]:
    from brinkwatch.evaluate.petrarch import load_records

    records = load_records(shared_file("eval/petrarch2-unittest/PETR.UnitTest.records.xml"))
    cameo = default_cameo()
    pipeline = _pipeline(coder)
    right = found = expected = exact = 0
    for done, record in enumerate(records, start=1):
        day = record.when.isoformat() if record.when else None
        article = pipeline.run(_article(f"petrarch:{record.id}", record.text, day))
        system = Counter(e.type for e in article.events)
        gold = Counter(
            info.plover_type for _, _, code in record.expected if (info := cameo.get(code)) and info.plover_type
        )
        right += sum((system & gold).values())
        found += sum(system.values())
        expected += sum(gold.values())
        exact += system == gold
        if progress is not None:
            progress(done, len(records))
    return {
        "records": len(records),
        "type": prf(right, found, expected),
        "records_exactly_right": exact / len(records),
    }


def evaluate_events(name: EventSet, coder: Coder = "rules", progress: Progress | None = None) -> dict[str, Any]:
    """Score a coder on one evaluation set; the result is plain JSON-ready data."""
    if name == "gold-test":
        result = _gold_set("test", coder, progress)
    elif name == "gold-dev":
        result = _gold_set("dev", coder, progress)
    elif name == "plv-dev":
        result = _plv_set(coder, progress)
    elif name == "petrarch":
        result = _petrarch_set(coder, progress)
    else:
        raise ValueError(f"unknown event set {name!r}: use gold-test, gold-dev, plv-dev or petrarch")
    return {"set": name, "coder": coder, **result}
