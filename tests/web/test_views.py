from __future__ import annotations

import pytest

from brinkwatch.model import ActorMention, Article, Event, Evidence, Sentence, Span
from brinkwatch.web.views import Segment, annotate, highlight

TEXT = "Headline here. Rebels shelled the port at dawn."
SENTENCE = "Rebels shelled the port at dawn."
START = TEXT.index(SENTENCE)


def _article() -> Article:
    return Article(
        id="x",
        text=TEXT,
        sentences=[Sentence(0, 0, 14, "Headline here."), Sentence(1, START, len(TEXT), SENTENCE)],
    )


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part))


def test_views_highlight_marks_each_role_in_the_sentence() -> None:
    evidence = Evidence(1, SENTENCE, trigger=_span("shelled"), actor=_span("Rebels"), recipient=_span("the port"))
    assert highlight(evidence, _article()) == [
        Segment("Rebels", "actor"),
        Segment(" "),
        Segment("shelled", "trigger"),
        Segment(" "),
        Segment("the port", "recipient"),
        Segment(" at dawn."),
    ]


@pytest.mark.parametrize(
    ("evidence", "marked"),
    [
        # a span outside the sentence (it points into the headline) is left unmarked, not shifted
        (Evidence(1, SENTENCE, actor=Span(0, 8), trigger=_span("shelled")), {"trigger"}),
        # overlapping spans: the earlier one wins, the later is dropped
        (Evidence(1, SENTENCE, actor=_span("Rebels shelled"), trigger=_span("shelled")), {"actor"}),
        # the sentence index is off but the sentence text is found in the article
        (Evidence(0, SENTENCE, trigger=_span("shelled")), {"trigger"}),
    ],
)
def test_views_highlight_never_guesses(evidence: Evidence, marked: set[str]) -> None:
    segments = highlight(evidence, _article())
    assert {s.role for s in segments if s.role} == marked
    assert "".join(s.text for s in segments) == SENTENCE


@pytest.mark.parametrize("article", [None, Article(id="y", text="Some other text.")])
def test_views_highlight_without_the_sentence_in_the_article_is_plain(article: Article | None) -> None:
    evidence = Evidence(1, SENTENCE, trigger=_span("shelled"))
    assert highlight(evidence, article) == [Segment(SENTENCE)]


def test_views_annotate_marks_mentions_and_triggers_with_their_event() -> None:
    article = _article()
    article.mentions = [
        ActorMention("Rebels", START, START + 6, code="REB"),
        ActorMention("the port", START + 15, START + 23),
    ]
    article.events = [Event(type="ASSAULT", evidence=Evidence(1, SENTENCE, trigger=_span("shelled")))]
    marks = [(s.text, s.role, s.note, s.event_id) for s in annotate(article) if s.role]
    assert marks == [
        ("Rebels", "mention", "REB", None),
        ("shelled", "trigger", "ASSAULT", "x-0"),
        ("the port", "uncoded", "not coded", None),
    ]
