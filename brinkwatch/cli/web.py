"""`brinkwatch serve`: the REST API and the dashboard on one local web server.

Read-only unless --writable is given, and then every write needs the token from the environment
variable BRINKWATCH_API_TOKEN (a token on the command line would show in `ps` and shell history).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brinkwatch.cli.common import FUSE_HELP, require_fusion
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Article, Event
from brinkwatch.web.repository import Repository

if TYPE_CHECKING:
    from brinkwatch.web.memory import AnalysisResults

__all__ = ["TOKEN_VARIABLE", "build_repository", "register", "serve_command"]

TOKEN_VARIABLE = "BRINKWATCH_API_TOKEN"


def build_repository(
    db: str | None, jsonl: Path | None, *, analysis: bool = True, fuse: bool = False, create: bool = False
) -> Repository:
    """The store at `db`, or the articles of a JSONL file held in memory, with the analysis run over them.

    A missing store is refused unless `create` (a writable server may start an empty one)."""
    from brinkwatch.web.memory import AnalysisResults

    if jsonl is not None:
        if db is not None:
            raise ConfigurationError("give either --db or --jsonl, not both: one server reads one collection")
        from brinkwatch.web.memory import MemoryRepository, read_jsonl

        if not jsonl.is_file():
            raise ConfigurationError(f"no such file {jsonl}; pass the output of brinkwatch extract --format jsonl")
        articles = read_jsonl(jsonl)
        results = _analyse([(a, a.events) for a in articles], fuse) if analysis else AnalysisResults()
        return MemoryRepository(
            articles, fused_events=results.fused_events, dyad_days=results.dyad_days, alerts=results.alert_list
        )
    from brinkwatch.store import DEFAULT_DB, open_store
    from brinkwatch.web.store_repository import StoreRepository

    store = open_store(db or DEFAULT_DB, create=create)
    if not analysis:
        return StoreRepository(store)
    from brinkwatch.store.reports import stored_reports

    return StoreRepository(store, _analyse(list(stored_reports(store)), fuse))


def _analyse(reports: list[tuple[Article, Sequence[Event]]], fuse: bool) -> AnalysisResults:
    from brinkwatch.web.analyse import analyse

    count = sum(len(events) for _, events in reports)
    typer.echo(f"analysing {count} events ({'fusing reports' if fuse else 'no fusion'}) ...", err=True)
    return analyse(reports, fuse=fuse)


def serve_command(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="BRINKWATCH_DB", help="A SQLite file or postgresql:// URL (default brinkwatch.db)."
        ),
    ] = None,
    jsonl: Annotated[
        Path | None, typer.Option(help="Serve the articles of a `brinkwatch extract --format jsonl` file instead.")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    writable: Annotated[
        bool, typer.Option(help=f"Accept POST /api/extract, with the token in ${TOKEN_VARIABLE}.")
    ] = False,
    analysis: Annotated[
        bool, typer.Option(help="Compute dyad series and alerts at start (takes a while on a big store).")
    ] = True,
    fuse: Annotated[bool, typer.Option("--fuse/--no-fuse", help=FUSE_HELP)] = False,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME", help="Another Host name to answer besides 127.0.0.1, localhost and --host (repeatable)."
        ),
    ] = None,
) -> None:
    """Serve the REST API (/api) and the dashboard (/) over the store.

    Example: brinkwatch serve --db brinkwatch.db --port 8000

    Then open http://127.0.0.1:8000/ in a browser; the OpenAPI spec is at /api/openapi.json.
    """
    try:
        import uvicorn  # noqa: F401  (checked here, so a missing web extra is said before any work)

        from brinkwatch.api import create_app
        from brinkwatch.web.server import run_server
    except ImportError as exc:
        raise ConfigurationError(
            f"serving needs the web extra ({exc.name} is missing): pip install 'brinkwatch[web]'"
        ) from exc

    require_fusion(fuse)
    token = os.environ.get(TOKEN_VARIABLE) or None
    if writable and token is None:
        raise ConfigurationError(f"--writable needs a token: set {TOKEN_VARIABLE} to a long random string")
    from brinkwatch.web.security import exposure_warning, served_hosts

    warning = exposure_warning(host, allowed_host or (), writable=writable)
    if warning is not None:
        typer.secho(warning, err=True, fg="red", bold=True)
    repository = build_repository(db, jsonl, analysis=analysis, fuse=fuse, create=writable)
    app = create_app(
        repository,
        api_token=token,
        read_only=not writable,
        allowed_hosts=served_hosts(host, allowed_host or ()),
    )
    typer.echo(f"brinkwatch dashboard on http://{host}:{port}/ ({'writable' if writable else 'read-only'})")
    run_server(app, host=host, port=port)


def register(app: typer.Typer) -> None:
    """Add `serve` to the main `brinkwatch` app."""
    app.command("serve")(serve_command)
