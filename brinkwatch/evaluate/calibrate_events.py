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

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def calibrate(model_dir: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    os.environ["BRINKWATCH_EVENT_MODEL"] = str(model_dir)  # the stage loads the same model object
    model = load_event_model(model_dir)
    results = {}
    for threshold in THRESHOLDS:
        model.thresholds = {"default": threshold}
        scores = evaluate_events("gold-dev", "model")
        results[threshold] = (scores["event"]["f1"] + scores["full_match"]["f1"]) / 2
        if progress is not None:
            progress(
                f"threshold {threshold}: event F1 {scores['event']['f1']:.3f}, full {scores['full_match']['f1']:.3f}"
            )
    best = max(results, key=lambda t: results[t])
    meta_file = model_dir / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["thresholds"] = {"default": best}
    meta["calibration"] = {"set": "gold-dev", "objective": "mean of event F1 and full-match F1", "scores": results}
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    model.thresholds = {"default": best}
    return meta
