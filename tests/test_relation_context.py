"""The dense context of a relation candidate (token vectors) and the model's dense part."""

from __future__ import annotations

import numpy as np
from conftest import make_doc
from test_relations import BASED, MARRIED

from kg.facts import relations
from kg.facts.entities import analyse
from kg.facts.relations.context import has_vectors, pair_vector


def with_vectors(tokens, width=4):
    """A hand-built Doc whose token vectors are their positions (row i: all i)."""
    doc = make_doc(tokens)
    doc.tensor = np.repeat(np.arange(len(doc), dtype=np.float32)[:, None], width, axis=1)
    return doc


def test_a_hand_built_doc_has_no_vectors_and_its_candidates_no_context():
    doc = make_doc(MARRIED)
    assert not has_vectors(doc)
    assert all(c.vector is None for c in relations.candidates(doc, analyse(doc, "d")))


def test_the_context_is_both_heads_the_mean_between_them_and_the_mean_on_the_path():
    doc = with_vectors(BASED)
    args = {doc[a.start : a.end].text: a for a in relations.arguments(doc, analyse(doc, "d"))}
    acme, beta, boston = args["Acme"], args["Beta Corp"], args["Boston"]
    # "Acme , a subsidiary of Beta Corp": heads 0 and 6, tokens 1-4 between
    # without a path the last part is zeros
    assert pair_vector(doc, acme, beta).tolist() == [0.0] * 4 + [6.0] * 4 + [2.5] * 4 + [0.0] * 4
    # read in either direction, the words between are the same
    assert pair_vector(doc, beta, acme).tolist() == [6.0] * 4 + [0.0] * 4 + [2.5] * 4 + [0.0] * 4
    # "Beta Corp , is based in Boston": tokens 7-10 between
    assert pair_vector(doc, beta, boston)[8:12].tolist() == [8.5] * 4
    # the path from Acme down through "subsidiary" and "of" to Corp: the
    # words of the two mentions themselves do not count
    path = [0, 6, 4, 3]
    assert pair_vector(doc, acme, beta, path)[12:].tolist() == [3.5] * 4
    candidate = next(c for c in relations.candidates(doc, analyse(doc, "d")) if c.subject.key == acme.key and c.object.key == beta.key)
    assert candidate.vector is not None and candidate.vector.tolist() == pair_vector(doc, acme, beta, path).tolist()


def test_a_dense_part_adds_to_the_score_only_when_there_is_a_vector():
    data = {"relations": {"ceo": {"bias": -1.0, "threshold": 0.5, "weights": {"TP=ceo": 0.5}, "dense": {"out": [1.0, -1.0]}}}}
    scorer = relations.Model.from_data(data)
    assert not scorer.accepts("ceo", ["TP=ceo"])
    assert scorer.accepts("ceo", ["TP=ceo"], np.array([2.0, 0.5]))
    assert not scorer.accepts("ceo", ["TP=ceo"], np.array([0.0, 2.0]))


def test_a_hidden_layer_passes_only_positive_units():
    dense = {"hidden": [[1.0, 0.0], [0.0, 1.0]], "hidden_bias": [0.0, -1.0], "out": [1.0, 2.0]}
    scorer = relations.Model.from_data({"relations": {"ceo": {"bias": 0.0, "threshold": 0.5, "weights": {}, "dense": dense}}})
    # units relu(3, -0.5) = (3, 0): score 3
    assert abs(scorer.probability("ceo", [], np.array([3.0, 0.5])) - 1 / (1 + np.exp(-3.0))) < 1e-12
    # units relu(-1, 1) = (0, 1): score 2
    assert abs(scorer.probability("ceo", [], np.array([-1.0, 2.0])) - 1 / (1 + np.exp(-2.0))) < 1e-12


def test_scoring_all_relations_at_once_agrees_with_one_at_a_time_with_a_vector():
    data = {
        "relations": {
            "ceo": {"bias": -0.5, "threshold": 0.5, "weights": {"a": 1.0}, "dense": {"out": [1.0, 0.0]}},
            "founded_by": {"bias": 0.2, "threshold": 0.5, "weights": {"b": -1.0}},
        }
    }
    scorer = relations.Model.from_data(data)
    for vector in (np.array([0.3, 1.0]), np.array([-2.0, 0.0]), None):
        for features in ([], ["a"], ["b"], ["a", "b"]):
            assert scorer.accepted(list(scorer.weights), features, vector) == {r for r in scorer.weights if scorer.accepts(r, features, vector)}
