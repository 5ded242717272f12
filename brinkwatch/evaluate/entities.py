"""Score entity character spans on the held-out sets exactly as `brinkwatch model evaluate` does.

Same gold Docs (language.model_eval.gold_docs: UD words, UNER PER/ORG/LOC) and the same scorer (spaCy's
exact-span, exact-label micro P/R/F1). Predictions arrive as character spans per gold sentence; each is
placed on the gold tokens, and one that does not start and end on a token boundary is dropped, as
spaCy's scorer drops a predicted span it cannot align. Any tagger that returns character spans can be
scored this way: the entity head, or the spaCy pipeline itself (the check that the harness matches
model_eval's figure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from brinkwatch.datasets.entities import Marked

__all__ = ["entity_head_scores", "gold_sentences", "score_entities"]

Span = tuple[int, int, str]


def gold_sentences(shared: Path, name: str, vocab: Any) -> tuple[list[Any], list[Marked]]:
    """The gold Docs of one set and, sentence by sentence, their text and sentence-relative spans."""
    from brinkwatch.language.model_eval import gold_docs

    docs = gold_docs(shared, name, vocab)
    sentences = []
    for doc in docs:
        for sent in doc.sents:
            spans = [(e.start_char - sent.start_char, e.end_char - sent.start_char, e.label_) for e in sent.ents]
            sentences.append(Marked(sent.text, spans))
    return docs, sentences


def score_entities(docs: Sequence[Any], predicted: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """P/R/F1 (percent, overall and per type) of per-sentence ``predicted`` spans against ``docs``."""
    from spacy.scorer import get_ner_prf
    from spacy.tokens import Doc
    from spacy.training import Example

    examples, at = [], 0
    for gold in docs:
        pred = Doc(gold.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
        ents: list[Any] = []
        for sent in gold.sents:
            for start, end, label in predicted[at]:
                span = pred.char_span(sent.start_char + start, sent.start_char + end, label=label)
                if span is not None and all(span.end <= e.start or span.start >= e.end for e in ents):
                    ents.append(span)
            at += 1
        pred.ents = sorted(ents, key=lambda s: s.start)
        examples.append(Example(pred, gold))
    if at != len(predicted):
        raise ValueError(f"{len(predicted)} predicted sentences for {at} gold sentences; pass one list per sentence")
    # get_ner_prf, not score_spans: it skips predictions on tokens whose gold tags are missing (a PUD
    # sentence UNER tokenises differently), as nlp.evaluate does, so the figures match model_eval's.
    scores = get_ner_prf(examples)
    per_type = {
        label: {k: round(100 * v, 2) for k, v in prf.items()} for label, prf in sorted(scores["ents_per_type"].items())
    }
    return {
        "p": round(100 * scores["ents_p"], 2),
        "r": round(100 * scores["ents_r"], 2),
        "f1": round(100 * scores["ents_f"], 2),
        "per_type": per_type,
    }


def spacy_spans(nlp: Any) -> Callable[[Sequence[Any]], list[list[Span]]]:
    """A tagger over gold Docs that runs ``nlp`` on each whole document, as model_eval does."""

    def tag(docs: Sequence[Any]) -> list[list[Span]]:
        out: list[list[Span]] = []
        for gold, doc in zip(docs, nlp.pipe([d.text for d in docs]), strict=True):
            for sent in gold.sents:
                out.append(
                    [
                        (e.start_char - sent.start_char, e.end_char - sent.start_char, e.label_)
                        for e in doc.ents
                        # by where it starts: a span the pipeline runs across a gold sentence end still counts
                        if sent.start_char <= e.start_char < sent.end_char
                    ]
                )
        return out

    return tag


def entity_head_scores(shared: Path, sets: Sequence[str] = ("ewt_test", "pud")) -> dict[str, dict[str, Any]]:
    """The shipped entity head on each held-out set, one encoder pass per gold sentence."""
    import spacy

    from brinkwatch.coding.learned.entities import load_entity_head, tag_texts
    from brinkwatch.coding.learned.runtime import load_event_model

    model, head, vocab = load_event_model(), load_entity_head(), spacy.blank("en").vocab
    scores = {}
    for name in sets:
        docs, sentences = gold_sentences(shared, name, vocab)
        scores[name] = score_entities(docs, tag_texts(model, head, [s.text for s in sentences]))
    return scores
