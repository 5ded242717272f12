"""Intake notes: what reading an input changed or could not tell, kept on the article it became.

A note is a `StageError` of the stage "intake" (so the store keeps it, `articles --with-errors` and
the article page show it) with a short code: `Decoding` (bytes replaced, a legacy codec), `BadDate`
(a date column that is no date). A missing publication date gets no note: `published_at` stays
None, which says it, and every undated article would otherwise be listed among those with errors.
"""

from __future__ import annotations

from brinkwatch.model import Article, StageError

__all__ = ["INTAKE", "add_note"]

INTAKE = "intake"


def add_note(article: Article, code: str, message: str) -> Article:
    """Add a note once: an article read and then given its metadata again must not say it twice."""
    if not any(e.stage == INTAKE and e.error == code and e.message == message for e in article.errors):
        article.errors.append(StageError(stage=INTAKE, error=code, message=message))
    return article
