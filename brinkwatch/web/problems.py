"""Errors as RFC 9457 problem details (`application/problem+json`), one shape for every failure.

BrinkwatchError subclasses map to the HTTP status that says whose fault it is: bad input is the
client's (4xx), an unreachable URL is upstream's (502), a misconfigured server is ours (500). The
message is the library's own, which already says what went wrong, with which value, and how to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from brinkwatch.errors import (
    BrinkwatchError,
    ConfigurationError,
    FetchError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    InvalidRecordError,
)

__all__ = [
    "PROBLEM_JSON",
    "Problem",
    "ProblemDocument",
    "document_problems",
    "install_problem_handlers",
    "problem_response",
    "status_for",
]

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("brinkwatch.api")

# Most specific first: the first class the error is an instance of decides the status.
_STATUS: list[tuple[type[BrinkwatchError], int]] = [
    (InputTooLargeError, 413),
    (InputNotFoundError, 404),
    (InputError, 422),
    (InvalidRecordError, 422),
    (FetchError, 502),
    (ConfigurationError, 500),
]


_HTTP_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Request body too large"}


class Problem(Exception):
    """Raised by a route to answer with a problem document (404 for a missing record, 401, 403...)."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers


class ProblemDocument(BaseModel):
    """RFC 9457 problem details, as every error response of the API carries them."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None  # for 422: which parameter, and what is wrong with it


_DESCRIPTIONS = {
    400: "Malformed body (not JSON, not UTF-8)",
    401: "Missing or wrong API token",
    403: "Writes are off on this server",
    404: "No such record",
    413: "Request body too large",
    422: "Invalid parameters or body",
    500: "Server error",
    502: "A URL could not be fetched",
    503: "The work took longer than the server allows and was stopped",
}


def document_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Declare in the OpenAPI spec the problem documents the app really sends.

    FastAPI documents its own 422 body as application/json; ours is application/problem+json, and
    404s, 413s and token errors are not documented at all unless we add them. Every operation can
    answer 422 and 500; those with a path parameter 404; those with a body 400, 413 and 503 (time limit).
    """
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["ProblemDocument"] = ProblemDocument.model_json_schema()
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDocument"}}}
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            statuses = {422, 500}
            if "{" in path:
                statuses.add(404)
            if "requestBody" in operation:
                statuses |= {400, 413, 503}
            if operation.get("security"):
                statuses |= {401, 403}
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses[str(status)] = {"description": _DESCRIPTIONS[status], "content": content}
    return spec


def status_for(error: BrinkwatchError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 500


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance is not None:
        body["instance"] = instance
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the app can raise becomes a problem document; nothing leaks a traceback."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem_response(exc.status, exc.title, exc.detail, instance=request.url.path, headers=exc.headers)

    async def on_brinkwatch(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BrinkwatchError)
        status = status_for(exc)
        return problem_response(status, type(exc).__name__, str(exc), instance=request.url.path)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
            for error in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
        return problem_response(422, "Invalid request", detail, instance=request.url.path, extra={"errors": errors})

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = str(exc.detail) if exc.detail else "no detail"
        title = _HTTP_TITLES.get(exc.status_code, "HTTP error")
        return problem_response(exc.status_code, title, detail, instance=request.url.path, headers=exc.headers)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return problem_response(
            500,
            "Internal error",
            "a bug in brinkwatch: the server log has the traceback; please report it",
            instance=request.url.path,
        )

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(BrinkwatchError, on_brinkwatch)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
