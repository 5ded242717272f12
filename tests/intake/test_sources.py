from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from brinkwatch.errors import EmptyInputError, InputError, InputNotFoundError
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.sources import count_items, item_to_article, iter_items, parse_when
from brinkwatch.model import Article

STORY = "Rockets struck the airport on Sunday, officials said. No one was hurt in the attack."
PAGE = f"<html><head><title>Rockets hit airport</title></head><body><article><p>{STORY}</p></article></body></html>"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(f"Rockets hit airport\n\n{STORY}\n", encoding="utf-8")
    (folder / "sub" / "b.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def test_sources_folder_yields_text_and_html_files_recursively(tmp_path: Path) -> None:
    items = list(iter_items([str(_folder(tmp_path))]))
    assert [Path(i.payload).name for i in items] == ["a.txt", "b.html"]
    assert all(i.kind == "path" and Path(i.key).is_absolute() for i in items)
    assert count_items([str(tmp_path / "news")]) == 2


def test_sources_glob_selects_matching_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    items = list(iter_items([str(folder / "**" / "*.html")]))
    assert [Path(i.payload).name for i in items] == ["b.html"]


@pytest.mark.parametrize("source", ["missing.txt", "nothing-*.txt"])
def test_sources_missing_input_is_an_item_that_fails_and_the_rest_go_on(tmp_path: Path, source: str) -> None:
    """A missing path in the list is recorded as a failed item in its place; the sources after it are read."""
    folder = _folder(tmp_path)
    sources = [str(folder / "a.txt"), str(tmp_path / source), str(folder / "sub")]
    items = list(iter_items(sources))
    assert [i.kind for i in items] == ["path", "missing", "path"]
    missing = items[1]
    assert missing.key == (str(tmp_path / source) if "*" in source else str((tmp_path / source).resolve()))
    assert count_items(sources) == 3
    with pytest.raises(InputNotFoundError, match=source.replace("*", r"\*")):
        item_to_article(missing)


def test_sources_files_become_articles(tmp_path: Path) -> None:
    articles = [item_to_article(item) for item in iter_items([str(_folder(tmp_path))])]
    assert [a.title for a in articles] == ["Rockets hit airport", "Rockets hit airport"]
    assert all(a.text.startswith("Rockets struck the airport") for a in articles)


def _rows() -> list[dict[str, str]]:
    return [
        {"url": "https://www.example.org/one", "date": "2019-03-04", "title": "Airport hit", "text": STORY},
        {"url": "https://example.org/two", "date": "2019-03-05T08:00:00+02:00", "title": "Talks", "text": "  "},
    ]


def _write_jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_sources_jsonl_rows_carry_metadata(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    _write_jsonl(path, [json.dumps(row) for row in _rows()] + ["", "{not json"])
    items = list(iter_items([str(path)]))
    assert [i.kind for i in items] == ["text", "error", "error"]
    assert items[0].key.endswith("rows.jsonl#L1") and items[2].key.endswith("#L4")
    assert "no text in column 'text'" in items[1].payload and "not a JSON object" in items[2].payload
    article = item_to_article(items[0])
    assert article.title == "Airport hit" and article.url == "https://www.example.org/one"
    assert article.published_at == datetime(2019, 3, 4, tzinfo=UTC)
    assert article.outlet == "example.org"  # no outlet column: the site's host stands in
    assert article.text == STORY


def test_sources_error_item_raises_its_message() -> None:
    with pytest.raises(InputError, match="bad row"):
        item_to_article(SourceItem("k", "error", "bad row"))


def test_sources_csv_rows_and_custom_text_column(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["link", "published", "headline", "body", "site"])
        writer.writeheader()
        writer.writerow(
            {"link": "https://e.org/x", "published": "2020-01-02", "headline": "H", "body": STORY, "site": "E"}
        )
    (item,) = iter_items([str(path)], text_column="body")
    article = item_to_article(item)
    assert (article.url, article.title, article.outlet) == ("https://e.org/x", "H", "E")
    assert article.published_at == datetime(2020, 1, 2, tzinfo=UTC)
    assert count_items([str(path)]) == 1


def test_sources_csv_handles_bodies_over_the_csv_field_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    long_text = " ".join([STORY] * 3000)  # ~250 kB, over csv's 128 kB default field limit
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "text"], ["Long", long_text]])
    (item,) = iter_items([str(path)])
    assert item.payload == long_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-01-04", datetime(2019, 1, 4, tzinfo=UTC)),
        ("2019-01-04T10:00:00Z", datetime(2019, 1, 4, 10, tzinfo=UTC)),
        ("Fri, 04 Jan 2019 10:00:00 GMT", datetime(2019, 1, 4, 10, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_sources_dates_are_parsed(value: str | None, expected: datetime | None) -> None:
    assert parse_when(value) == expected


def _warc(path: Path, *, gz: bool) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    records = [
        ("https://example.org/story", "text/html; charset=utf-8", "200 OK", PAGE.encode()),
        ("https://example.org/logo.png", "image/png", "200 OK", b"\x89PNG...."),
        ("https://example.org/gone", "text/html", "404 Not Found", b"<html>gone</html>"),
    ]
    for url, content_type, status, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("gz", [False, True])
def test_sources_warc_html_responses_become_items(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, gz=gz)
    (item,) = iter_items([str(path)])
    assert item.kind == "html" and item.key.startswith("<urn:uuid:")
    article = item_to_article(item)
    assert article.url == "https://example.org/story" and article.text == STORY
    assert article.fetched_at is not None and count_items([str(path)]) is None


def test_sources_broken_warc_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    with pytest.raises(InputError, match="not a readable WARC"):
        list(iter_items([str(path)]))


def test_sources_wikinews_csv_dates_become_published_at(shared: Path) -> None:
    path = shared / "data" / "news" / "wikinews_2019.csv"
    items = list(iter_items([str(path)]))
    assert len(items) == count_items([str(path)]) and all(i.kind == "text" for i in items)
    first = item_to_article(items[0])
    with path.open(encoding="utf-8", newline="") as handle:
        csv.field_size_limit(2**31 - 1)
        row = next(csv.DictReader(handle))
    assert first.published_at == datetime.fromisoformat(row["date"]).replace(tzinfo=UTC)
    assert first.title == row["title"] and first.url == row["url"] and first.outlet == "en.wikinews.org"


HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "ftp://files.example/story",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_sources_only_http_urls_become_the_article_link(tmp_path: Path, url: str, kind: str) -> None:
    path = tmp_path / f"rows.{kind}"
    if kind == "jsonl":
        _write_jsonl(path, [json.dumps({"text": STORY, "url": url})])
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["text", "url"], [STORY, url]])
    (item,) = iter_items([str(path)])
    article = item_to_article(item)
    assert article.url is None and article.outlet is None
    (note,) = [e for e in article.errors if e.stage == "intake"]
    assert "not an http(s) address" in note.message and url.strip()[:10] in note.message.replace("\\t", "\t")


def test_sources_http_urls_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    _write_jsonl(path, [json.dumps({"text": STORY, "url": "HTTPS://news.example/a?b=1#c"})])
    (item,) = iter_items([str(path)])
    article = item_to_article(item)
    assert article.url == "HTTPS://news.example/a?b=1#c" and article.errors == []


FEED = (
    '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed</title>'
    "<item><title>Strike</title></item></channel></rss>\n"
)


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("one.txt", "Rockets hit the base near Erbil on Sunday\n", EmptyInputError, "only a title line"),
        (
            "broken.rss",
            '<?xml version="1.0"?><rss><channel><item><title>Strike</title><description>Rockets',
            InputError,
            "XML",
        ),
        ("feed.xml", FEED, InputError, "an RSS or Atom feed"),
    ],
)
def test_sources_files_without_article_text_fail(
    tmp_path: Path, name: str, content: str, error: type[Exception], message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [item] = iter_items([str(path)])
    with pytest.raises(error, match=message):
        item_to_article(item)


def test_sources_xml_rows_fail_too() -> None:
    with pytest.raises(InputError, match="XML"):
        item_to_article(SourceItem("rows.jsonl#L1", "text", FEED))


def _notes(article: Article, code: str | None = None) -> list[str]:
    """The article's intake notes (of one code when given)."""
    return [e.message for e in article.errors if e.stage == "intake" and code in (None, e.error)]


def test_sources_text_file_with_a_few_bad_bytes_stays_utf8_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(f"Café talks in Zürich\n\n{STORY} The “truce” held.\xa0".encode() + b"\xff\n")
    [item] = iter_items([str(path)])
    article = item_to_article(item)
    assert article.title == "Café talks in Zürich" and "“truce”" in article.text
    assert _notes(article, "Decoding") == [
        f"{path}: 1 byte that is not valid UTF-8 (the first at byte 132) was replaced with U+FFFD; the rest is UTF-8"
    ]


def test_sources_jsonl_and_csv_rows_with_bad_bytes_say_so(tmp_path: Path) -> None:
    jsonl = tmp_path / "rows.jsonl"
    good = json.dumps({"title": "Talks", "text": STORY}, ensure_ascii=False).encode()
    bad = json.dumps({"title": "Zürich talks", "text": STORY + " CAFE"}, ensure_ascii=False).encode()
    jsonl.write_bytes(good + b"\n" + bad.replace(b"CAFE", b"CAF\xc9") + b"\n")
    table = tmp_path / "rows.csv"
    table.write_bytes(b'title,text\nTalks,"' + STORY.encode() + b' CAF\xc9"\n')
    first, second, row = (item_to_article(item) for item in iter_items([str(jsonl), str(table)]))
    assert _notes(first, "Decoding") == []
    assert second.title == "Zürich talks" and second.text.endswith("CAF\ufffd")
    assert _notes(second, "Decoding") == [f"{jsonl}:2: 1 byte that is not valid UTF-8 was replaced with U+FFFD"]
    assert row.text.endswith("CAF\ufffd") and _notes(row, "Decoding") == [
        f"{table} row 1: 1 byte that is not valid UTF-8 was replaced with U+FFFD"
    ]


@pytest.mark.parametrize(
    ("text", "published", "said"),
    [
        (STORY, None, "the publication date is unknown"),
        (f"June 4, 2019\n\n{STORY}", datetime(2019, 6, 4, tzinfo=UTC), "kept the date in the text, 2019-06-04"),
    ],
)
def test_sources_bad_row_date_is_said_not_guessed(
    tmp_path: Path, text: str, published: datetime | None, said: str
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"title": "Talks", "date": "4th of June", "text": text}) + "\n", encoding="utf-8")
    [item] = iter_items([str(path)])
    article = item_to_article(item)
    assert article.published_at == published
    assert _notes(article) == [
        f"{path}:1: the date '4th of June' is not a date (write ISO 8601, e.g. 2019-06-04, or RFC 2822); {said}"
    ]


def test_sources_undated_article_keeps_its_date_unknown(tmp_path: Path) -> None:
    """Never the day it was read: the store, the series and the summary all see None."""
    folder = _folder(tmp_path)
    undated = item_to_article(next(iter_items([str(folder / "a.txt")])))
    assert undated.published_at is None and undated.fetched_at is not None and _notes(undated) == []
    dated = tmp_path / "dated.txt"
    dated.write_text(f"Talks\n\nJune 4, 2019\n\n{STORY}\n", encoding="utf-8")
    article = item_to_article(next(iter_items([str(dated)])))
    assert article.published_at == datetime(2019, 6, 4, tzinfo=UTC) and _notes(article) == []
