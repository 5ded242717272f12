"""The shared parse: batched for announced articles, one at a time otherwise, entities skipped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from brinkwatch.language import parse
from brinkwatch.model import Article


class CountingNlp:
    """Stands in for the spaCy pipeline: records how it was called and what it was told to skip."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple[str, list[str], tuple[str, ...]]] = []
        self.fail_on = fail_on

    def _doc(self, text: str) -> Any:
        if self.fail_on and self.fail_on in text:
            raise ValueError(f"cannot parse {text!r}")
        return f"doc:{text}"

    def __call__(self, text: str, disable: tuple[str, ...] = ()) -> Any:
        self.calls.append(("call", [text], tuple(disable)))
        return self._doc(text)

    def pipe(self, texts: list[str], disable: tuple[str, ...] = (), batch_size: int = 1) -> Iterator[Any]:
        self.calls.append(("pipe", list(texts), tuple(disable)))
        for text in texts:
            yield self._doc(text)


@pytest.fixture()
def nlp(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingNlp]:
    fake = CountingNlp()
    monkeypatch.setattr(parse, "load_nlp", lambda: fake)
    parse.clear_cache()
    yield fake
    parse.clear_cache()


def articles(count: int) -> list[Article]:
    return [Article(id=f"a{n}", text=f"Story number {n}.") for n in range(count)]


def test_parse_announced_articles_are_parsed_in_one_batch(nlp: CountingNlp) -> None:
    chunk = articles(3)
    parse.expect(chunk)
    assert nlp.calls == []  # announcing parses nothing: a pipeline without parsing stages never loads the model
    docs = [parse.parse_article(article) for article in reversed(chunk)]
    assert docs == ["doc:Story number 2.", "doc:Story number 1.", "doc:Story number 0."]
    assert nlp.calls == [("pipe", [a.text for a in chunk], ("ner",))]


def test_parse_unannounced_article_is_parsed_alone_and_cached(nlp: CountingNlp) -> None:
    article = articles(1)[0]
    assert parse.parse_article(article) == parse.parse_article(article) == "doc:Story number 0."
    assert nlp.calls == [("pipe", ["Story number 0."], ("ner",))]


def test_parse_a_failing_batch_falls_back_to_one_article_at_a_time(nlp: CountingNlp) -> None:
    nlp.fail_on = "number 1"
    chunk = articles(3)
    parse.expect(chunk)
    assert parse.parse_article(chunk[0]) == "doc:Story number 0."
    with pytest.raises(ValueError, match="number 1"):
        parse.parse_article(chunk[1])  # the bad text fails on its own ...
    assert parse.parse_article(chunk[2]) == "doc:Story number 2."  # ... and the rest still parse


def test_parse_refuses_more_announced_articles_than_the_cache_holds(nlp: CountingNlp) -> None:
    with pytest.raises(ValueError, match=f"at most {parse.CACHE_SIZE}"):
        parse.expect(articles(parse.CACHE_SIZE + 1))


def test_parse_forgets_announced_articles_when_a_chunk_ends(nlp: CountingNlp) -> None:
    chunk = articles(2)
    parse.expect(chunk)
    parse.clear_expected()
    parse.parse_article(chunk[1])
    assert nlp.calls == [("pipe", ["Story number 1."], ("ner",))]


def test_parse_long_text_is_parsed_in_pieces_at_paragraph_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "PIECE_CHARACTERS", 120)
    paragraphs = [f"Paragraph {n} says that the talks in Vienna went on for a {n}th day.\n\n" for n in range(6)]
    text = "".join(paragraphs) + "The end."
    whole = parse.parse_texts([text])[0]
    assert whole.text == text  # the joined Doc has exactly the article's text, so offsets hold
    assert len(list(whole.sents)) >= 7 and whole.has_annotation("DEP")
    for sentence in whole.sents:  # no sentence runs across a paragraph break
        assert "\n\n" not in sentence.text.strip()
    assert [len(piece) <= 120 for piece in parse._pieces(text)] == [True] * len(parse._pieces(text))
    assert "".join(parse._pieces(text)) == text


def test_parse_with_the_shipped_model_has_a_dependency_parse_and_no_entities() -> None:
    parse.clear_cache()
    doc = parse.parse_article(Article(id="m", text="Israeli jets struck a depot near Baghdad on Sunday."))
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
    assert not doc.has_annotation("ENT_IOB")
    parse.clear_cache()
