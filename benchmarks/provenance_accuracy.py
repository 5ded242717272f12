"""Accuracy of quotes, chains, certainty and perpetrators on the hand-written provenance suites.

Run from the repository root: `python -m benchmarks.provenance_accuracy` (prints one table per suite
file: exact-label accuracy per expected certainty label, then quote form, chain shape, speaker code and
perpetrator status over all items). The evaluation gates in tests/coding pin floors just under these.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tests.provenance.suite import DATA, load_suite, run


def table(path: Path) -> list[str]:
    items = load_suite(path)
    outcomes = [run(item) for item in items]
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for item, outcome in zip(items, outcomes, strict=True):
        for field, expected, got in (
            (f"certainty={item['cert']}", item["cert"], outcome.certainty),
            ("certainty (all)", item["cert"], outcome.certainty),
            ("quote form", item["quote"], outcome.quote),
            ("chain shape", item["chain"], outcome.chain),
            ("speaker code", item.get("speaker"), outcome.speaker if "speaker" in item else None),
            ("perpetrator", item.get("perp"), outcome.perpetrator if "perp" in item else None),
        ):
            if field in {"speaker code", "perpetrator"} and expected is None:
                continue
            totals[field] += 1
            right[field] += expected == got
    lines = [f"{path.name} ({len(items)} items)", f"{'what':<28}{'right':>7}{'of':>6}{'accuracy':>10}"]
    for field in sorted(totals, key=lambda f: (not f.startswith("certainty="), f)):
        lines.append(f"{field:<28}{right[field]:>7}{totals[field]:>6}{right[field] / totals[field]:>10.3f}")
    return lines


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]] or sorted(DATA.glob("provenance_*.jsonl"))
    for path in paths:
        print("\n".join(table(path)), end="\n\n")


if __name__ == "__main__":
    main()
