from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from brinkwatch.coding import stages
from brinkwatch.coding.stages import actor_stage, code_article, event_stage
from brinkwatch.language.parse import clear_cache
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Article

Spec = list[tuple[str, str, int, str]]

# "Syrian forces killed two Iranian commanders in Homs" (heads are 1-based; 0 is the root)
KILLED_IN_HOMS: Spec = [
    ("Syrian", "ADJ", 2, "amod"),
    ("forces", "NOUN", 3, "nsubj"),
    ("killed", "VERB", 0, "ROOT"),
    ("two", "NUM", 6, "nummod"),
    ("Iranian", "ADJ", 6, "amod"),
    ("commanders", "NOUN", 3, "obj"),
    ("in", "ADP", 8, "case"),
    ("Homs", "PROPN", 3, "obl"),
]


def _article(doc: Any) -> Article:
    article = Article("a1", doc.text, published_at=datetime(2019, 8, 23, tzinfo=UTC))
    article.sentences = split_sentences(article.text)
    return article


def test_stages_events_carry_plover_cameo_and_evidence(make_doc: Callable[[Spec], Any], dictionary: Any) -> None:
    doc = make_doc(KILLED_IN_HOMS)
    coding = code_article(_article(doc), doc, dictionary=dictionary)
    (event,) = coding.events
    assert (event.type, event.quad_class, event.dead) == ("ASSAULT", 4, 2)
    assert event.cameo is not None and event.cameo.startswith("19") and event.goldstein is not None
    assert event.actor is not None and (event.actor.code, event.actor.text) == ("SYRMIL", "Syrian forces")
    assert event.recipient is not None and event.recipient.code == "IRNMIL"
    assert event.where is not None and event.where.text == "Homs"
    assert event.evidence is not None and event.evidence.sentence_index == 0
    trigger = event.evidence.trigger
    assert trigger is not None and doc.text[trigger.start : trigger.end] == "killed"
    assert len(event.id) == 16 and event.id == code_article(_article(doc), doc, dictionary=dictionary).events[0].id
    assert [(m.text, m.code) for m in coding.mentions] == [
        ("Syrian forces", "SYRMIL"),
        ("two Iranian commanders", "IRNMIL"),
        ("Homs", "SYR"),
    ]


def test_stages_without_a_model_warn_once_and_code_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("BRINKWATCH_MODEL", str(tmp_path))
    monkeypatch.setattr(stages, "_warned", [])
    clear_cache()
    for name in ("a2", "a3"):
        article = Article(name, f"Rebels attacked the town {name}.")
        article.sentences = split_sentences(article.text)
        article = event_stage(actor_stage(article))
        assert article.events == [] and article.mentions == [] and article.errors == []
    warnings = [r for r in caplog.records if r.name == "brinkwatch.coding"]
    assert len(warnings) == 1 and "BRINKWATCH_MODEL" in warnings[0].getMessage()
