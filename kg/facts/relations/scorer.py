"""The relation model: one linear scorer per relation over candidate features,
shipped as ``models/relations.json`` and trained by ``scripts/train_relations.py``."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Model:
    """A linear scorer per relation: bias, feature weights and decision threshold."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]
    # feature -> (relation, weight) for every relation that weighs it: a
    # candidate's features are looked up once for all relations
    by_feature: dict[str, tuple[tuple[str, float], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[str, float]]] = {}
        for relation, table in self.weights.items():
            for feature, weight in table.items():
                index.setdefault(feature, []).append((relation, weight))
        object.__setattr__(self, "by_feature", {f: tuple(ws) for f, ws in index.items()})

    def probability(self, relation: str, features: Iterable[str]) -> float:
        table = self.weights.get(relation)
        if table is None:
            return 0.0
        z = self.bias[relation] + sum(table.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, relation: str, features: Iterable[str]) -> bool:
        return self.probability(relation, features) >= self.threshold.get(relation, 1.0)

    def accepted(self, relations: Iterable[str], features: Iterable[str]) -> set[str]:
        """Those of ``relations`` that :meth:`accepts` for ``features``, the features
        read once.  Each relation's weights are summed in the order of ``features``,
        as :meth:`probability` sums them, so the scores are the same to the bit."""
        wanted = [r for r in relations if r in self.weights]
        if not wanted:
            return set()
        terms: dict[str, list[float]] = {r: [] for r in wanted}
        for feature in features:
            for relation, weight in self.by_feature.get(feature, ()):
                if relation in terms:
                    terms[relation].append(weight)
        out: set[str] = set()
        for relation, weights in terms.items():
            z = self.bias[relation] + sum(weights)
            if 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) >= self.threshold.get(relation, 1.0):
                out.add(relation)
        return out

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
