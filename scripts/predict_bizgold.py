"""Predictions for bizgold: run kg on each article and write {"id", "facts"} lines
in the facts.jsonl format, for ../shared/eval/bizgold/score_bizgold.py.

    python scripts/predict_bizgold.py GOLD.jsonl PRED.jsonl
    python ../shared/eval/bizgold/score_bizgold.py GOLD.jsonl PRED.jsonl
"""

from __future__ import annotations

import json
import sys

from kg import nlp as kg_nlp
from kg import rdf
from kg.export import facts_table
from kg.pipeline import extract
from kg.reading import parse
from kg.resolve import resolve

KINDS = ("role", "unit", "financial", "goal")


def main(gold: str, pred: str) -> None:
    nlp = kg_nlp.load()
    with open(gold, encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    documents = [parse(a["text"], source=a["id"], doc_id=a["id"]) for a in articles]
    with open(pred, "w", encoding="utf-8") as out:
        for result in extract(documents, nlp):
            graph = rdf.to_graph(resolve([result]))
            facts = [row for row in facts_table.rows(graph) if row["kind"] in KINDS]
            out.write(json.dumps({"id": result.document.id, "facts": facts}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
