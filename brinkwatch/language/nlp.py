"""Loading the trained English pipeline that ships inside the package, offline and once per process.

The pipeline lives in brinkwatch/resources/en_brinkwatch (trained by `brinkwatch model train`, see
docs/language-model.md). `BRINKWATCH_MODEL` points at another trained pipeline folder, for instance a
training run's model-best, without reinstalling.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError

__all__ = ["DEFAULT_MODEL", "load_nlp", "model_path"]

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "resources" / "en_brinkwatch"


def model_path() -> Path:
    override = os.environ.get("BRINKWATCH_MODEL")
    return Path(override) if override else DEFAULT_MODEL


@lru_cache(maxsize=2)
def _load(path: Path) -> Any:
    import spacy  # imported here: intake-only users should not pay spaCy's import time

    if not (path / "config.cfg").is_file():
        raise ConfigurationError(
            f"no trained language model at {path}; train one with `brinkwatch model train`, "
            "or point BRINKWATCH_MODEL at a trained pipeline folder"
        )
    return spacy.load(path)


def load_nlp(path: Path | None = None) -> Any:
    """The spaCy Language object (cached per path)."""
    return _load((path or model_path()).resolve())
