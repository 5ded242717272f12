"""Latency of filtered event lists over HTTP on loopback, with 1,000,000 stored events.

Builds (once) a store of synthetic coded articles, 10 events each, through the store's own row
builder (`article_rows`), then starts `brinkwatch serve --db ...` in its own process and times
GET /api/events with the filters analysts use. Prints p50/p95/max per query and backend.

    PYTHONPATH=. python benchmarks/api_latency.py                      # SQLite, 1,000,000 events
    PYTHONPATH=. python benchmarks/api_latency.py --pg postgresql://postgres@127.0.0.1:5432/brinkwatch_bench
    PYTHONPATH=. python benchmarks/api_latency.py --events 100000 --requests 20   # a quick look

The synthetic store has no claim, chain-link or mention rows: list queries never read those tables.
Target (issue 9): p95 <= 200 ms for filtered event lists over 1,000,000 events.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from brinkwatch.model import ActorMention, Article, Certainty, ChainLink, Claim, Event, Evidence, Span
from brinkwatch.store import SqlStore, StoryLink, open_store
from brinkwatch.store import schema as t
from brinkwatch.store.rows import article_rows

ROOT = Path(__file__).resolve().parents[1]
EVENTS_PER_ARTICLE = 10
COUNTRIES = ["ISR", "IRN", "USA", "IRQ", "SYR", "LBN", "RUS", "UKR", "SAU", "YEM", "TUR", "EGY", "CHN", "PAK", "IND"]
SECTORS = ["", "GOV", "MIL", "REB"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"]
TYPES += ["SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "RETREAT", "CONCEDE"]
CERTAINTIES = list(Certainty)
FIRST_DAY = date(2020, 1, 1)
DAYS = 5 * 365
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("newest 50, no filter", {}),
    ("actor=ISR", {"actor": "ISR"}),
    ("actor=ISR recipient=IRN type=ASSAULT", {"actor": "ISR", "recipient": "IRN", "type": "ASSAULT"}),
    ("one month, min_certainty=reported", {"since": "2023-03-01", "until": "2023-03-31", "min_certainty": "reported"}),
    ("type=THREATEN sort=goldstein", {"type": "THREATEN", "sort": "goldstein"}),
    ("recipient=USAMIL since=2024-01-01", {"recipient": "USAMIL", "since": "2024-01-01"}),
    ("page 200 (offset 10,000)", {"offset": "10000"}),
]


def _mention(rng: random.Random, text: str, start: int) -> ActorMention:
    code = rng.choice(COUNTRIES) + rng.choice(SECTORS)
    return ActorMention(text=text, start=start, end=start + len(text), code=code, name=code, country=code[:3])


def synthetic_article(number: int, rng: random.Random) -> Article:
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    sentence = "Forces of one side struck positions of the other side near the border on Sunday."
    events = []
    for _ in range(EVENTS_PER_ARTICLE):
        events.append(
            Event(
                type=rng.choice(TYPES),
                actor=_mention(rng, "Forces", 0),
                recipient=_mention(rng, "positions", 30),
                trigger="struck",
                quad_class=rng.randint(1, 4),
                goldstein=round(rng.uniform(-10, 10), 1),
                evidence=Evidence(sentence_index=0, sentence=sentence, trigger=Span(21, 27)),
                claim=Claim(
                    chain=[ChainLink(name=f"Outlet {number % 50}", kind="outlet")],
                    certainty=rng.choices(CERTAINTIES, weights=[30, 30, 8, 8, 8, 4, 6, 2, 2, 2])[0],
                ),
            )
        )
    return Article(
        id=f"bench{number:08d}",
        text=sentence,
        outlet=f"Outlet {number % 50}",
        title=f"Synthetic article {number}",
        published_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        events=events,
    )


def build(store: SqlStore, events: int, batch: int = 5000) -> None:
    """Fill an empty store with `events` events, in batches of `batch` articles per transaction."""
    rng = random.Random(7)
    articles = events // EVENTS_PER_ARTICLE
    started = time.perf_counter()
    for first in range(0, articles, batch):
        stories, article_table, event_table = [], [], []
        now = datetime.now(UTC)
        for number in range(first, min(first + batch, articles)):
            article = synthetic_article(number, rng)
            copy = number % 20 == 19  # 5% syndicated copies, left out of lists like real ones
            link = StoryLink(f"bench{number - 1:08d}" if copy else article.id, is_copy=copy)
            rows = article_rows(article, link, stored_at=now)
            if not copy:
                stories.append({"id": article.id, "first_seen": now})
            article_table.append(rows.article)
            event_table += rows.events
        with store.engine.begin() as conn:
            conn.execute(t.stories.insert(), stories)
            conn.execute(t.articles.insert(), article_table)
            conn.execute(t.events.insert(), event_table)
        done = min(first + batch, articles) * EVENTS_PER_ARTICLE
        print(f"  {done:>9,} events stored ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE events")
            conn.exec_driver_sql("ANALYZE articles")


def stored_events(store: SqlStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.events)).scalar_one())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure(db: str, requests: int) -> list[tuple[str, str, float, float, float]]:
    """Serve `db` from its own process and time each query `requests` times after two warm-ups."""
    port = _free_port()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "brinkwatch", "serve", "--db", db, "--port", str(port), "--no-analysis"],
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    results = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            _wait(client, server)
            for name, params in QUERIES:
                timings = []
                total = ""
                for attempt in range(requests + 2):
                    started = time.perf_counter()
                    response = client.get("/api/events", params={"limit": "50", **params})
                    elapsed = (time.perf_counter() - started) * 1000
                    response.raise_for_status()
                    body = response.json()
                    total = f"{body['total']:,}" + ("" if body["total_exact"] else "+")
                    if attempt >= 2:
                        timings.append(elapsed)
                timings.sort()
                p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
                results.append((name, total, statistics.median(timings), p95, timings[-1]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _wait(client: httpx.Client, server: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("brinkwatch serve exited before answering")
        try:
            client.get("/api/health").raise_for_status()
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("brinkwatch serve did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per query")
    parser.add_argument("--sqlite", default=str(ROOT / "out" / "bench-api.db"), help="SQLite file (reused)")
    parser.add_argument("--pg", help="a PostgreSQL URL to measure too (its tables are reused when full)")
    args = parser.parse_args()
    Path(args.sqlite).parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for backend, db in [("SQLite", args.sqlite), ("PostgreSQL", args.pg)]:
        if db is None:
            continue
        store = open_store(db)
        have = stored_events(store)
        if have != args.events:
            if have:
                raise SystemExit(f"{db} holds {have} events, not {args.events}: remove it or pick another")
            print(f"building {backend} store with {args.events:,} events ...", file=sys.stderr)
            build(store, args.events)
        store.close()
        rows += [(backend, *result) for result in measure(db, args.requests)]
    print(f"\nGET /api/events?limit=50 over {args.events:,} events, {args.requests} timed requests each (ms)\n")
    print("| backend | query | matching events | p50 | p95 | max |\n|---|---|---:|---:|---:|---:|")
    for backend, name, total, p50, p95, worst in rows:
        print(f"| {backend} | {name} | {total} | {p50:.0f} | {p95:.0f} | {worst:.0f} |")


if __name__ == "__main__":
    main()
