"""Train the relation model (kg/models/relations.json) on KnowledgeNet folds, and cross-validate it.

    python scripts/train_relations.py FOLD1.jsonl FOLD2.jsonl FOLD3.jsonl --out kg/models/relations.json
    python scripts/train_relations.py FOLD1.jsonl FOLD2.jsonl FOLD3.jsonl --cv

Each candidate pair of arguments (see kg.facts.relations.candidates) inside an
annotated passage is an example for every relation its argument classes admit:
positive when a gold fact of that relation overlaps one of its mention pairs,
negative when the passage is exhaustively annotated for the relation, and left
out otherwise.  One L2-regularised logistic regression per relation over the
candidate's sparse features and its dense context vector (the pipeline's token
vectors, kg.facts.relations.context; ``--hidden N`` puts a ReLU layer of N units
between the vector and the score), fitted by full-batch gradient descent (Adam)
from zero weights (a seeded start for a hidden layer): the same data gives the
same model, byte for byte.  ``--bags K`` fits K such models, each seeing a
random share (``--subspace``, 0.7) of the sparse features, and ships their
average, one model of the same form (default 1: a single model; 5 bags gave
business F1 0.630 cross-validated against 0.631 for one model).

Cross-validated on KnowledgeNet folds 1-3 (``--cv``), the shipped setting gives
business (properties 1-6) micro F1 0.633 (P 0.628, R 0.637) and 0.667 over all
15 properties (before the mean vector on the dependency path joined the
context: 0.631 and 0.667).  Of the business gold facts, 91% have a candidate
pair of the relation's argument classes (65% accepted, 27% scored below the
threshold) and 9% have none (3% both arguments found but never paired, 5% an
argument not found, under 1% each the pair only the other way round or only
with other argument classes).

Tried without a gain of 0.01 (business F1, folds 1-3 cross-validated, the
default threshold 0.3 unless said; the linear model above: 0.633):

* LightGBM trees per business relation over the same sparse features and
  context vector (one thread, fixed seeds) instead of the linear model: 0.608
  (0.620 at 0.25) with 300 rounds of 15 leaves, feature share 0.3, rate 0.05;
  0.619 with 600 rounds of 7 leaves at rate 0.03; 0.613 with the rounds chosen
  by early stopping on the last fifth of the training examples.  They fit the
  ~3,000-6,000 examples (~200-500 positive) of a relation no better than the
  linear model, and are less sure: lower recall.  Trees over the sparse
  features alone: 0.626 (0.639 blended with the linear model).
* The mean of the linear and the trees' probability: 0.642-0.645 with one
  tree model (three settings, three seeds), 0.639 (P 0.655, R 0.624; all 15:
  0.670) trained and scored end to end by this script; 0.646 with the trees
  of three seeds averaged.  About +0.01, within the spread between seeds,
  for a model twice the size and a slower scorer: not shipped.
* One softmax over all 15 relations and "none" per candidate pair (the
  relations annotated for the pair compete; several true ones share the
  target): 0.627 (0.632 at 0.25); its mean with the per-relation models 0.631.

``--cv`` trains on all folds but one and scores the held-out fold with the
data set's metric (kg.evaluation.knowledgenet), for each fold in turn.
``--cache DIR`` keeps the parsed documents (spaCy DocBin, and their token
vectors beside it) between runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from kg import nlp as kg_nlp
from kg.evaluation import knowledgenet as kn
from kg.facts import relations
from kg.facts.entities import analyse
from kg.reading import parse

L2 = 3.0  # penalty on the squared weights (the loss sums over examples)
EPOCHS = 400
LEARNING_RATE = 0.05
MIN_COUNT = 3  # a feature seen fewer times in training is dropped
THRESHOLD = 0.3
KEEP = 0.02  # weights smaller than this are not shipped
HIDDEN: int | None = 0  # hidden units over the context vectors (0: linear in them, None: not used)
DENSE_L2 = 300.0  # penalty on the squared weights of the dense part
SEED = 0  # start of the hidden layer's weights
DIGITS = 5  # decimals of the shipped dense weights
BAGS = 1  # models fitted on random shares of the features and averaged (1: one model on all of them)
SUBSPACE = 0.7  # the share of the features each of them sees


@dataclass(frozen=True, slots=True)
class Example:
    relation: str
    features: frozenset[str]
    label: int
    vector: np.ndarray | None = field(default=None, compare=False)


def read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_records(records: Sequence[dict[str, Any]], nlp: Language, cache: Path | None) -> list[Doc]:
    """The parsed documents, with the pipeline's token vectors (``doc.tensor``,
    which a DocBin does not keep: cached beside it)."""
    vectors = cache.with_suffix(".tensor.npz") if cache is not None else None
    if cache is not None and vectors is not None and cache.exists() and vectors.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        stored = np.load(vectors)
        ends = np.cumsum(stored["lengths"])
        for doc, end, length in zip(docs, ends, stored["lengths"]):
            doc.tensor = stored["tensor"][end - length : end].astype(np.float32)
        return docs
    texts = [parse(r["documentText"], source=str(r["documentId"]), doc_id=str(r["documentId"])).content for r in records]
    docs = list(nlp.pipe(texts, batch_size=32))
    if cache is not None and vectors is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for doc in docs:
            db.add(doc)
        db.to_disk(cache)
        lengths = np.array([len(doc) for doc in docs], dtype=np.int64)
        np.savez(vectors, tensor=np.concatenate([doc.tensor for doc in docs]).astype(np.float16), lengths=lengths)
    return docs


def _overlap(a: tuple[int, int], b0: int, b1: int) -> bool:
    return a[0] < b1 and b0 < a[1]


def examples(record: dict[str, Any], doc: Doc) -> list[Example]:
    """Labelled examples from the candidates of one document."""
    ents = analyse(doc, str(record["documentId"]))
    signatures = relations.signatures()
    out: list[Example] = []
    for cand in relations.candidates(doc, ents):
        spans = [
            ((doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1])), (doc[o.start].idx, doc[o.end - 1].idx + len(doc[o.end - 1])))
            for s, o in cand.pairs
        ]
        lo = min(min(a[0], b[0]) for a, b in spans)
        hi = max(max(a[1], b[1]) for a, b in spans)
        passage = next((p for p in record["passages"] if p["passageStart"] <= lo and hi <= p["passageEnd"]), None)
        if passage is None:
            continue
        exhaustive = {str(p["propertyId"]) for p in passage["exhaustivelyAnnotatedProperties"]}
        for relation, sigs in signatures.items():
            if cand.signature not in sigs:
                continue
            pid = kn.PROPERTY_IDS[relation]
            positive = any(
                str(g["propertyId"]) == pid
                and _overlap(sp, g["subjectStart"], g["subjectEnd"])
                and _overlap(op, g["objectStart"], g["objectEnd"])
                for g in passage["facts"]
                for sp, op in spans
            )
            if positive or pid in exhaustive:
                out.append(Example(relation, cand.features, int(positive), cand.vector))
    return out


def fit(
    train: Sequence[Example],
    *,
    threshold: float = THRESHOLD,
    l2: float = L2,
    hidden: int | None = HIDDEN,
    dense_l2: float = DENSE_L2,
    bags: int = BAGS,
    subspace: float = SUBSPACE,
) -> dict[str, Any]:
    """The model file's content: per relation bias, weights, dense part and threshold.

    ``hidden``: units of the hidden layer over the context vectors (0: a linear
    term over them; None: no dense part).  ``bags`` > 1: that many models, each
    fitted on a random ``subspace`` share of the sparse features (drawn from a
    fixed seed), whose scores are averaged (:func:`average`); a cue cannot lean
    on the one feature that happens to fit the training data, which lowers the
    variance of a model that fits its training data far better than unseen data."""
    if bags <= 1:
        return _fit(train, threshold, l2, hidden, dense_l2)
    rng = np.random.default_rng(SEED)
    vocab = sorted({f for e in train for f in e.features})
    models = []
    for _ in range(bags):
        keep = {f for f, draw in zip(vocab, rng.random(len(vocab))) if draw < subspace}
        sample = [Example(e.relation, e.features & keep, e.label, e.vector) for e in train]
        models.append(_fit(sample, threshold, l2, hidden, dense_l2))
    return average(models)


def average(models: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One model whose score (before the sigmoid) is the mean of the ``models``'
    scores: the mean bias and feature weights, the mean linear dense term, or
    the hidden layers side by side with the output weights divided by their
    number.  The result reads like any other model file."""
    k = len(models)
    out: dict[str, Any] = {}
    for relation in sorted({r for m in models for r in m["relations"]}):
        # a model without the relation (its sample had no example of it) scores 0 for it
        entries = [m["relations"].get(relation, {"bias": 0.0, "weights": {}}) for m in models]
        weights: dict[str, float] = {}
        for entry in entries:
            for feature, weight in entry["weights"].items():
                weights[feature] = weights.get(feature, 0.0) + weight / k
        kept = {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= KEEP}
        merged: dict[str, Any] = {
            "bias": round(sum(e["bias"] for e in entries) / k, 4),
            "threshold": next(e["threshold"] for e in entries if "threshold" in e),
            "weights": kept,
        }
        dense = [e["dense"] for e in entries if "dense" in e]
        if dense and all("hidden" in d for d in dense):
            merged["dense"] = {
                "hidden": [row for d in dense for row in d["hidden"]],
                "hidden_bias": [b for d in dense for b in d["hidden_bias"]],
                "out": [round(w / k, DIGITS) for d in dense for w in d["out"]],
            }
        elif dense:
            merged["dense"] = {"out": _round(sum(np.asarray(d["out"]) for d in dense) / k)}
        out[relation] = merged
    return {"relations": out}


def _fit(train: Sequence[Example], threshold: float, l2: float, hidden: int | None, dense_l2: float) -> dict[str, Any]:
    """One model (see :func:`fit`)."""
    counts = Counter(f for e in train for f in e.features)
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    out: dict[str, Any] = {}
    for relation in sorted({e.relation for e in train}):
        rows = [e for e in train if e.relation == relation]
        dense = hidden is not None and all(e.vector is not None for e in rows)
        fitted = _train(rows, index, l2, hidden if dense and hidden is not None else None, dense_l2)
        kept = {vocab[i]: round(float(w), 4) for i, w in enumerate(fitted.weights) if abs(w) >= KEEP}
        entry: dict[str, Any] = {"bias": round(fitted.bias, 4), "threshold": threshold, "weights": dict(sorted(kept.items()))}
        if fitted.dense is not None:
            entry["dense"] = fitted.dense
        out[relation] = entry
    return {"relations": out}


@dataclass(frozen=True, slots=True)
class Fitted:
    bias: float
    weights: np.ndarray
    dense: dict[str, Any] | None


def _round(a: np.ndarray) -> list[Any]:
    return np.round(a.astype(np.float64), DIGITS).tolist()  # type: ignore[no-any-return]


def _train(rows: Sequence[Example], index: dict[str, int], l2: float, hidden: int | None, dense_l2: float) -> Fitted:
    """One logistic regression over the sparse features (plus, with ``hidden``, a
    term over the standardised context vectors, through a ReLU layer of that many
    units when > 0), fitted jointly by full-batch Adam from a fixed start."""
    cols = [np.array(sorted(index[f] for f in e.features if f in index), dtype=np.int64) for e in rows]
    row_ids = np.concatenate([np.full(len(c), n, dtype=np.int64) for n, c in enumerate(cols)]) if cols else np.zeros(0, np.int64)
    col_ids = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    y = np.array([e.label for e in rows], dtype=np.float64)
    n, d = len(rows), len(index)
    params: dict[str, np.ndarray] = {"w": np.zeros(d), "b": np.zeros(1)}
    if hidden is not None:
        x = np.stack([e.vector for e in rows if e.vector is not None]).astype(np.float64)
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        x = (x - mean) / scale
        if hidden > 0:
            rng = np.random.default_rng(SEED)
            params["H"] = rng.normal(0.0, 1.0 / np.sqrt(x.shape[1]), (hidden, x.shape[1]))
            params["c"] = np.zeros(hidden)
            params["v"] = np.zeros(hidden)
        else:
            params["v"] = np.zeros(x.shape[1])
    moments = {k: (np.zeros_like(p), np.zeros_like(p)) for k, p in params.items()}
    for step in range(1, EPOCHS + 1):
        w, b = params["w"], params["b"]
        z = b[0] + np.bincount(row_ids, weights=w[col_ids], minlength=n)
        if hidden is not None and hidden > 0:
            a = x @ params["H"].T + params["c"]
            h = np.maximum(a, 0.0)
            z = z + h @ params["v"]
        elif hidden is not None:
            z = z + x @ params["v"]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = p - y
        grads = {"w": np.bincount(col_ids, weights=r[row_ids], minlength=d) + l2 * w, "b": np.array([r.sum()])}
        if hidden is not None and hidden > 0:
            v = params["v"]
            grads["v"] = h.T @ r + dense_l2 * v
            back = np.outer(r, v) * (a > 0)
            grads["H"] = back.T @ x + dense_l2 * params["H"]
            grads["c"] = back.sum(axis=0)
        elif hidden is not None:
            grads["v"] = x.T @ r + dense_l2 * params["v"]
        for k, g in grads.items():
            m1, m2 = moments[k]
            m1 *= 0.9
            m1 += 0.1 * g
            m2 *= 0.999
            m2 += 0.001 * g * g
            params[k] -= LEARNING_RATE * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    bias = float(params["b"][0])
    dense: dict[str, Any] | None = None
    # the standardisation folded into the shipped weights: the model reads raw vectors
    if hidden is not None and hidden > 0:
        layer = params["H"] / scale
        dense = {"hidden": [_round(row) for row in layer], "hidden_bias": _round(params["c"] - layer @ mean), "out": _round(params["v"])}
    elif hidden is not None:
        out = params["v"] / scale
        bias -= float(out @ mean)
        dense = {"out": _round(out)}
    return Fitted(bias, params["w"], dense)


def predict_fold(records: Sequence[dict[str, Any]], docs: Sequence[Doc], model_data: dict[str, Any]) -> list[dict[str, Any]]:
    scorer = relations.Model.from_data(model_data)
    out = []
    for record, doc in zip(records, docs):
        ents = analyse(doc, str(record["documentId"]))
        out.append(kn.fill(record, relations.extract(doc, ents, scorer=scorer)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folds", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("kg/models/relations.json"))
    parser.add_argument("--cv", action="store_true", help="cross-validate instead of writing the model")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="probability above which a relation is accepted")
    parser.add_argument("--l2", type=float, default=L2, help="L2 penalty")
    parser.add_argument("--hidden", type=int, default=HIDDEN, help="hidden units over the context vectors (0: linear; -1: no dense part)")
    parser.add_argument("--dense-l2", type=float, default=DENSE_L2, help="L2 penalty on the dense part")
    parser.add_argument("--bags", type=int, default=BAGS, help="models fitted on random shares of the features and averaged")
    parser.add_argument("--subspace", type=float, default=SUBSPACE, help="share of the features each bagged model sees")
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed documents")
    args = parser.parse_args(argv)
    hidden = None if args.hidden < 0 else args.hidden

    nlp = kg_nlp.load()
    folds = []
    for path in args.folds:
        started = time.perf_counter()
        records = read_records(path)
        docs = parse_records(records, nlp, args.cache / f"{path.stem}.spacy" if args.cache else None)
        folds.append((records, docs, [e for r, d in zip(records, docs) for e in examples(r, d)]))
        print(f"{path.name}: {len(records)} documents, {len(folds[-1][2])} examples, {time.perf_counter() - started:.0f}s", file=sys.stderr)

    if not args.cv:
        data = fit([e for _, _, ex in folds for e in ex], threshold=args.threshold, l2=args.l2, hidden=hidden, dense_l2=args.dense_l2, bags=args.bags, subspace=args.subspace)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
        return 0

    total = kn.Scores(tuple((pid, kn.Counts()) for pid in kn.PROPERTIES))
    for held_out, (records, docs, _) in enumerate(folds):
        train = [e for k, (_, _, ex) in enumerate(folds) if k != held_out for e in ex]
        scores = kn.score(records, predict_fold(records, docs, fit(train, threshold=args.threshold, l2=args.l2, hidden=hidden, dense_l2=args.dense_l2, bags=args.bags, subspace=args.subspace)))
        print(f"--- held out: {args.folds[held_out].name}")
        for line in kn.report_lines(scores):
            print(line)
        total = kn.Scores(tuple((pid, a + b) for (pid, a), (_, b) in zip(total.per_property, scores.per_property)))
    print("--- all held-out folds")
    for line in kn.report_lines(total):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
