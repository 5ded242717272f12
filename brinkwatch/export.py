"""Exports of stored events: flat CSV and Parquet, PLOVER JSON records, and a GDELT 2.0 event table.

Every format is written from the same `EventRecord`s a query returns, so `brinkwatch export` and
`brinkwatch events` agree. Syndicated copies are left out unless the query asks for them; the GDELT
table counts them instead, in NumArticles.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from brinkwatch import __version__
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import ActorMention, Event, EventRecord, LocationPrecision
from brinkwatch.store.base import Store, StoryStats
from brinkwatch.store.query import EventQuery

__all__ = [
    "FLAT_COLUMNS",
    "GDELT_COLUMNS",
    "ExportFormat",
    "export_events",
    "flat_row",
    "gdelt_row",
    "plover_record",
]

CODER = f"brinkwatch {__version__}"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


FLAT_COLUMNS = (
    "id",
    "event_date",
    "type",
    "mode",
    "context",
    "actor_code",
    "actor_text",
    "recipient_code",
    "recipient_text",
    "cameo",
    "goldstein",
    "quad_class",
    "intensity",
    "certainty",
    "chain",
    "perpetrator",
    "cues",
    "place",
    "country",
    "lat",
    "lon",
    "place_precision",
    "when_text",
    "dead",
    "injured",
    "sentence_index",
    "sentence",
    "article_id",
    "story_id",
    "url",
    "outlet",
    "published_at",
)

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
# The 61 columns of a GDELT 2.0 event file, in order (tab-separated, no header line).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED",
    "SOURCEURL",
)


def flat_row(found: EventRecord) -> dict[str, Any]:
    event = found.event
    where, place, claim = event.where, event.where.place if event.where else None, event.claim
    return {
        "id": found.id,
        "event_date": found.event_date.isoformat() if found.event_date else None,
        "type": event.type,
        "mode": event.mode,
        "context": ";".join(event.context),
        "actor_code": event.actor.code if event.actor else None,
        "actor_text": event.actor.text if event.actor else None,
        "recipient_code": event.recipient.code if event.recipient else None,
        "recipient_text": event.recipient.text if event.recipient else None,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "intensity": event.intensity,
        "certainty": claim.certainty.value,
        "chain": " > ".join(link.name for link in claim.chain),
        "perpetrator": claim.perpetrator.status.value if claim.perpetrator else None,
        "cues": ";".join(claim.cues),
        "place": (place.name if place else None) or (where.text if where else None),
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "place_precision": where.precision.value if where else None,
        "when_text": event.when.text if event.when else None,
        "dead": event.dead,
        "injured": event.injured,
        "sentence_index": event.evidence.sentence_index if event.evidence else None,
        "sentence": event.evidence.sentence if event.evidence else None,
        "article_id": found.article_id,
        "story_id": found.story_id,
        "url": found.url,
        "outlet": found.outlet,
        "published_at": found.published_at.isoformat() if found.published_at else None,
    }


def _plover_entity(mention: ActorMention) -> dict[str, Any]:
    code = mention.code or ""
    entity: dict[str, Any] = {"code": mention.country or code[:3] or None, "entity_text": mention.text}
    sector = code[3:] or (mention.sectors[0] if mention.sectors else "")
    if sector:
        entity["sector"] = sector
    if mention.name:
        entity["identifier_text"] = mention.name
    return entity


def plover_record(found: EventRecord) -> dict[str, Any]:
    """The event as a PLOVER JSON record (PLOVER manual, "PLOVER JSON"), with brinkwatch's own fields added."""
    event = found.event
    record: dict[str, Any] = {
        "id": found.id,
        "date": found.event_date.isoformat() if found.event_date else None,
        "actor": [_plover_entity(event.actor)] if event.actor else [],
        "recipient": [_plover_entity(event.recipient)] if event.recipient else [],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "quad_code": event.quad_class,
        "event_scale": event.intensity,
        "coder": CODER,
        "cite_info": {"url": found.url, "publication": found.outlet, "coder": CODER},
    }
    if event.when and event.when.end and event.when.end != event.when.start:
        record["enddate"] = event.when.end.isoformat()
    if event.where:
        place = event.where.place
        record["event_loc"] = {
            "extracted_place": event.where.text,
            "resolved_place": place.name if place else None,
            "geonameid": place.geonames_id if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "province": place.admin1 if place else None,
            "country_code": place.country if place else None,
        }
    if event.evidence:
        record["event_text"] = [event.evidence.sentence]
        record["text_info"] = {"sequence": event.evidence.sentence_index}
        if event.evidence.trigger:
            record["text_info"] |= {"start": event.evidence.trigger.start, "end": event.evidence.trigger.end}
    size = {name: getattr(event, name) for name in ("dead", "injured") if getattr(event, name) is not None}
    if size:
        record["size"] = size
    # Fields beyond PLOVER's list, as the manual invites: provenance and the CAMEO view.
    record |= {
        "certainty": event.claim.certainty.value,
        "chain": [link.name for link in event.claim.chain],
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "article_id": found.article_id,
        "story_id": found.story_id,
    }
    return record


def _gdelt_actor(mention: ActorMention | None) -> list[Any]:
    if mention is None:
        return [""] * len(_ACTOR)
    code = mention.code or ""
    sectors = [*mention.sectors, "", "", ""] if mention.sectors else [code[3:6], code[6:9], ""]
    country = mention.country or code[:3]
    return [code, (mention.name or mention.text).upper(), country, "", "", "", "", *sectors[:3]]


_GEO_TYPE = {LocationPrecision.COUNTRY: 1, LocationPrecision.ADMIN1: 5, LocationPrecision.EXACT: 4}


def _gdelt_geo(event: Event) -> list[Any]:
    where = event.where
    place = where.place if where else None
    if where is None or place is None or where.precision not in _GEO_TYPE:
        return [0, "", "", "", "", "", "", ""]
    adm1 = f"{place.country or ''}{place.admin1 or ''}"
    kind = _GEO_TYPE[where.precision]
    return [kind, place.name, place.country or "", adm1, "", place.lat, place.lon, place.geonames_id]


def gdelt_row(found: EventRecord, stats: StoryStats | None) -> list[Any]:
    """One GDELT 2.0 event row. NumArticles counts the story's copies, NumSources its distinct outlets."""
    event, day = found.event, found.event_date
    cameo = event.cameo or ""
    articles, sources = (stats.articles, stats.outlets) if stats else (1, 1)
    dated = found.published_at
    return [
        int(hashlib.sha256(found.id.encode()).hexdigest()[:15], 16),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        _fraction(day) if day else "",
        *_gdelt_actor(event.actor),
        *_gdelt_actor(event.recipient),
        int(event.evidence is not None and event.evidence.sentence_index == 0),
        cameo,
        cameo[:3],
        cameo[:2],
        event.quad_class if event.quad_class is not None else "",
        event.goldstein if event.goldstein is not None else "",
        articles,
        sources,
        articles,
        "",  # AvgTone: brinkwatch measures certainty, not tone
        *([0, "", "", "", "", "", "", ""] * 2),
        *_gdelt_geo(event),
        dated.strftime("%Y%m%d%H%M%S") if dated else "",
        found.url or "",
    ]


def _fraction(day: date) -> float:
    return round(day.year + (day.timetuple().tm_yday - 1) / 365.25, 4)


def export_events(store: Store, query: EventQuery, fmt: ExportFormat | str, output: Path | TextIO) -> int:
    """Write the events `query` selects to `output` in `fmt`; returns how many were written."""
    fmt = ExportFormat(fmt)
    found = store.events(query)
    if fmt is ExportFormat.parquet:
        if not isinstance(output, Path):
            raise ConfigurationError("Parquet is binary: pass --output FILE.parquet")
        return _write_parquet(found, output)
    if isinstance(output, Path):
        with output.open("w", encoding="utf-8", newline="") as handle:
            return _write_text(store, found, fmt, handle)
    return _write_text(store, found, fmt, output)


def _write_text(store: Store, found: Iterable[EventRecord], fmt: ExportFormat, handle: TextIO) -> int:
    written = 0
    if fmt is ExportFormat.plover:
        for item in found:
            handle.write(json.dumps(plover_record(item), ensure_ascii=False) + "\n")
            written += 1
    elif fmt is ExportFormat.gdelt:
        stats = store.story_stats()
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        for item in found:
            writer.writerow(gdelt_row(item, stats.get(item.story_id or "")))
            written += 1
    else:
        table = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        table.writeheader()
        for item in found:
            table.writerow(flat_row(item))
            written += 1
    return written


def _batches(found: Iterable[EventRecord], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in found:
        batch.append(flat_row(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(found: Iterable[EventRecord], path: Path) -> int:
    import pyarrow as pa  # imported here: only Parquet users pay its import time
    import pyarrow.parquet as pq

    floats = {"goldstein", "intensity", "lat", "lon"}
    ints = {"quad_class", "dead", "injured", "sentence_index"}
    schema = pa.schema(
        [
            (name, pa.float64() if name in floats else pa.int64() if name in ints else pa.string())
            for name in FLAT_COLUMNS
        ]
    )
    written = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(found):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            written += len(batch)
        if written == 0:
            writer.write_table(schema.empty_table())
    return written
