"""Query parameters shared by the API and the pages: the `brinkwatch events` filters over HTTP."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from brinkwatch.model import Certainty
from brinkwatch.web.repository import EventQuery, EventSort

__all__ = [
    "CODE_PATTERN",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "Code",
    "Day",
    "EventType",
    "Limit",
    "Offset",
    "Timestamp",
    "event_query",
]

CODE_PATTERN = r"^[A-Za-z0-9]{1,32}$"  # CAMEO-style actor codes: ISR, ISRGOV, IRQMIL...
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    # Pydantic alone would also take "0" (a Unix time) for a date; the spec says YYYY-MM-DD, so hold to it.
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-03-10")
    return value


def _iso_timestamp(value: Any) -> Any:
    if not isinstance(value, str | datetime):
        raise ValueError(f"{value!r} is not a timestamp; write it as ISO 8601, e.g. 2024-03-10T09:00:00Z")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
Timestamp = Annotated[datetime, BeforeValidator(_iso_timestamp)]


class EventType(StrEnum):
    """The sixteen PLOVER event types."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Code = Annotated[str | None, Query(pattern=CODE_PATTERN, description="Actor code; ISR also matches ISRGOV.")]


def event_query(
    actor: Code = None,
    recipient: Code = None,
    type: Annotated[EventType | None, Query(description="PLOVER event type.")] = None,
    since: Annotated[Day | None, Query(description="First event date, inclusive.")] = None,
    until: Annotated[Day | None, Query(description="Last event date, inclusive.")] = None,
    min_certainty: Annotated[Certainty | None, Query(description="Keep this certainty and stronger.")] = None,
    article_id: Annotated[str | None, Query(max_length=128)] = None,
    located: Annotated[bool, Query(description="Only events with coordinates.")] = False,
    sort: EventSort = EventSort.DATE_DESC,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventQuery:
    """The `brinkwatch events` filters as query parameters, shared by the API and the pages."""
    return EventQuery(
        actor=actor,
        recipient=recipient,
        type=type.value if type else None,
        since=since,
        until=until,
        min_certainty=min_certainty,
        article_id=article_id,
        located=located,
        sort=sort,
        limit=limit,
        offset=offset,
    )
