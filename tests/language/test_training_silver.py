"""Self-training pieces: news paragraphs, silver parses, the mix, and the warm start from a trained pipeline.

The teacher in these tests is the shipped CNN itself (the accurate variant needs its own venv); what is
checked is the plumbing: what is kept, what is left missing, and what the trainer is handed.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab
from thinc.api import Config

from brinkwatch.errors import ConfigurationError
from brinkwatch.language.nlp import DEFAULT_MODEL, load_nlp
from brinkwatch.language.training.callbacks import restore_lemma_trees
from brinkwatch.language.training.silver import NewsText, agreement, mix_silver, news_documents, parse_silver
from brinkwatch.language.training.train import DEFAULT_CONFIG, TrainingPlan, write_warm_config

STORY = (
    "Tuesday, March 3, 2026\n\n"
    "The council of Norhaven voted on Monday to close the harbour after a storm damaged the sea wall. "
    "Mayor Ilse Brandt said repairs would take a month.\n\n"
    "Photos\n\n"
    "Fishermen protested outside the town hall on Tuesday."
)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture()
def shared(tmp_path: Path) -> Path:
    news = tmp_path / "data" / "news"
    _write_csv(news / "wikinews_2019.csv", ["url", "date", "title", "text"], [["u", "2026-03-03", "t", STORY]])
    _write_csv(
        news / "wikinews_2020.csv",
        ["url", "date", "title", "text"],
        [["u", "2026-03-04", "t", "Held out: the minister resigned over the harbour report."]],
    )
    _write_csv(
        news / "ngec-synthetic" / "ngec_synthetic_events.csv",
        ["title", "source", "text", "label", "mode"],
        [["t", "s", "Police in Arvika detained twelve protesters after a march on the ministry.", "ARREST", ""]],
    )
    return tmp_path


def test_news_documents_are_paragraphs_with_their_source_and_skip_short_and_excluded(shared: Path) -> None:
    texts = list(news_documents(shared, exclude={"wikinews_2020:0"}))
    assert [t.source for t in texts] == ["wikinews_2019:0", "wikinews_2019:0", "ngec:0"]
    # The dateline and the one-word caption are not sentences to learn syntax from.
    assert texts[0].text.startswith("The council of Norhaven voted")
    assert texts[1].text == "Fishermen protested outside the town hall on Tuesday."


def test_news_documents_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"wikinews_2019\.csv"):
        list(news_documents(tmp_path))


def _parsed(heads: list[int], deps: list[str]) -> Doc:
    words = ["Rebels", "shelled", "the", "base", "."]
    return Doc(Vocab(), words=words, heads=heads, deps=deps)


def test_agreement_counts_same_head_and_label_without_punctuation() -> None:
    teacher = _parsed([1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "obj", "punct"])
    same = _parsed([1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "obj", "punct"])
    other_label = _parsed([1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "obl", "punct"])
    other_punct = _parsed([1, 1, 3, 1, 3], ["nsubj", "ROOT", "det", "obj", "punct"])
    assert agreement(teacher, same) == 1.0
    assert agreement(teacher, other_label) == 0.75
    assert agreement(teacher, other_punct) == 1.0


@pytest.fixture(scope="module")
def silver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = load_nlp()
    texts = [
        NewsText("wikinews_2019:0", "Rebels shelled the base on Monday. The army said two soldiers died."),
        NewsText("wikinews_2019:1", "Rebels shelled the base on Monday. Talks resumed in Geneva on Friday."),
        NewsText("ngec:3", "Police detained twelve protesters in Arvika after a march on the ministry."),
    ]
    output = tmp_path_factory.mktemp("silver") / "silver.spacy"
    stats = parse_silver(nlp, nlp, texts, output)
    assert (stats.texts, stats.duplicates) == (3, 1)
    assert stats.sentences == 4 and stats.words == sum(len(d) for d in _docs(output))
    return output


def _docs(path: Path) -> list[Doc]:
    return list(DocBin(store_user_data=True).from_disk(path).get_docs(Vocab()))


def test_silver_sentences_carry_parse_entities_source_and_agreement_but_no_lemmas(silver: Path) -> None:
    docs = _docs(silver)
    assert [d.user_data["source"] for d in docs] == ["wikinews_2019:0", "wikinews_2019:0", "wikinews_2019:1", "ngec:3"]
    for doc in docs:
        assert len(list(doc.sents)) == 1
        assert doc.has_annotation("DEP") and doc.has_annotation("TAG") and doc.has_annotation("ENT_IOB")
        # The teacher's lemmas are worse than the student's: left missing, the lemmatizer learns nothing here.
        assert not doc.has_annotation("LEMMA")
        assert 0.0 <= doc.user_data["agree"] <= 1.0
    # The same model as teacher and student agrees with itself on a plain sentence.
    assert docs[0].user_data["agree"] == 1.0


def test_mix_takes_whole_articles_until_the_word_budget_and_respects_the_floor(silver: Path, tmp_path: Path) -> None:
    out = tmp_path / "mix.spacy"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "unsupported user data" warning per merged doc
        stats = mix_silver(silver, gold_words=10, ratio=1.0, output=out)
    assert stats.silver_words >= 10 and stats.sentences < 4  # stopped once the budget was spent
    every = mix_silver(silver, gold_words=10, ratio=0, output=out)
    assert every.sentences == 4
    mixed = _docs(out)
    assert sum(len(list(d.sents)) for d in mixed) == 4
    assert all(d.has_annotation("DEP") for d in mixed)
    none = mix_silver(silver, gold_words=10, ratio=0, output=out, min_agree=1.01)
    assert none.sentences == 0


def test_mix_can_leave_the_teachers_entities_out(silver: Path, tmp_path: Path) -> None:
    out = tmp_path / "mix.spacy"
    mix_silver(silver, gold_words=10, ratio=0, output=out, entities=False)
    mixed = _docs(out)
    assert mixed and all(d.has_annotation("DEP") and not d.has_annotation("ENT_IOB") for d in mixed)
    mix_silver(silver, gold_words=10, ratio=0, output=out)
    assert all(d.has_annotation("ENT_IOB") for d in _docs(out))


def test_mix_without_silver_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="model silver"):
        mix_silver(tmp_path / "none.spacy", 10, 1.0, tmp_path / "out.spacy")


def test_warm_config_sources_every_component_and_restores_lemma_trees(tmp_path: Path) -> None:
    written = write_warm_config(DEFAULT_CONFIG, DEFAULT_MODEL, tmp_path / "warm.cfg")
    cfg = Config().from_disk(written, interpolate=False)
    for name in cfg["nlp"]["pipeline"]:
        assert cfg["components"][name] == {"source": str(DEFAULT_MODEL)}
    assert cfg["initialize"]["after_init"] == {"@callbacks": "brinkwatch.restore_lemma_trees.v1"}


def test_restore_lemma_trees_rebuilds_the_index_spacy_does_not_load() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    lemmatizer: Any = nlp.get_pipe("trainable_lemmatizer")
    if lemmatizer.tree2label:
        pytest.skip("this spaCy restores the tree index itself; the callback is a no-op")
    with nlp.select_pipes(disable=["trainable_lemmatizer"]):  # as while sourced components initialise
        restore_lemma_trees()(nlp)
    assert len(lemmatizer.tree2label) == len(lemmatizer.labels) > 0
    assert all(lemmatizer.labels[label] == tree for tree, label in lemmatizer.tree2label.items())


def test_plan_refuses_missing_silver_and_a_warm_start_that_is_not_a_pipeline(tmp_path: Path) -> None:
    (tmp_path / "data" / "ud").mkdir(parents=True)
    (tmp_path / "data" / "uner").mkdir()
    with pytest.raises(ConfigurationError, match="model silver"):
        TrainingPlan(tmp_path, tmp_path / "w", silver=tmp_path / "none.spacy").check()
    with pytest.raises(ConfigurationError, match="not a spaCy pipeline"):
        TrainingPlan(tmp_path, tmp_path / "w", warm_start=tmp_path).check()
