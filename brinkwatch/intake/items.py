"""The unit of batch intake: one article to read, as `sources` and `warc` hand it to the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ItemKind", "SourceItem"]

ItemKind = Literal["path", "url", "text", "html", "error", "missing"]


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One article to read: a file or URL, or text already in hand with its metadata."""

    key: str
    kind: ItemKind
    # path or URL for "path"/"url"; the text or HTML itself; the message for "error" and "missing" (a path
    # or pattern that names no file: recorded as a failure in its place so the rest of the batch goes on)
    payload: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what reading the row changed (bytes replaced), for the article's intake notes
