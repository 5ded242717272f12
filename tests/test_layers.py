"""Imports point one way: a module may import its own layer and the layers below it, never one above.

    core <- reading <- coding <- pipeline <- analysis <- evaluation <- storage <- web <- cli

Every import counts, at module level, inside functions or under TYPE_CHECKING: each is a dependency
a reader has to follow. The one exception is `from brinkwatch import __version__` (a constant the root
package sets before it imports anything). The layers, lowest first, and why each sits where it does,
are in docs/architecture.md; a new module or package must be given a layer here.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "brinkwatch"

# Lowest first. A name stands for that module and everything below it; the longest name that
# matches a module decides its layer, so a module can sit above the rest of its package.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # the data model, its JSON form, the error tree and the stage protocol
    ("core", ("brinkwatch.model", "brinkwatch.serialize", "brinkwatch.errors", "brinkwatch.pipeline")),
    # text into Article records: bytes, structure, sources and items; sentences and the parse
    # and the labelled data sets read from ../shared (gold standard, plv-train)
    ("reading", ("brinkwatch.intake", "brinkwatch.language", "brinkwatch.datasets")),
    # the coding stages and what they read: actors and events, places and dates, provenance
    ("coding", ("brinkwatch.coding", "brinkwatch.geo", "brinkwatch.provenance")),
    # the default pipeline over one source, and the root package that re-exports it
    ("pipeline", ("brinkwatch.extract", "brinkwatch")),
    # fusion, follow-through, dyad series and alerts over coded articles
    ("analysis", ("brinkwatch.analysis",)),
    # rerunnable evaluations: they run the coders and the analysis on held-out sets
    ("evaluation", ("brinkwatch.evaluate",)),
    # the store and what reads or writes it: batch runners, exports, and the batch intake that
    # keeps its state in store records (exact and near-copy detection, feed polling)
    (
        "storage",
        (
            "brinkwatch.store",
            "brinkwatch.engine",
            "brinkwatch.export",
            "brinkwatch.intake.dedup",
            "brinkwatch.intake.feeds",
        ),
    ),
    # the REST API and the dashboard
    ("web", ("brinkwatch.api", "brinkwatch.web")),
    # the command line
    ("cli", ("brinkwatch.cli", "brinkwatch.__main__")),
]
# Packages of one layer that must not import one another either.
PEERS: list[tuple[str, ...]] = [
    ("brinkwatch.intake", "brinkwatch.language", "brinkwatch.datasets"),
    ("brinkwatch.coding", "brinkwatch.geo", "brinkwatch.provenance"),
]
ALLOWED = {("brinkwatch", "__version__")}


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (resources hold data, not code)."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "resources" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, choices: tuple[str, ...] | list[str]) -> str | None:
    matches = [c for c in choices if name == c or name.startswith(c + ".")]
    return max(matches, key=len) if matches else None


def layer_of(module: str) -> int:
    owners = {prefix: rank for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}
    owner = _owner(module, list(owners))
    if owner is None:
        raise LookupError(f"{module} has no layer: add it to LAYERS in tests/test_layers.py and docs/architecture.md")
    return owners[owner]


@cache
def imports(module: str) -> tuple[str, ...]:
    """The brinkwatch modules `module` imports (a name taken from a package counts as that package)."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "brinkwatch")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            if base.split(".")[0] != "brinkwatch":
                continue
            for alias in node.names:
                if (base, alias.name) in ALLOWED:
                    continue
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules() else base)
    return tuple(sorted(found - {module}))


def test_layers_every_module_has_a_layer() -> None:
    assert len(modules()) > 50
    for module in modules():
        layer_of(module)


def test_layers_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module in modules()
        for target in imports(module)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == [], "\n".join(upward)


def test_layers_peers_do_not_import_each_other() -> None:
    crossing = []
    for group in PEERS:
        for module in modules():
            own = _owner(module, group)
            if own is None or layer_of(module) != layer_of(own):
                continue  # e.g. intake.dedup sits higher than the rest of intake
            crossing += [
                f"{module} imports its peer {target}"
                for target in imports(module)
                if _owner(target, group) not in (None, own)
            ]
    assert crossing == [], "\n".join(crossing)


def test_layers_no_import_cycles() -> None:
    """No module reaches itself through the imports it names (intake.sources <-> intake.warc was the last)."""
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str], done: set[str]) -> None:
        for target in imports(module):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target], done)
        done.add(module)

    done: set[str] = set()
    for module in modules():
        if module not in done:
            visit(module, [module], done)
    assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from brinkwatch.cli import app\n", False),
        ("from brinkwatch.model import Article\n", True),
        ("def f():\n    from brinkwatch.store import open_store\n", False),
        ("from brinkwatch import __version__\n", True),
    ],
    ids=["cli-above", "model-below", "store-in-a-function", "version"],
)
def test_layers_the_check_sees_function_level_and_upward_imports(
    source: str, expected: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module of the coding layer with this source: does it keep to the rule?"""
    fake = tmp_path / "fake.py"
    fake.write_text(source, encoding="utf-8")
    table = {**modules(), "brinkwatch.coding.fake": fake}
    monkeypatch.setattr(f"{__name__}.modules", lambda: table)
    imports.cache_clear()
    try:
        keeps = all(layer_of(t) <= layer_of("brinkwatch.coding.fake") for t in imports("brinkwatch.coding.fake"))
    finally:
        imports.cache_clear()
    assert keeps is expected
