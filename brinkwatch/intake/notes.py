"""Intake notes: what reading an input changed or could not tell, kept on the article it became.

A note is a `StageError` of the stage "intake" (so the store keeps it, `articles --with-errors` and
the article page show it) with a short code: `Decoding` (bytes replaced, a legacy codec), `BadDate`
(a date column that is no date), `NoDate` (no publication date anywhere).
"""

from __future__ import annotations

from brinkwatch.model import Article, StageError

__all__ = ["INTAKE", "add_note", "note_date"]

INTAKE = "intake"


def add_note(article: Article, code: str, message: str) -> Article:
    """Add a note once: an article read and then given its metadata again must not say it twice."""
    if not any(e.stage == INTAKE and e.error == code and e.message == message for e in article.errors):
        article.errors.append(StageError(stage=INTAKE, error=code, message=message))
    return article


def note_date(article: Article) -> Article:
    """Say when an article has no publication date: it stays unknown (never the day it was read), and
    its events are dated only where the text says when. A date given later takes the note back."""
    article.errors = [e for e in article.errors if not (e.stage == INTAKE and e.error == "NoDate")]
    if article.published_at is None and not any(e.stage == INTAKE and e.error == "BadDate" for e in article.errors):
        add_note(
            article,
            "NoDate",
            "no publication date in the metadata or the text; its events are dated only where the text says "
            "when, and are left out of time series otherwise",
        )
    return article
