"""WARC and WARC.gz archives (CC-NEWS dumps, web crawls): each HTML response becomes one item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from brinkwatch.errors import BrinkwatchError, InputError
from brinkwatch.intake.decode import MAX_BYTES, decode_bytes
from brinkwatch.intake.items import SourceItem

__all__ = ["warc_items"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_items(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[SourceItem]:
    """HTML responses of a WARC file; requests, metadata and non-HTML responses are passed over."""
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.format != "warc":
                    raise InputError(
                        f"{path}: not a readable WARC archive (found a {record.format!r} record); "
                        "pass WARC or WARC.gz files"
                    )
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                if content_type not in _HTML_TYPES or record.http_headers.get_statuscode() != "200":
                    continue
                key = record.rec_headers.get_header("WARC-Record-ID") or ""
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                meta = {"url": url, "fetched_at": record.rec_headers.get_header("WARC-Date") or ""}
                body = record.content_stream().read(max_bytes + 1)
                try:
                    html = decode_bytes(body, name=url or key, max_bytes=max_bytes)
                except BrinkwatchError as exc:
                    yield SourceItem(key, "error", str(exc), meta)
                    continue
                yield SourceItem(key, "html", html, meta)
        except ArchiveLoadFailed as exc:
            raise InputError(f"{path}: not a readable WARC archive ({exc}); check the file is complete") from exc
