"""The dashboard: server-rendered Jinja2 pages over the same Repository the API reads.

Lists, the event page and the article page are plain HTML (they work without JavaScript); the dyad
chart, the actor network and the map are SVG drawn by small local scripts from JSON embedded in the
page, so no page loads anything from outside this server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from brinkwatch.intake.urls import web_url
from brinkwatch.model import Certainty
from brinkwatch.serialize import to_dict
from brinkwatch.web.params import Day, EventType, Offset, event_query
from brinkwatch.web.problems import Problem
from brinkwatch.web.repository import AlertQuery, ArticleQuery, EventQuery, EventSort, Repository
from brinkwatch.web.views import annotate, event_detail, network_window

EVIDENCE_SHOWN = 3  # driving events shown under each alert on /alerts; the dyad page has the rest

__all__ = ["STATIC", "TEMPLATES", "install_pages", "local_path"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
SORT_LABELS = {
    EventSort.DATE_DESC.value: "newest first",
    EventSort.DATE.value: "oldest first",
    EventSort.CERTAINTY.value: "most certain first",
    EventSort.CERTAINTY_DESC.value: "least certain first",
    EventSort.GOLDSTEIN.value: "most conflictual first",
    EventSort.GOLDSTEIN_DESC.value: "most cooperative first",
}
MAP_LIMIT = 2000  # points on the map; more would only hide each other at this scale
NETWORK_LIMIT = 60  # edges in the network; the strongest pairs first


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(
        certainties=[c.value for c in Certainty],
        sorts=SORT_LABELS,
        quad_names=QUAD_NAMES,
    )
    templates.env.filters["day"] = lambda value: value.isoformat()[:10] if value else "date unknown"
    # An article's address is a link only when it is http(s): stores written before intake refused
    # javascript: addresses may still hold one. Autoescaping handles the rest of the markup.
    templates.env.filters["web_url"] = web_url
    return templates


def install_pages(app: FastAPI, repository: Repository) -> None:
    templates = _templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def drop_blank_filters(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # A filter form sends its empty fields as "actor=&type=": redirect to the URL without them,
        # so the pages share the API's strict parameters and the address bar stays readable.
        params = request.query_params
        blank = [key for key, value in params.multi_items() if value == ""]
        if blank and request.method == "GET" and not request.url.path.startswith(("/api/", "/static/")):
            kept = urlencode([(k, v) for k, v in params.multi_items() if v != ""])
            # The decoded path: "/%2F%2Fevil.example" is "//evil.example" once a browser follows it.
            path = local_path(request.scope["path"])
            return RedirectResponse(path + (f"?{kept}" if kept else ""), status_code=303)
        return await call_next(request)

    def render(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def feed(request: Request, query: Annotated[EventQuery, Depends(event_query)]) -> HTMLResponse:
        page = repository.events(query)
        params = {k: v for k, v in request.query_params.items() if k != "offset" and v}

        def link(offset: int) -> str:
            return "/?" + urlencode({**params, "offset": offset})

        previous = link(max(query.offset - query.limit, 0)) if query.offset > 0 else None
        more = query.offset + query.limit < page.total or not page.total_exact
        following = link(query.offset + query.limit) if more and len(page.items) == query.limit else None
        return render(
            request,
            "feed.html",
            page=page,
            query=query,
            types=[t.value for t in EventType],
            previous=previous,
            following=following,
        )

    @app.get("/events/{key}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, key: str) -> HTMLResponse:
        detail = event_detail(repository, key)
        if detail is None:
            raise Problem(404, "Not found", f"no event {key!r}; the event feed at / lists them")
        return render(request, "event.html", detail=detail, event=detail.record.event)

    @app.get("/articles/{key}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, key: str) -> HTMLResponse:
        article = repository.article(key)
        if article is None:
            raise Problem(404, "Not found", f"no article {key!r}; the article list at /articles has them")
        events = repository.events(EventQuery(article_id=key, sort=EventSort.DATE, limit=500)).items
        return render(request, "article.html", article=article, segments=annotate(article), events=events)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, offset: Offset = 0) -> HTMLResponse:
        page = repository.articles(ArticleQuery(limit=50, offset=offset))
        return render(request, "articles.html", page=page)

    @app.get("/dyads/{actor}/{recipient}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(
        request: Request, actor: str, recipient: str, since: Day | None = None, until: Day | None = None
    ) -> HTMLResponse:
        series = repository.dyad_series(actor, recipient, since=since, until=until)
        alerts = [
            alert
            for alert in repository.alerts(AlertQuery(actor=actor, recipient=recipient, since=since, until=until))
            if alert.actor == actor and alert.recipient == recipient and alert.place is None
        ]
        chart = {"series": to_dict(series), "alerts": to_dict(alerts)}
        return render(request, "dyad.html", actor=actor, recipient=recipient, alerts=alerts, chart=chart)

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request) -> HTMLResponse:
        alerts = repository.alerts(AlertQuery())
        # The evidence inline: the sentences of the strongest driving events, each linking to its page.
        evidence = [
            [record for key in alert.event_ids[:EVIDENCE_SHOWN] if (record := repository.event(key)) is not None]
            for alert in alerts
        ]
        return render(request, "alerts.html", alerts=list(zip(alerts, evidence, strict=True)))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, query: Annotated[EventQuery, Depends(event_query)]) -> HTMLResponse:
        query, window = network_window(repository, query)  # the newest 90 days unless asked, said on the page
        links = repository.network(query)[:NETWORK_LIMIT]
        return render(request, "network.html", links=to_dict(links), query=query, window=window)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, query: Annotated[EventQuery, Depends(event_query)]) -> HTMLResponse:
        located = EventQuery(**{**_fields(query), "located": True, "limit": MAP_LIMIT, "offset": 0})
        page = repository.events(located)
        points = [_point(record.id, record.event) for record in page.items]
        return render(request, "map.html", points=points, total=page.total, shown=len(points), query=query)


def local_path(path: str) -> str:
    """`path` as a path on this server: "//evil.example/x" is a link to another site, "/evil.example/x" is not.

    Browsers read a Location starting with two slashes (or a slash and a backslash) as a host name,
    so leading slashes and backslashes collapse to one slash.
    """
    return "/" + path.lstrip("/\\")


def _fields(query: EventQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in EventQuery.__dataclass_fields__}


def _point(key: str, event: Any) -> dict[str, Any]:
    place = event.where.place
    return {
        "id": key,
        "lat": place.lat,
        "lon": place.lon,
        "place": place.name,
        "type": event.type,
        "quad": event.quad_class,
        "certainty": event.claim.certainty.value,
    }
