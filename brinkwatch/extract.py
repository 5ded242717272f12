"""The main job: one source in, one Article record out, through the default pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from brinkwatch.coding.stages import actor_stage, event_stage
from brinkwatch.errors import ConfigurationError
from brinkwatch.geo.event_location import event_places_stage, event_times_stage
from brinkwatch.geo.places import places_stage
from brinkwatch.intake import read_article
from brinkwatch.intake.decode import MAX_BYTES
from brinkwatch.language.sentences import sentence_stage
from brinkwatch.model import Article
from brinkwatch.pipeline import ErrorPolicy, Pipeline, Stage
from brinkwatch.provenance.attribution import attribution_stage
from brinkwatch.provenance.quotes import quote_stage

__all__ = ["DEFAULT_CODER", "Coder", "default_pipeline", "default_stages", "extract", "process"]


Coder = Literal["rules", "model"]
# The learned coder beats the rules on the real-news gold test split (docs/evaluation.md).
DEFAULT_CODER: Coder = "model"


def default_stages(coder: Coder = DEFAULT_CODER) -> list[Stage]:
    """The stages every article goes through, in order; `coder` picks the event coder."""
    if coder == "model":
        from brinkwatch.coding.learned.stage import model_event_stage

        events: Stage = model_event_stage
    elif coder == "rules":
        events = event_stage
    else:
        raise ConfigurationError(f"unknown event coder {coder!r}: use rules or model")
    return [
        sentence_stage,
        actor_stage,
        events,
        places_stage,
        event_places_stage,
        event_times_stage,
        quote_stage,
        attribution_stage,
    ]


def default_pipeline(*, on_error: ErrorPolicy = "raise", stages: Sequence[Stage] | None = None) -> Pipeline:
    return Pipeline(list(stages) if stages is not None else default_stages(), on_error=on_error)


def process(article: Article, *, pipeline: Pipeline | None = None) -> Article:
    """Run an Article that intake already built through the pipeline."""
    return (pipeline or default_pipeline()).run(article)


def extract(
    source: str,
    *,
    pipeline: Pipeline | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = 15.0,
) -> Article:
    """Read a path, URL or '-' and run it through the pipeline."""
    article = read_article(source, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
    return process(article, pipeline=pipeline)
