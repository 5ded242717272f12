"""The REST API and the dashboard in one FastAPI app, over a read-side `Repository`.

JSON lives under /api (its OpenAPI spec at /api/openapi.json), the dashboard
pages at /, their assets at /static. Every error is a problem document. The app is read-only unless
built with `read_only=False`, and then every write (`POST /api/extract`) needs the API token.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, StrictBool
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp

from brinkwatch import __version__
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Alert, Article, DyadDay, EventRecord, Story
from brinkwatch.web.coder import DEFAULT_SECONDS, MAX_TEXT_CHARS, ClientGone, Coders, CodingTimeout, ExtractJob
from brinkwatch.web.limits import DEFAULT_MAX_BODY_BYTES, BodySizeLimit
from brinkwatch.web.pages import install_pages
from brinkwatch.web.params import Code, Day, Limit, Offset, Timestamp, event_query
from brinkwatch.web.problems import Problem, document_problems, install_problem_handlers
from brinkwatch.web.repository import (
    ActorSummary,
    AlertQuery,
    ArticleQuery,
    ArticleSummary,
    DyadLink,
    EventQuery,
    Page,
    Repository,
    WritableRepository,
)
from brinkwatch.web.security import Guard
from brinkwatch.web.views import EventDetail, event_detail, network_window

__all__ = ["ExtractRequest", "create_app"]

T = TypeVar("T")
WINDOW_HEADER = "X-Brinkwatch-Window"
_WINDOW_DOC = "The event dates the network covers when the request named none: FIRST/LAST, YYYY-MM-DD."
# Module level: with postponed annotations FastAPI resolves `Depends(BEARER)` from this module's globals.
BEARER = HTTPBearer(auto_error=False, description="The token the server was started with.")


class ExtractRequest(BaseModel):
    """An article to code: its text (plain or HTML) and what the caller knows about it."""

    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=r"\S",
        description=f"The article body, plain text or HTML; at most {MAX_TEXT_CHARS:,} characters (split longer ones).",
    )
    url: str | None = Field(
        default=None,
        max_length=2048,
        description="The article's http(s) address; any other is kept as a note on the article, not as its link.",
    )
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    published_at: Timestamp | None = None
    store: StrictBool = Field(default=True, description="Keep the coded article in the repository.")


class Health(BaseModel):
    status: str
    version: str
    read_only: bool


def _found(value: T | None, kind: str, key: str, listing: str) -> T:
    if value is None:
        raise Problem(404, "Not found", f"no {kind} {key!r} in this repository; {listing} lists them")
    return value


def _api_router(repository: Repository) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/articles", response_model=Page[ArticleSummary], tags=["articles"])
    def list_articles(
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        story_id: Annotated[str | None, Query(max_length=128)] = None,
        since: Day | None = None,
        until: Day | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ArticleSummary]:
        """Articles, newest first, without their text."""
        query = ArticleQuery(outlet=outlet, story_id=story_id, since=since, until=until, limit=limit, offset=offset)
        return repository.articles(query)

    @router.get("/articles/{article_id}", response_model=Article, tags=["articles"])
    def get_article(article_id: str) -> Article:
        """One article with its sentences, mentions, events and quotes."""
        return _found(repository.article(article_id), "article", article_id, "/api/articles")

    @router.get("/events", response_model=Page[EventRecord], tags=["events"])
    def list_events(query: Annotated[EventQuery, Depends(event_query)]) -> Page[EventRecord]:
        """Events with the article they were read from, filtered like `brinkwatch events`."""
        return repository.events(query)

    @router.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
    def get_event(event_id: str) -> EventDetail:
        """One event: its highlighted sentence, claim chain and certainty, and every report of it."""
        return _found(event_detail(repository, event_id), "event", event_id, "/api/events")

    @router.get("/actors", response_model=Page[ActorSummary], tags=["actors"])
    def list_actors(limit: Limit = 50, offset: Offset = 0) -> Page[ActorSummary]:
        return repository.actors(limit=limit, offset=offset)

    @router.get("/actors/{code}", response_model=ActorSummary, tags=["actors"])
    def get_actor(code: str) -> ActorSummary:
        return _found(repository.actor(code), "actor", code, "/api/actors")

    @router.get(
        "/network",
        response_model=list[DyadLink],
        tags=["actors"],
        responses={200: {"headers": {WINDOW_HEADER: {"description": _WINDOW_DOC, "schema": {"type": "string"}}}}},
    )
    def network(query: Annotated[EventQuery, Depends(event_query)], response: Response) -> list[DyadLink]:
        """Directed actor pairs among the filtered events (paging parameters are ignored).

        Without `since` and `until`, the newest 90 days up to the latest event (the whole collection
        is a full scan); pass either to choose the window.
        """
        query, window = network_window(repository, query)
        if window is not None:
            response.headers[WINDOW_HEADER] = f"{window[0].isoformat()}/{window[1].isoformat()}"
        return repository.network(query)

    @router.get("/stories", response_model=Page[Story], tags=["stories"])
    def list_stories(limit: Limit = 50, offset: Offset = 0) -> Page[Story]:
        return repository.stories(limit=limit, offset=offset)

    @router.get("/stories/{story_id}", response_model=Story, tags=["stories"])
    def get_story(story_id: str) -> Story:
        return _found(repository.story(story_id), "story", story_id, "/api/stories")

    @router.get("/dyads/{actor}/{recipient}/series", response_model=list[DyadDay], tags=["escalation"])
    def dyad_series(actor: str, recipient: str, since: Day | None = None, until: Day | None = None) -> list[DyadDay]:
        """The escalation series of one directed actor pair, oldest day first."""
        return repository.dyad_series(actor, recipient, since=since, until=until)

    @router.get("/alerts", response_model=list[Alert], tags=["escalation"])
    def list_alerts(
        actor: Code = None, recipient: Code = None, since: Day | None = None, until: Day | None = None
    ) -> list[Alert]:
        """Escalation alerts, newest first."""
        return repository.alerts(AlertQuery(actor=actor, recipient=recipient, since=since, until=until))

    return router


async def _client_gone(request: Request) -> None:
    """Returns when the client closes the connection (the body has been read: the next message says so)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _write_router(repository: Repository, api_token: str | None, read_only: bool, coders: Coders | None) -> APIRouter:
    router = APIRouter(prefix="/api")

    def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> None:
        if read_only or api_token is None:
            raise Problem(
                403, "Read-only server", "this server does not accept writes; start it with a token to allow them"
            )
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), api_token.encode()):
            raise Problem(
                401,
                "Unauthorised",
                "send the server's API token as 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    @router.post("/extract", response_model=Article, tags=["extract"], dependencies=[Depends(authorised)])
    async def extract(request: Request, body: ExtractRequest) -> Article:
        """Code one article now: intake, then every default pipeline stage (failures are recorded on it).

        The work runs in a child process, within the server's time limit (503 past it), and stops when
        the client closes the connection.
        """
        if body.store and not hasattr(repository, "add_article"):
            raise Problem(403, "Read-only repository", "this repository cannot store articles; send store=false")
        if coders is None:  # authorised() refuses writes on such a server before this runs
            raise Problem(403, "Read-only server", "this server does not accept writes")
        job = ExtractJob(body.text, url=body.url, outlet=body.outlet, title=body.title, published_at=body.published_at)
        try:
            article: Article = await coders.run(job, gone=_client_gone(request))
        except CodingTimeout as exc:
            raise Problem(503, "Coding took too long", str(exc)) from exc
        except ClientGone as exc:
            # Nobody reads this answer; 499 (nginx's "client closed request") keeps the server log honest.
            raise Problem(499, "Client closed the request", str(exc)) from exc
        if body.store:
            writable: WritableRepository = repository  # type: ignore[assignment]
            await run_in_threadpool(writable.add_article, article)  # a store write may wait on a lock
        return article

    return router


class _GuardedApp(FastAPI):
    """FastAPI with `Guard` outside its error handling, so a 500 also carries the security headers."""

    allowed_hosts: tuple[str, ...] = ()

    def build_middleware_stack(self) -> ASGIApp:
        return Guard(super().build_middleware_stack(), self.allowed_hosts)


def create_app(
    repository: Repository,
    *,
    api_token: str | None = None,
    read_only: bool = True,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Iterable[str] = (),
    extract_seconds: float = DEFAULT_SECONDS,
    extract_processes: int = 1,
) -> FastAPI:
    """The API and the dashboard over `repository`. Writes need `read_only=False` and an `api_token`.

    The app answers requests whose Host is a loopback name or one of `allowed_hosts` ("*" for any,
    behind a proxy that checks it); any other Host gets a 400 (see web/security.py). A writable app codes
    `POST /api/extract` texts in up to `extract_processes` child processes, each request stopped after
    `extract_seconds` or when its client leaves (see web/coder.py).
    """
    if not read_only and not api_token:
        raise ConfigurationError(
            "a writable server needs an API token: pass api_token=... (brinkwatch serve reads BRINKWATCH_API_TOKEN)"
        )
    coders = None if read_only else Coders(processes=extract_processes, seconds=extract_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if coders is not None:  # shutting down: stop every coding child, busy ones included
                coders.close()

    app = _GuardedApp(
        lifespan=lifespan,
        title="brinkwatch",
        version=__version__,
        description="Evidence-backed political event data and escalation warnings from the news.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads its assets from a CDN; the dashboard promises none
        redoc_url=None,
    )
    app.allowed_hosts = tuple(allowed_hosts)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    install_problem_handlers(app)

    @app.get("/api/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        return Health(status="ok", version=__version__, read_only=read_only)

    app.include_router(_api_router(repository))
    app.include_router(_write_router(repository, api_token, read_only, coders))
    install_pages(app, repository)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(
                get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
