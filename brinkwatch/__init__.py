"""brinkwatch: evidence-backed political event data and escalation warnings from the news."""

from __future__ import annotations

__version__ = "0.1.0"

from brinkwatch.errors import BrinkwatchError
from brinkwatch.extract import default_pipeline, extract, process
from brinkwatch.intake import article_from_text, read_article
from brinkwatch.model import Article, Event
from brinkwatch.pipeline import Pipeline, stage
from brinkwatch.serialize import from_dict, from_json, to_dict, to_json

__all__ = [
    "Article",
    "BrinkwatchError",
    "Event",
    "Pipeline",
    "__version__",
    "article_from_text",
    "default_pipeline",
    "extract",
    "from_dict",
    "from_json",
    "process",
    "read_article",
    "stage",
    "to_dict",
    "to_json",
]
