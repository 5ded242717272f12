"""End-to-end ingest throughput: Wikinews articles, repeated, from a JSONL file into a fresh store.

    python benchmarks/throughput.py                        # 2,000 articles: 1 process, 2 processes, Dask
    python benchmarks/throughput.py --articles 10000 --db postgresql://postgres@127.0.0.1/brinkwatch_bench

Each repeat gets its own URL and a closing line of its own, so it is a new article (not an exact copy)
that the near-duplicate index links to the story of its original: every repeat goes through intake,
the default pipeline, MinHash signing and the store. Each configuration runs in a fresh process so
its peak RSS is its own; the table is Markdown, ready for docs/store.md.
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"


def write_input(folder: Path, articles: int) -> Path:
    csv.field_size_limit(2**31 - 1)
    rows: list[dict[str, str]] = []
    for path in sorted(NEWS.glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    if not rows:
        sys.exit(f"no Wikinews CSVs in {NEWS}; the benchmark reads ../shared/data/news")
    target = folder / "wikinews-repeated.jsonl"
    with target.open("w", encoding="utf-8") as handle:
        for number in range(articles):
            row = dict(rows[number % len(rows)])
            repeat = number // len(rows)
            row["url"] = f"{row['url']}#repeat-{repeat}"
            row["text"] = f"{row['text']}\n\nThis copy is repeat number {repeat} of the benchmark."
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return target


class PeakMemory:
    """Samples the peak RSS (VmHWM) of this process and all its descendants (pool or Dask workers)."""

    def __init__(self, every: float = 0.25) -> None:
        self.peaks: dict[int, float] = {}
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._sample()

    def _sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
        family = {os.getpid()}
        grew = True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in family} - family
            grew = bool(found)
            family |= found
        for pid in family:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), int(line.split()[1]) / 1024)

    def report(self) -> dict[str, float]:
        own = self.peaks.get(os.getpid(), 0.0)
        others = [peak for pid, peak in self.peaks.items() if pid != os.getpid()]
        return {"main": own, "largest_worker": max(others, default=0.0), "all": own + sum(others)}


def parse_stages() -> list[Any]:
    """The default stages plus a full spaCy parse (the trained model in BRINKWATCH_MODEL), which the
    coding stages will need: a stand-in for their cost until they land."""
    from brinkwatch.extract import default_stages
    from brinkwatch.language.parse import parse_article
    from brinkwatch.pipeline import stage

    @stage("parse", requires=["text"], assigns=[])
    def parse(article: Any) -> Any:
        parse_article(article)
        return article

    return [*default_stages(), parse]


def run_one(
    source: str, db: str, engine: str, processes: int, *, parse: bool = False, coder: str | None = None
) -> dict[str, Any]:
    """Run one configuration in this process and return its measurements."""
    sys.path.insert(0, str(ROOT))
    from brinkwatch.engine import ingest
    from brinkwatch.extract import DEFAULT_CODER, default_stages
    from brinkwatch.store import open_store

    # Imported by module name, so workers (forkserver, Dask) can unpickle the factory.
    factory: Any = importlib.import_module("benchmarks.throughput").parse_stages if parse else default_stages
    if not parse:
        factory = functools.partial(default_stages, coder or DEFAULT_CODER)

    store = open_store(db)
    cluster = None
    with PeakMemory() as memory:
        started = time.perf_counter()
        if engine == "dask":
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=processes, threads_per_worker=1, dashboard_address=None, silence_logs=40)
        cluster_seconds = time.perf_counter() - started
        report = ingest(
            [source],
            store,
            engine="dask" if cluster else "local",
            processes=processes,
            scheduler=cluster.scheduler_address if cluster else None,
            factory=factory,
        )
        if cluster is not None:
            cluster.close()
    counts = store.counts()
    store.close()
    processed = report.processed
    return {
        "engine": engine,
        "processes": processes,
        "articles": processed,
        "failed": report.errors,
        "seconds": report.seconds,
        "cluster_seconds": cluster_seconds,
        "articles_per_s": processed / report.seconds,
        "words_per_s": report.words / report.seconds,
        "ms_per_article": {stage: 1000 * s / max(processed, 1) for stage, s in report.stage_seconds.items()},
        "peak_rss_mb": memory.report(),
        "stored": counts["articles"],
        "sightings": counts["sightings"],
        "stories": counts["stories"],
    }


def table(results: list[dict[str, Any]], db_label: str) -> str:
    stages = sorted({stage for r in results for stage in r["ms_per_article"]}, key=_stage_order)
    head = ["engine", "articles", "articles/s", "words/s", *[f"{s} ms/art" for s in stages]]
    head += ["peak RSS main / largest worker / all (MB)", "stored / lost / dup"]
    lines = [f"Store: {db_label}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        label = f"dask ({r['processes']} workers)" if r["engine"] == "dask" else f"local, {r['processes']} process(es)"
        lost = r["articles"] - r["stored"]
        duplicated = r["sightings"] - r["stored"]
        cells = [label, str(r["articles"]), f"{r['articles_per_s']:.1f}", f"{r['words_per_s']:,.0f}"]
        cells += [f"{r['ms_per_article'].get(s, 0.0):.1f}" for s in stages]
        rss = r["peak_rss_mb"]
        cells += [f"{rss['main']:.0f} / {rss['largest_worker']:.0f} / {rss['all']:.0f}"]
        cells += [f"{r['stored']} / {lost} / {duplicated}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _stage_order(stage: str) -> tuple[int, str]:
    order = {"intake": 0, "dedup": 8, "store": 9}
    return order.get(stage, 5), stage


def _fresh_db(db: str | None, folder: Path, name: str) -> str:
    if db is None:
        return str(folder / f"{name}.db")
    import psycopg

    base, database = db.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--configs", default="local:1,local:2,dask:2", help="engine:processes, comma-separated")
    parser.add_argument("--db", help="PostgreSQL URL; its database is dropped and recreated per run (default: SQLite)")
    parser.add_argument("--parse", action="store_true", help="add a spaCy parse of every article (BRINKWATCH_MODEL)")
    parser.add_argument("--coder", choices=("rules", "model"), help="the event coder (default: the default coder)")
    parser.add_argument("--one", nargs=4, metavar=("SOURCE", "DB", "ENGINE", "PROCESSES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        source, db, engine, processes = args.one
        print(json.dumps(run_one(source, db, engine, int(processes), parse=args.parse, coder=args.coder)))
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = write_input(folder, args.articles)
        results = []
        for config in args.configs.split(","):
            engine, processes = config.split(":")
            db = _fresh_db(args.db, folder, config.replace(":", "-"))
            command = [sys.executable, __file__, "--one", str(source), db, engine, processes]
            command += ["--parse"] if args.parse else []
            command += ["--coder", args.coder] if args.coder else []
            done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            if done.returncode != 0:
                sys.exit(f"{config} failed:\n{done.stderr}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"{config}: {results[-1]['articles_per_s']:.1f} articles/s", file=sys.stderr)
    pipeline = f"default stages + spaCy parse ({os.environ.get('BRINKWATCH_MODEL', 'packaged model')})"
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {args.articles} articles")
    print(f"Pipeline: {pipeline if args.parse else 'default stages, coder: ' + (args.coder or 'default')}\n")
    print(table(results, "PostgreSQL" if args.db else "SQLite file (WAL)"))


if __name__ == "__main__":
    main()
