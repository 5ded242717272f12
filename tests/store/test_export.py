from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from brinkwatch.export import FLAT_COLUMNS, GDELT_COLUMNS, ExportFormat, export_events
from brinkwatch.model import Certainty
from brinkwatch.store import EventQuery, SqlStore, StoryLink
from tests.store.builders import article, event


@pytest.fixture(scope="module")
def coded(module_store: SqlStore) -> SqlStore:
    """One story carried by two outlets (original + copy) and one other story; three events in all."""
    first = article(
        "Israeli jets struck a base near Erbil. Two commanders were killed.",
        events=[
            event("ASSAULT", "ISRMIL", "IRNMIL", Certainty.SUSPECTED, when=date(2019, 6, 1)),
            event("THREATEN", "IRNGOV", "ISR", Certainty.REPORTED),
        ],
    )
    copy = article(
        "Israeli jets struck a base near Erbil. Two commanders were killed. Copyright.",
        events=[event("ASSAULT", "ISRMIL", "IRNMIL", Certainty.SUSPECTED, when=date(2019, 6, 1))],
        outlet="Other Daily",
    )
    other = article("Ministers met in Geneva.", events=[event("CONSULT", "USAGOV", "IRNGOV")])
    module_store.add(first, source_key="1", link=lambda: StoryLink(first.id))
    module_store.add(copy, source_key="2", link=lambda: StoryLink(first.id, is_copy=True, similarity=0.8))
    module_store.add(other, source_key="3", link=lambda: StoryLink(other.id))
    return module_store


def _export(store: SqlStore, fmt: ExportFormat, query: EventQuery | None = None) -> str:
    buffer = io.StringIO()
    export_events(store, query or EventQuery(), fmt, buffer)
    return buffer.getvalue()


def test_export_csv_has_a_header_and_one_row_per_original_event(coded: SqlStore) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(coded, ExportFormat.csv))))
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert sorted(r["type"] for r in rows) == ["ASSAULT", "CONSULT", "THREATEN"]
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert assault["certainty"] == "suspected" and assault["chain"] == "Levant Monitor > a US official"
    assert assault["event_date"] == "2019-06-01" and assault["dead"] == "2" and assault["place"] == "Erbil"


def test_export_parquet_holds_the_csv_rows(coded: SqlStore, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export_events(coded, EventQuery(include_copies=True), ExportFormat.parquet, path) == 4
    table = pq.read_table(path)
    assert table.column_names == list(FLAT_COLUMNS)
    assert sorted(table.column("type").to_pylist()) == ["ASSAULT", "ASSAULT", "CONSULT", "THREATEN"]
    assert set(table.column("goldstein").to_pylist()) == {-10.0}


def test_export_parquet_with_no_events_is_a_valid_empty_file(coded: SqlStore, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert export_events(coded, EventQuery(type="SANCTION"), ExportFormat.parquet, path) == 0
    assert pq.read_table(path).num_rows == 0


def test_export_plover_records_follow_the_plover_json_fields(coded: SqlStore) -> None:
    lines = _export(coded, ExportFormat.plover, EventQuery(type="ASSAULT")).splitlines()
    (record,) = [json.loads(line) for line in lines]
    assert {"id", "date", "actor", "event"} <= set(record)  # PLOVER's required fields
    assert record["date"] == "2019-06-01" and record["event"] == ["ASSAULT"]
    assert record["actor"] == [{"code": "ISR", "sector": "MIL", "entity_text": "isrmil", "identifier_text": "isrmil"}]
    assert record["recipient"][0]["code"] == "IRN" and record["quad_code"] == 4
    assert record["event_loc"]["geonameid"] == 95446 and record["size"] == {"dead": 2}
    assert record["certainty"] == "suspected" and record["cite_info"]["publication"] == "Levant Monitor"


def test_export_gdelt_rows_have_the_61_columns_and_count_copies(coded: SqlStore) -> None:
    rows = [line.split("\t") for line in _export(coded, ExportFormat.gdelt).splitlines()]
    assert len(rows) == 3 and all(len(row) == len(GDELT_COLUMNS) == 61 for row in rows)
    by_code = {row[GDELT_COLUMNS.index("Actor1Code")]: dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rows}
    assault = by_code["ISRMIL"]
    assert assault["SQLDATE"] == "20190601" and assault["EventRootCode"] == "19" and assault["QuadClass"] == "4"
    assert (assault["NumArticles"], assault["NumSources"]) == ("2", "2")  # the copy counts as an article
    assert by_code["USAGOV"]["NumArticles"] == "1"
    assert assault["ActionGeo_FeatureID"] == "95446" and assault["ActionGeo_Type"] == "4"
    assert assault["Actor1Type1Code"] == "MIL" and assault["SOURCEURL"].startswith("https://example.org/")
