"""Batch inputs: folders and globs of .txt/.html files, JSONL and CSV rows, WARC archives, page URLs.

`iter_items(sources)` turns what the user named into `SourceItem`s, lazily, in the main process; each
item has a stable `key` (path, path#row, WARC record id, URL) that the store remembers, so a rerun
skips what is stored. `item_to_article(item)` does the reading and cleaning, in a worker.
"""

from __future__ import annotations

import csv
import glob
import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brinkwatch.errors import InputError, InputNotFoundError
from brinkwatch.intake import looks_like_html, read_article, refuse_xml
from brinkwatch.intake.decode import MAX_BYTES, count_escaped, decode_bytes, replace_escaped, replaced_bytes_note
from brinkwatch.intake.html import parse_html
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.notes import add_note
from brinkwatch.intake.plaintext import parse_plain_text
from brinkwatch.intake.urls import set_url
from brinkwatch.model import Article

__all__ = ["TEXT_SUFFIXES", "count_items", "item_to_article", "iter_items", "parse_when"]

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
_TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
_WARC_SUFFIXES = (".warc", ".warc.gz")
# Metadata columns of JSONL/CSV rows, by the names datasets use for them.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published_at": ("published_at", "date", "published", "publish_date", "datetime", "pubdate"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "domain"),
    "byline": ("byline", "author", "authors"),
}
_GLOB = set("*?[")


def iter_items(sources: Iterable[str], *, text_column: str = "text") -> Iterator[SourceItem]:
    """The items of every source, in order; a source that names no file is a "missing" item in its place."""
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield SourceItem(source, "url", source)
            continue
        try:
            paths = _expand(source)
        except InputNotFoundError as exc:
            yield _missing(source, exc)
            continue
        for path in paths:
            yield from _items_of(path, text_column)


def _missing(source: str, exc: InputNotFoundError) -> SourceItem:
    """Keyed as a file of that path would be, so a rerun after the file appears clears the failure."""
    key = source if _GLOB & set(source) else str(Path(source).resolve())
    return SourceItem(key, "missing", str(exc))


def count_items(sources: Iterable[str]) -> int | None:
    """How many items `iter_items` will yield, when a quick pass can tell (None for WARC archives)."""
    total = 0
    for source in sources:
        try:
            paths = [] if source.startswith(("http://", "https://")) else _expand(source)
        except InputNotFoundError:
            paths = []
        if not paths:  # a URL, or a missing source: one item either way
            total += 1
            continue
        for path in paths:
            name = path.name.lower()
            if name.endswith(_WARC_SUFFIXES):
                return None
            if name.endswith(".csv"):
                with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                    total += sum(1 for _ in _csv_rows(handle))
            elif name.endswith((".jsonl", ".ndjson")):
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


def _expand(source: str) -> list[Path]:
    if _GLOB & set(source):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        paths = [p for p in matches if p.is_file()]
        if not paths:
            raise InputNotFoundError(f"{source}: the pattern matches no file; check it, and quote it for the shell")
        return paths
    path = Path(source)
    if path.is_dir():
        suffixes = TEXT_SUFFIXES + _TABLE_SUFFIXES + _WARC_SUFFIXES
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes))
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file or folder; check the path (relative to {Path.cwd()})")
    return [path]


def _items_of(path: Path, text_column: str) -> Iterator[SourceItem]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson")):
        yield from _jsonl_items(path, text_column)
    elif name.endswith(".csv"):
        yield from _csv_items(path, text_column)
    elif name.endswith(_WARC_SUFFIXES):
        from brinkwatch.intake.warc import warc_items  # warcio is only imported for archives

        yield from warc_items(path)
    else:
        yield SourceItem(str(path.resolve()), "path", str(path))


def _jsonl_items(path: Path, text_column: str) -> Iterator[SourceItem]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            key, where = f"{path.resolve()}#L{number}", f"{path}:{number}"
            notes: tuple[str, ...] = ()
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:  # a few bad bytes in one row: keep the row, replace them, say so
                escaped = raw.decode("utf-8", errors="surrogateescape")
                line, notes = replace_escaped(escaped), (replaced_bytes_note(where, count_escaped(escaped)),)
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield SourceItem(key, "error", f"{where}: not a JSON object ({exc.msg}); fix or drop the line")
                continue
            yield _row_item(row, key, where, text_column, notes)


def _csv_rows(handle: Iterable[str]) -> Iterator[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies are far over csv's 128 KiB default
    yield from csv.DictReader(handle)


def _csv_items(path: Path, text_column: str) -> Iterator[SourceItem]:
    # surrogateescape keeps each bad byte as one lone surrogate, so a row can say how many it had.
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        for number, row in enumerate(_csv_rows(handle), start=1):
            where = f"{path} row {number}"
            bad = sum(count_escaped(value) for value in row.values() if isinstance(value, str))
            notes: tuple[str, ...] = ()
            if bad:
                row = {k: replace_escaped(v) if isinstance(v, str) else v for k, v in row.items()}
                notes = (replaced_bytes_note(where, bad),)
            yield _row_item(row, f"{path.resolve()}#R{number}", where, text_column, notes)


def _row_item(row: Any, key: str, where: str, text_column: str, notes: tuple[str, ...] = ()) -> SourceItem:
    if not isinstance(row, dict):
        return SourceItem(key, "error", f"{where}: expected an object with a {text_column!r} field")
    text = row.get(text_column)
    if not isinstance(text, str) or not text.strip():
        known = ", ".join(sorted(str(k) for k in row)) or "none"
        return SourceItem(
            key, "error", f"{where}: no text in column {text_column!r} (columns: {known}); pass --text-column"
        )
    meta: dict[str, str] = {}
    lowered = {str(k).lower(): v for k, v in row.items()}
    for name, candidates in _COLUMNS.items():
        for candidate in candidates:
            value = lowered.get(candidate)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if value not in (None, "") and candidate != text_column:
                meta[name] = str(value)
                break
    return SourceItem(key, "text", text, meta, notes)


def parse_when(value: str | None) -> datetime | None:
    """ISO 8601 dates and datetimes and RFC 2822 dates (feeds); a date alone is midnight UTC."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def item_to_article(item: SourceItem, *, max_bytes: int = MAX_BYTES, timeout: float = 15.0) -> Article:
    """Read one item into a clean Article; failures raise BrinkwatchError subclasses."""
    if item.kind == "error":
        raise InputError(item.payload)
    if item.kind == "missing":
        raise InputNotFoundError(item.payload)
    if item.kind in ("path", "url"):
        article = read_article(item.payload, max_bytes=max_bytes, timeout=timeout)
    elif item.kind == "html":
        article = parse_html(item.payload, url=item.meta.get("url"), source=item.key)
    else:
        text = decode_bytes(item.payload.encode("utf-8"), name=item.key, max_bytes=max_bytes)
        if looks_like_html(text):
            article = parse_html(text, url=item.meta.get("url"), source=item.key)
        else:
            refuse_xml(text, item.key)
            # A title given beside the text is passed in, so the first line is not taken for one.
            article = parse_plain_text(text, title=item.meta.get("title"), url=item.meta.get("url"), source=item.key)
    for note in item.notes:
        add_note(article, "Decoding", note)
    return _apply_meta(article, item.meta, item.key)


def _host(url: str | None) -> str | None:
    """The site an article came from when nothing names its outlet: en.wikinews.org, not nothing."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _apply_meta(article: Article, meta: dict[str, str], key: str) -> Article:
    """Metadata given beside the text wins over what was guessed from the text itself."""
    article.title = meta.get("title") or article.title
    set_url(article, meta.get("url"))  # an http(s) URL wins; any other is kept as a note, never a link
    article.outlet = meta.get("outlet") or article.outlet or _host(article.url)
    article.byline = meta.get("byline") or article.byline
    given = meta.get("published_at")
    published = parse_when(given)
    if given and published is None:
        # Said, not guessed: the row's date is no date, so the text's own (if any) stands, and the note says so.
        kept = (
            f"kept the date in the text, {article.published_at.date().isoformat()}"
            if article.published_at
            else "the publication date is unknown"
        )
        add_note(
            article,
            "BadDate",
            f"{_where(key)}: the date {given!r} is not a date (write ISO 8601, e.g. 2019-06-04, or RFC 2822); {kept}",
        )
    article.published_at = published or article.published_at
    fetched = parse_when(meta.get("fetched_at"))
    article.fetched_at = fetched or article.fetched_at
    return article


def _where(key: str) -> str:
    """A row's key as the user reads it: /abs/rows.jsonl#L2 -> rows.jsonl:2, #R3 -> row 3."""
    path, _, row = key.partition("#")
    if row.startswith("L"):
        return f"{path}:{row[1:]}"
    if row.startswith("R"):
        return f"{path} row {row[1:]}"
    return key
