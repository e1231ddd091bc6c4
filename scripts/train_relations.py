"""Train the relation model (kg/models/relations.json) on KnowledgeNet folds, and cross-validate it.

    python scripts/train_relations.py FOLD1.jsonl FOLD2.jsonl FOLD3.jsonl --out kg/models/relations.json
    python scripts/train_relations.py FOLD1.jsonl FOLD2.jsonl FOLD3.jsonl --cv

Each candidate pair of arguments (see kg.facts.relations.candidates) inside an
annotated passage is an example for every relation its argument classes admit:
positive when a gold fact of that relation overlaps one of its mention pairs,
negative when the passage is exhaustively annotated for the relation, and left
out otherwise.  One L2-regularised logistic regression per relation, fitted by
full-batch gradient descent (Adam) from zero weights: the same data gives the
same model, byte for byte.

``--cv`` trains on all folds but one and scores the held-out fold with the
data set's metric (kg.evaluation.knowledgenet), for each fold in turn.
``--cache DIR`` keeps the parsed documents (spaCy DocBin) between runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Example:
    relation: str
    features: frozenset[str]
    label: int


def read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_records(records: Sequence[dict[str, Any]], nlp: Language, cache: Path | None) -> list[Doc]:
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    texts = [parse(r["documentText"], source=str(r["documentId"]), doc_id=str(r["documentId"])).content for r in records]
    docs = list(nlp.pipe(texts, batch_size=32))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for doc in docs:
            db.add(doc)
        db.to_disk(cache)
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
                out.append(Example(relation, cand.features, int(positive)))
    return out


def fit(train: Sequence[Example], *, threshold: float = THRESHOLD, l2: float = L2) -> dict[str, Any]:
    """The model file's content: per relation bias, weights and threshold."""
    counts = Counter(f for e in train for f in e.features)
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    out: dict[str, Any] = {}
    for relation in sorted({e.relation for e in train}):
        rows = [e for e in train if e.relation == relation]
        bias, weights = _logistic(rows, index, l2)
        kept = {vocab[i]: round(float(w), 4) for i, w in enumerate(weights) if abs(w) >= KEEP}
        out[relation] = {"bias": round(bias, 4), "threshold": threshold, "weights": dict(sorted(kept.items()))}
    return {"relations": out}


def _logistic(rows: Sequence[Example], index: dict[str, int], l2: float) -> tuple[float, np.ndarray]:
    cols = [np.array(sorted(index[f] for f in e.features if f in index), dtype=np.int64) for e in rows]
    row_ids = np.concatenate([np.full(len(c), n, dtype=np.int64) for n, c in enumerate(cols)]) if cols else np.zeros(0, np.int64)
    col_ids = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    y = np.array([e.label for e in rows], dtype=np.float64)
    n, d = len(rows), len(index)
    w = np.zeros(d)
    b = 0.0
    m, v = np.zeros(d + 1), np.zeros(d + 1)
    for step in range(1, EPOCHS + 1):
        z = b + np.bincount(row_ids, weights=w[col_ids], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = p - y
        grad = np.empty(d + 1)
        grad[:d] = np.bincount(col_ids, weights=r[row_ids], minlength=d) + l2 * w
        grad[d] = r.sum()
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        update = LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        w -= update[:d]
        b -= float(update[d])
    return b, w


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
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed documents")
    args = parser.parse_args(argv)

    nlp = kg_nlp.load()
    folds = []
    for path in args.folds:
        started = time.perf_counter()
        records = read_records(path)
        docs = parse_records(records, nlp, args.cache / f"{path.stem}.spacy" if args.cache else None)
        folds.append((records, docs, [e for r, d in zip(records, docs) for e in examples(r, d)]))
        print(f"{path.name}: {len(records)} documents, {len(folds[-1][2])} examples, {time.perf_counter() - started:.0f}s", file=sys.stderr)

    if not args.cv:
        data = fit([e for _, _, ex in folds for e in ex], threshold=args.threshold, l2=args.l2)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
        return 0

    total = kn.Scores(tuple((pid, kn.Counts()) for pid in kn.PROPERTIES))
    for held_out, (records, docs, _) in enumerate(folds):
        train = [e for k, (_, _, ex) in enumerate(folds) if k != held_out for e in ex]
        scores = kn.score(records, predict_fold(records, docs, fit(train, threshold=args.threshold, l2=args.l2)))
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
