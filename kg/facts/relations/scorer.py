"""The relation model: one linear scorer per relation over candidate features,
shipped as ``models/relations.json`` and trained by ``scripts/train_relations.py``."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Model:
    """A linear scorer per relation: bias, feature weights and decision threshold."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]

    def probability(self, relation: str, features: Iterable[str]) -> float:
        table = self.weights.get(relation)
        if table is None:
            return 0.0
        z = self.bias[relation] + sum(table.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, relation: str, features: Iterable[str]) -> bool:
        return self.probability(relation, features) >= self.threshold.get(relation, 1.0)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Model:
        """A model from the content of a model file (``{"relations": {name: {bias, threshold, weights}}}``)."""
        relations = data["relations"]
        return cls(
            weights={r: {f: float(w) for f, w in d["weights"].items()} for r, d in relations.items()},
            bias={r: float(d["bias"]) for r, d in relations.items()},
            threshold={r: float(d["threshold"]) for r, d in relations.items()},
        )


@cache
def model() -> Model:
    """The shipped relation model (read on first use)."""
    text = resources.files("kg.models").joinpath("relations.json").read_text(encoding="utf-8")
    return Model.from_data(json.loads(text))
