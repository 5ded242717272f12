"""Write a synthetic event stream with planted escalations: Article JSONL plus the planted list.

    python scripts/make_synthetic_stream.py out/stream.jsonl --dyads 20 --days 180 --seed 7

writes out/stream.jsonl (one Article with one Event per line, for `brinkwatch escalation` and
`brinkwatch alerts --no-fuse`) and out/stream.planted.json (each planted escalation's dyad, onset
and end), so an alert run can be checked against the truth (brinkwatch.evaluate.alerts_eval).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.serialize import to_dict, to_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="JSONL file to write")
    parser.add_argument("--dyads", type=int, default=20)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--events-per-day", type=float, default=1.0)
    parser.add_argument("--escalating", type=float, default=0.25, help="share of dyads with a planted escalation")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stream = make_stream(
        n_dyads=args.dyads,
        n_days=args.days,
        events_per_day=args.events_per_day,
        escalating=args.escalating,
        seed=args.seed,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as handle:
        for article in stream.to_articles():
            handle.write(to_json(article) + "\n")
    planted = args.output.with_suffix(".planted.json")
    planted.write_text(json.dumps(to_dict(stream.planted), indent=2) + "\n", encoding="utf-8")
    print(f"{len(stream.table)} events, {len(stream.planted)} planted escalations -> {args.output}, {planted}")


if __name__ == "__main__":
    main()
