"""Rewrite tests/golden/*.json from the current code. Review the diff before committing it."""

from __future__ import annotations

import json
from pathlib import Path

from brinkwatch.extract import extract
from brinkwatch.serialize import to_dict

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    for sample in sorted((ROOT / "tests" / "samples").iterdir()):
        record = to_dict(extract(str(sample)))
        record.pop("fetched_at")
        record.pop("source")
        target = ROOT / "tests" / "golden" / f"{sample.name}.json"
        target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
