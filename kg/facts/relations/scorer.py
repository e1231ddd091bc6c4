"""The relation model: one scorer per relation over candidate features, shipped
as ``models/relations.json`` and trained by ``scripts/train_relations.py``.

A relation's score is a bias, plus the weights of the candidate's sparse
features, plus (when the model has a dense part and the candidate a context
vector, :mod:`.context`) a small layer over that vector: ``out · relu(H x + c)``,
or ``out · x`` when the relation has no hidden layer."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Dense:
    """The dense part of one relation's score: ``out · relu(hidden x + hidden_bias)``,
    or ``out · x`` without a hidden layer."""

    out: np.ndarray
    hidden: np.ndarray | None = None  # (units, inputs)
    hidden_bias: np.ndarray | None = None

    def score(self, vector: np.ndarray) -> float:
        if self.hidden is None or self.hidden_bias is None:
            return float(self.out @ vector)
        return float(self.out @ np.maximum(self.hidden @ vector + self.hidden_bias, 0.0))

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Dense:
        hidden = data.get("hidden")
        return cls(
            out=np.asarray(data["out"], dtype=np.float64),
            hidden=None if hidden is None else np.asarray(hidden, dtype=np.float64),
            hidden_bias=None if hidden is None else np.asarray(data["hidden_bias"], dtype=np.float64),
        )


@dataclass(frozen=True, slots=True)
class Model:
    """A scorer per relation: bias, feature weights, an optional dense part and
    the decision threshold."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]
    dense: dict[str, Dense] = field(default_factory=dict)
    # the relations in a fixed order, and per feature its weight in each (0.0
    # where a relation does not weigh it): a candidate's features are looked up
    # once for all relations
    order: dict[str, int] = field(init=False, repr=False, compare=False)
    by_feature: dict[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = {relation: n for n, relation in enumerate(self.weights)}
        rows: dict[str, list[float]] = {}
        for relation, table in self.weights.items():
            for feature, weight in table.items():
                rows.setdefault(feature, [0.0] * len(order))[order[relation]] = weight
        object.__setattr__(self, "order", order)
        object.__setattr__(self, "by_feature", {f: tuple(row) for f, row in rows.items()})

    def probability(self, relation: str, features: Iterable[str], vector: np.ndarray | None = None) -> float:
        table = self.weights.get(relation)
        if table is None:
            return 0.0
        z = self.bias[relation] + sum(table.get(f, 0.0) for f in features)
        z += self._dense(relation, vector)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, relation: str, features: Iterable[str], vector: np.ndarray | None = None) -> bool:
        return self.probability(relation, features, vector) >= self.threshold.get(relation, 1.0)

    def _dense(self, relation: str, vector: np.ndarray | None) -> float:
        dense = self.dense.get(relation)
        return 0.0 if dense is None or vector is None else dense.score(vector)

    def accepted(self, relations: Iterable[str], features: Iterable[str], vector: np.ndarray | None = None) -> set[str]:
        """Those of ``relations`` that :meth:`accepts` for ``features`` (and the
        context ``vector``), the features read once.  Each relation's weights are
        summed in the order of ``features``, as :meth:`probability` sums them (a
        feature it does not weigh adds 0.0, which changes no sum), so the scores
        are the same to the bit."""
        rows = [row for row in map(self.by_feature.get, features) if row is not None]
        # each relation's weights in feature order: a column of the rows
        columns = list(zip(*rows)) if rows else [()] * len(self.order)
        # the float64 vector every dense part reads (numpy would convert it for each)
        wide = None if vector is None else vector.astype(np.float64)
        out: set[str] = set()
        for relation in relations:
            n = self.order.get(relation)
            if n is None:
                continue
            z = self.bias[relation] + sum(columns[n])
            z += self._dense(relation, wide)
            if 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) >= self.threshold.get(relation, 1.0):
                out.add(relation)
        return out

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Model:
        """A model from the content of a model file (``{"relations": {name: {bias,
        threshold, weights, dense?}}}``; ``dense``: ``{out, hidden?, hidden_bias?}``)."""
        relations = data["relations"]
        return cls(
            weights={r: {f: float(w) for f, w in d["weights"].items()} for r, d in relations.items()},
            bias={r: float(d["bias"]) for r, d in relations.items()},
            threshold={r: float(d["threshold"]) for r, d in relations.items()},
            dense={r: Dense.from_data(d["dense"]) for r, d in relations.items() if "dense" in d},
        )


@cache
def model() -> Model:
    """The shipped relation model (read on first use)."""
    text = resources.files("kg.models").joinpath("relations.json").read_text(encoding="utf-8")
    return Model.from_data(json.loads(text))
