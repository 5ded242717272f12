from __future__ import annotations

import pytest

from brinkwatch.errors import PipelineError
from brinkwatch.model import Article, Sentence
from brinkwatch.pipeline import Pipeline, stage


@stage("sentences", requires={"text"}, assigns={"sentences"})
def _sentences(article: Article) -> Article:
    article.sentences = [Sentence(0, 0, len(article.text), article.text)]
    return article


@stage("events", requires={"sentences"}, assigns={"events"})
def _events(article: Article) -> Article:
    return article


@stage("broken", requires={"text"}, assigns={"mentions"})
def _broken(article: Article) -> Article:
    raise ValueError("cannot read this")


@stage("needs_mentions", requires={"mentions"}, assigns={"quotes"})
def _needs_mentions(article: Article) -> Article:
    return article


def test_pipeline_runs_stages_in_order() -> None:
    article = Pipeline([_sentences, _events]).run(Article(id="a", text="Hello."))
    assert article.sentences[0].text == "Hello."


def test_pipeline_misordered_fails_at_build_naming_the_missing_input() -> None:
    with pytest.raises(PipelineError, match=r"'events' requires 'sentences' \(assigned by 'sentences', which must"):
        Pipeline([_events, _sentences])


def test_pipeline_missing_producer_fails_at_build() -> None:
    with pytest.raises(PipelineError, match="assigned by no stage"):
        Pipeline([_events])


def test_pipeline_duplicate_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([_sentences, _sentences])


def test_pipeline_non_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="not a stage"):
        Pipeline([print])  # type: ignore[list-item]


def test_pipeline_raise_policy_wraps_the_error_with_stage_and_article() -> None:
    with pytest.raises(PipelineError, match="stage 'broken' failed on article 'a'"):
        Pipeline([_broken]).run(Article(id="a", text="x"))


def test_pipeline_record_policy_keeps_going_and_skips_dependents() -> None:
    pipeline = Pipeline([_broken, _sentences, _needs_mentions], on_error="record")
    article = pipeline.run(Article(id="a", text="x"))
    assert [(e.stage, e.error) for e in article.errors] == [("broken", "ValueError"), ("needs_mentions", "Skipped")]
    assert article.sentences, "an independent stage still ran"


def test_pipeline_unknown_policy_is_refused() -> None:
    with pytest.raises(PipelineError, match="error policy"):
        Pipeline([_sentences], on_error="ignore")  # type: ignore[arg-type]
