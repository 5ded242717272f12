"""Shared fixtures: where ../shared is, and the samples we wrote ourselves."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "samples"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout; tests that need it skip only where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: shared data and samples live beside the checkout in CI")
    return SHARED


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
