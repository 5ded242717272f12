"""What an install outside a checkout gets: the wheel's files, and the data paths the commands need."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_packaging_wheel_ships_resources_without_stray_bytecode(tmp_path: Path) -> None:
    """The `**/*` package-data glob swept up whatever lay in a package folder, __pycache__ included."""
    source = tmp_path / "src"
    source.mkdir()
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(tmp_path / "src.tar", "w") as archive:
        for name in filter(None, tracked.decode().split("\0")):
            if (ROOT / name).is_file():
                archive.add(ROOT / name, arcname=name)
    with tarfile.open(tmp_path / "src.tar") as archive:
        archive.extractall(source, filter="data")
    for stray in ("brinkwatch/__pycache__/model.cpython-311.pyc", "brinkwatch/resources/coding/__pycache__/x.pyc"):
        (source / stray).parent.mkdir(parents=True, exist_ok=True)
        (source / stray).write_bytes(b"stray")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", "dist", "."]
    subprocess.run(command, cwd=source, check=True, capture_output=True)
    [wheel] = (source / "dist").glob("brinkwatch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if "__pycache__" in n or n.endswith(".pyc")] == []
    assert "brinkwatch/resources/evaluation/geo_eval.jsonl" in names  # what `evaluate geo` reads by default
    assert "brinkwatch/resources/en_brinkwatch/meta.json" in names and "brinkwatch/web/templates/base.html" in names
