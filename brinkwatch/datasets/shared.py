"""Locating the shared data folder: `BRINKWATCH_SHARED`, else ../shared beside the checkout or the cwd."""

from __future__ import annotations

import os
from pathlib import Path

from brinkwatch.errors import ConfigurationError

__all__ = ["shared_dir", "shared_file"]

_CHECKOUT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared data folder, or a ConfigurationError that says how to point at it."""
    override = os.environ.get("BRINKWATCH_SHARED")
    candidates = [Path(override)] if override else [_CHECKOUT.parent / "shared", Path.cwd().parent / "shared"]
    for path in candidates:
        if (path / "data").is_dir():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise ConfigurationError(
        f"the shared data folder was not found (tried {tried}); set BRINKWATCH_SHARED to the folder that "
        "holds data/news, data/eval and data/ud"
    )


def shared_file(relative: str) -> Path:
    """A file under the shared folder's data/, or a ConfigurationError naming it."""
    path = shared_dir() / "data" / relative
    if not path.is_file():
        raise ConfigurationError(f"{path} is missing from the shared data folder; check BRINKWATCH_SHARED")
    return path
