"""brinkwatch's own event triggers (resources/coding/triggers.yaml), next to the CAMEO verb dictionary."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["Triggers", "default_triggers"]


@dataclass(slots=True)
class Triggers:
    nouns: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    light_particles: dict[str, str] = field(default_factory=dict)
    undergo_verbs: frozenset[str] = frozenset()
    kill_verbs: frozenset[str] = frozenset()
    injure_verbs: frozenset[str] = frozenset()
    blame_predicates: frozenset[str] = frozenset()
    modes: dict[str, str] = field(default_factory=dict)  # trigger -> PLOVER mode
    ignore_verbs: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Triggers:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        modes = {
            str(k): str(v).split()[1] for part in ("nouns", "verbs") for k, v in data[part].items() if " " in str(v)
        }
        return cls(
            {str(k): str(v).split()[0] for k, v in data["nouns"].items()},
            {str(k): str(v).split()[0] for k, v in data["verbs"].items()},
            frozenset(data["light_verbs"]),
            dict(data["light_particles"]),
            frozenset(data["undergo_verbs"]),
            frozenset(data["kill_verbs"]),
            frozenset(data["injure_verbs"]),
            frozenset(data["blame_predicates"]),
            modes,
            frozenset(data.get("ignore_verbs") or []),
        )


@lru_cache(maxsize=1)
def default_triggers() -> Triggers:
    return Triggers.load(Path(__file__).resolve().parents[1] / "resources" / "coding" / "triggers.yaml")
