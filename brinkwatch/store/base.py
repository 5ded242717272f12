"""The one Store interface every backend implements, and the small records it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple, Protocol

from brinkwatch.model import Article, EventRecord
from brinkwatch.store.query import ActorCount, ArticleQuery, EventQuery, StoredArticle
from brinkwatch.store.rows import StoryLink

__all__ = ["AddResult", "Failure", "FeedState", "Signature", "SignatureIndex", "Store", "StoryStats"]

AddResult = Literal["added", "exists"]


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a feed answered last time, for conditional GET (ETag / Last-Modified)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: datetime | None = None
    status: int | None = None
    error: str | None = None


class Failure(NamedTuple):
    """An input that did not become an article, as the failures table keeps it (the latest try)."""

    source_key: str
    error: str  # the error class, e.g. InputNotFoundError
    message: str
    failed_at: datetime


@dataclass(frozen=True, slots=True)
class Signature:
    article_id: str
    story_id: str
    values: bytes
    seq: int | None = None  # the article's place in the store's write order (None: stored before it had one)


class SignatureIndex(Protocol):
    """A writer's in-memory near-duplicate index, which the store brings up to date inside each write.

    Another process may store articles between two of this writer's writes; without them in the index
    a copy of one would start its own story and its events would count twice.
    """

    @property
    def seen(self) -> int:
        """The highest write order number indexed so far (0 for none)."""
        ...

    def catch_up(self, signatures: Iterable[Signature]) -> None:
        """Index the signatures of articles stored after `seen`, in write order."""
        ...


@dataclass(frozen=True, slots=True)
class StoryStats:
    """How many articles and distinct outlets carry a story (copies included)."""

    articles: int
    outlets: int


class Store(Protocol):
    """Where articles and everything coded from them live. Writes are per article and atomic."""

    @property
    def url(self) -> str: ...

    def add(
        self,
        article: Article,
        *,
        source_key: str,
        link: Callable[[], StoryLink],
        signature: bytes | None = None,
        index: SignatureIndex | None = None,
    ) -> AddResult:
        """Store an article with all its records in one transaction, or only a sighting if its id is known.

        `link` is called inside the transaction, only for a new article, to pick its story; before it,
        `index` is given the signatures other writers stored since it last saw the store. Writers of
        new articles take turns, so the check and the insert are one step for every writer.
        """
        ...

    def add_failure(self, source_key: str, error: str, message: str) -> None: ...

    def known_sources(self) -> set[str]:
        """Source keys already stored as an article; a rerun skips them (and tries failed ones again)."""
        ...

    def signatures(self) -> Iterator[Signature]: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def events(self, query: EventQuery) -> Iterator[EventRecord]: ...

    def articles(self, query: ArticleQuery) -> Iterator[StoredArticle]: ...

    def actors(self) -> list[ActorCount]: ...

    def story_stats(self) -> dict[str, StoryStats]: ...

    def failures(self) -> list[Failure]:
        """Inputs that did not become an article, by source key; storing one later removes its row."""
        ...

    def feed_state(self, url: str) -> FeedState: ...

    def save_feed_state(self, state: FeedState) -> None: ...

    def counts(self) -> dict[str, int]:
        """Rows per table: the quick check that a rerun lost and duplicated nothing."""
        ...

    def close(self) -> None: ...
