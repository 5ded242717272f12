"""The shipped event model at run time: it loads offline, scores every candidate pair once, codes news.

These tests use brinkwatch/resources/event_model (onnxruntime, no torch) and the shipped language model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from brinkwatch.coding.learned.runtime import EventModel, load_event_model
from brinkwatch.extract import default_pipeline, default_stages
from brinkwatch.model import Article


@pytest.fixture(scope="module")
def model() -> EventModel:
    return load_event_model()


def test_learned_model_loads_once_per_process(model: EventModel) -> None:
    assert load_event_model() is model
    assert model.types[0] == "NONE" and len(model.types) == 17
    assert model.thresholds and all(0 < value < 1 for value in model.thresholds.values())


def test_learned_model_scores_every_ordered_pair_with_unk_and_none(model: EventModel) -> None:
    text = "The envoy met the rebel commander in Doha."
    spans = [(0, 9), (14, 36)]
    (scores,) = model.score([(text, spans)])
    # actors: UNK or either mention; recipients: none or either mention; never a mention with itself
    assert sorted(scores.pairs) == sorted([(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0)])
    assert scores.types.shape == (7, 17)
    assert np.allclose(scores.types.sum(axis=1), 1.0, atol=1e-4)


def code(text: str, day: str = "2019-10-12") -> Article:
    from datetime import UTC, datetime

    article = Article(id="t", text=text, published_at=datetime.fromisoformat(day).replace(tzinfo=UTC))
    return default_pipeline(stages=default_stages("model")).run(article)


def test_learned_model_codes_an_attack_with_its_actor() -> None:
    article = code("Turkish troops shelled Kurdish fighters near the Syrian town of Tal Abyad on Saturday.")
    assault = [e for e in article.events if e.type == "ASSAULT"]
    assert assault, [(e.type, e.trigger) for e in article.events]
    assert assault[0].actor is not None and (assault[0].actor.code or "").startswith("TUR")
    assert assault[0].cameo is not None and assault[0].cameo.startswith(("18", "19", "20"))
    assert assault[0].goldstein is not None and assault[0].goldstein < 0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "A fire in a hotel in the capital killed seventeen people on Tuesday.",
            marks=pytest.mark.xfail(strict=True, reason="known error: deaths in an accident read as ASSAULT"),
        ),
        "The museum will reopen next spring after a two-year renovation.",
        "Scientists said the comet would be visible from Europe in March.",
    ],
)
def test_learned_model_leaves_accidents_and_plain_news_alone(text: str) -> None:
    assert code(text).events == []


def test_learned_model_one_event_per_happening() -> None:
    text = (
        "Police in Lagos arrested twelve protesters on Monday. "
        "The arrests came after a march on the governor's office. "
        "Police said the twelve protesters were arrested for blocking a road."
    )
    arrests = [e for e in code(text).events if e.type == "COERCE"]
    assert len(arrests) == 1


def test_learned_model_on_the_seed_article_fixes_the_audited_codings(shared: Path) -> None:
    from brinkwatch.extract import extract

    article = extract(str(shared / "samples" / "seed-article.txt"))
    by_sentence = [(e.type, e.mode, e.evidence.sentence if e.evidence else "") for e in article.events]
    expanded = [kind for kind, _, sentence in by_sentence if "expanded its operations" in sentence]
    assert "COOPERATE" not in expanded
    assert not [kind for kind, _, sentence in by_sentence if "defend ourselves" in sentence and kind == "AID"]
    killed = [mode for kind, mode, sentence in by_sentence if "two Iranian commanders" in sentence]
    assert killed and "suicide-attack" not in killed
