"""The facts table (facts.jsonl), derived from the graph by the shipped queries.

The queries run on an rdflib graph or, in a build, on the pyoxigraph store of
the graph (several times faster); both give the same rows, so the
same bytes.

One JSON object a line, in the contract documented in the README:
role, unit, financial, goal and statement rows, each with its evidence.  A
fact stated in several sentences appears once, with its first evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg import oxigraph, store
from kg.export import atomic_write

# kind -> (shipped query, {output field: query column})
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "role": ("roles", {"person": "person", "role": "role", "role_text": "role_text", "org": "org"}),
    "unit": ("units", {"unit": "unit", "parent": "parent", "relation": "relation", "former": "former"}),
    "financial": (
        "figures",
        {"org": "org", "metric": "metric", "metric_text": "metric_text", "value": "value", "unit": "unit", "change": "change", "period": "period",
         "period_value": "period_value", "period_start": "period_start", "period_end": "period_end"},
    ),
    "goal": (
        "goals",
        {
            "holder": "holder", "action": "action", "quantity": "quantity", "unit": "unit", "object": "object",
            "scope": "scope", "deadline": "deadline", "stated_by": "stated_by", "modality": "modality",
        },
    ),
    "statement": ("statements", {"speaker": "speaker", "source": "source", "cue": "cue", "quoted": "quoted", "content": "content"}),
    # one kind per relation name: founded_by, headquarters, birth_place, ...
    "relation": ("relations", {"subject": "subject", "object": "object", "value": "value"}),
}
KIND_COLUMN = {"relation": "relation"}  # tables whose rows name their own kind


Source = Graph | ox.Store  # the graph, or a pyoxigraph store holding it


def rows(graph: Source) -> Iterator[dict[str, Any]]:
    """The facts of ``graph`` as flat records, ordered by kind, then document and offset."""
    queries = store.shipped_queries()
    for kind, (query, fields) in TABLES.items():
        columns, answers = _select(graph, queries[query])
        first: dict[str, dict[str, Any]] = {}
        for values in answers:
            row = dict(zip(columns, values))
            own_kind = row[KIND_COLUMN[kind]] if kind in KIND_COLUMN else kind
            record = {"kind": own_kind, **{out: _plain(row.get(col)) for out, col in fields.items()}}
            record["evidence"] = {"doc": row["doc"], "start": row["start"], "end": row["end"], "text": row["text"]}
            key = row["fact"]
            if key not in first or (row["doc"], row["start"]) < (first[key]["evidence"]["doc"], first[key]["evidence"]["start"]):
                first[key] = record
        yield from sorted(first.values(), key=lambda r: (r["evidence"]["doc"], r["evidence"]["start"], json.dumps(r, sort_keys=True)))


def _select(graph: Source, text: str) -> tuple[list[str], Iterable[list[Any]]]:
    """A shipped query's columns and rows; from a store, the rows are read one at a time
    (a fact's row is repeated for each of its sentences: the table whole would grow with
    the corpus, its facts table no more than with the facts)."""
    if isinstance(graph, Graph):
        table = store.table(store.run(graph, text))
        return table.columns, table.rows
    _, columns, answers = oxigraph.solutions(graph, text)
    return columns, answers


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def serialize(graph: Source) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(graph)).encode("utf-8")


def write(graph: Source, path: Path) -> None:
    """The bytes of :func:`serialize`, written a line at a time (a build writes this beside
    the views: the table is never held whole as one string)."""
    atomic_write(path, ((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8") for r in rows(graph)))
