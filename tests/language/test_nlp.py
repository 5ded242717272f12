"""The shipped pipeline: present, complete, cached, offline, quick to load."""

from __future__ import annotations

from brinkwatch.language.model_eval import load_seconds
from brinkwatch.language.model_splitter import ParserSplitter
from brinkwatch.language.nlp import DEFAULT_MODEL, load_nlp
from brinkwatch.language.training.package import MAX_FILE_BYTES, MAX_TOTAL_BYTES, tree_size

# Invented news text, written for these tests.
TEXT = (
    "Omar Haddad said on Tuesday that U.S.-backed forces had entered the town. "
    "Residents fled toward the border.\n\nThe ministry denied the report."
)


def test_nlp_shipped_model_has_every_component() -> None:
    nlp = load_nlp()
    assert {"tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"} <= set(nlp.pipe_names)
    assert {"PER", "ORG", "LOC"} <= set(nlp.get_pipe("ner").labels)


def test_nlp_load_is_cached() -> None:
    assert load_nlp() is load_nlp()


def test_nlp_shipped_model_fits_the_size_budget() -> None:
    total, largest = tree_size(DEFAULT_MODEL)
    assert total <= MAX_TOTAL_BYTES and largest <= MAX_FILE_BYTES


def test_nlp_meta_records_data_commit_and_scores() -> None:
    meta = load_nlp().meta
    assert meta["sources"] and meta["brinkwatch"]["commit"] and meta["brinkwatch"]["scores"]["pud"]["uas"] > 0


def test_nlp_annotates_news_text() -> None:
    doc = load_nlp()("Troops left the U.S. embassy on Monday.")
    assert [token.text for token in doc][:4] == ["Troops", "left", "the", "U.S."]
    assert doc[1].pos_ == "VERB" and doc[1].tag_ == "VBD" and doc[1].lemma_ == "leave" and doc[1].dep_ == "ROOT"
    assert doc[0].head.i == 1 and doc[0].dep_ == "nsubj"


def test_nlp_parser_splitter_finds_sentences_and_paragraphs() -> None:
    sentences = ParserSplitter().split(TEXT)
    assert [s.text for s in sentences] == [
        "Omar Haddad said on Tuesday that U.S.-backed forces had entered the town.",
        "Residents fled toward the border.",
        "The ministry denied the report.",
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in sentences)


def test_nlp_loads_in_a_fresh_process_within_budget() -> None:
    # The target is 3 s on an idle machine; CI shares its cores, so the gate allows headroom.
    assert load_seconds(None) <= 6.0
