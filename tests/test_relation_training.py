"""The relation trainer (scripts/train_relations.py): bagged models average into one model file."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from kg.facts.relations import Model


def _trainer() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_relations.py"
    spec = importlib.util.spec_from_file_location("train_relations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_relations"] = module
    spec.loader.exec_module(module)
    return module


tr = _trainer()


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_average_scores_the_mean_of_the_linear_models() -> None:
    a = {"relations": {"ceo": {"bias": -1.0, "threshold": 0.3, "weights": {"P=appos": 2.0, "W=chief": 1.0}, "dense": {"out": [0.5, 0.0]}}}}
    b = {"relations": {"ceo": {"bias": 0.0, "threshold": 0.3, "weights": {"P=appos": 1.0}, "dense": {"out": [0.0, 1.0]}}}}
    merged = Model.from_data(tr.average([a, b]))
    vector = np.array([1.0, 2.0])
    for features in (["P=appos"], ["P=appos", "W=chief"], []):
        expected = (Model.from_data(a).probability("ceo", features, vector), Model.from_data(b).probability("ceo", features, vector))
        mean = sum(_logit(p) for p in expected) / 2
        assert _logit(merged.probability("ceo", features, vector)) == pytest.approx(mean, abs=1e-6)


def test_average_puts_hidden_layers_side_by_side() -> None:
    layer = {"hidden": [[1.0, 0.0]], "hidden_bias": [0.0]}
    a = {"relations": {"hq": {"bias": 0.0, "threshold": 0.5, "weights": {}, "dense": {**layer, "out": [2.0]}}}}
    b = {"relations": {"hq": {"bias": 0.0, "threshold": 0.5, "weights": {}, "dense": {"hidden": [[0.0, 1.0]], "hidden_bias": [-1.0], "out": [4.0]}}}}
    merged = Model.from_data(tr.average([a, b]))
    vector = np.array([1.0, 3.0])
    # (2 * relu(1) + 4 * relu(3 - 1)) / 2 = 5
    assert _logit(merged.probability("hq", [], vector)) == pytest.approx(5.0, abs=1e-6)


def test_a_relation_missing_from_one_bag_counts_as_zero_there() -> None:
    a = {"relations": {"spouse": {"bias": 2.0, "threshold": 0.5, "weights": {"W=wife": 1.0}}}}
    merged = tr.average([a, {"relations": {}}])["relations"]["spouse"]
    assert merged["bias"] == 1.0 and merged["weights"] == {"W=wife": 0.5}


def _examples() -> list[object]:
    rng = np.random.default_rng(7)
    out = []
    for n in range(60):
        label = n % 3 == 0
        features = {"P=appos" if label else "P=conj", f"W={n % 5}"}
        out.append(tr.Example("ceo", frozenset(features), int(label), rng.normal(size=4).astype(np.float32)))
    return out


def test_bagged_fit_is_deterministic_and_learns_the_cue() -> None:
    train = _examples()
    first = tr.fit(train, bags=3)
    assert first == tr.fit(train, bags=3)
    model = Model.from_data(first)
    zero = np.zeros(4)
    assert model.probability("ceo", ["P=appos"], zero) > 0.5 > model.probability("ceo", ["P=conj"], zero)
