"""Choosing the event model's decision threshold on the gold dev split (never on test).

The threshold trades precision for recall. It is picked to maximise the mean of event F1 and full-match
F1 on gold-dev and written into the model's meta.json, where the runtime reads it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brinkwatch.coding.learned.runtime import load_event_model
from brinkwatch.evaluate.events import evaluate_events

__all__ = ["THRESHOLDS", "calibrate"]

# The pair head alone at these thresholds, and the sentence head deciding the types at these.
PAIR = (0.05, 0.1, 0.15, 0.2, 0.3)
SENTENCE = (0.2, 0.3, 0.4, 0.5, 0.6)
THRESHOLDS: list[dict[str, float]] = [{"default": t} for t in PAIR] + [{"sentence": t} for t in SENTENCE]


def calibrate(model_dir: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    os.environ["BRINKWATCH_EVENT_MODEL"] = str(model_dir)  # the stage loads the same model object
    model = load_event_model(model_dir)
    results: list[tuple[dict[str, float], float]] = []
    for threshold in THRESHOLDS:
        model.thresholds = threshold
        scores = evaluate_events("gold-dev", "model")
        results.append((threshold, (scores["event"]["f1"] + scores["full_match"]["f1"]) / 2))
        if progress is not None:
            event, full = scores["event"], scores["full_match"]
            progress(
                f"{threshold}: event P {event['precision']:.3f} R {event['recall']:.3f} F1 {event['f1']:.3f}, "
                f"full F1 {full['f1']:.3f}"
            )
    best = max(results, key=lambda result: result[1])[0]
    meta_file = model_dir / "meta.json"
    meta: dict[str, Any] = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["thresholds"] = best
    meta["calibration"] = {
        "set": "gold-dev",
        "objective": "mean of event F1 and full-match F1",
        "scores": [{"thresholds": t, "objective": round(v, 4)} for t, v in results],
    }
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    model.thresholds = best
    return meta
