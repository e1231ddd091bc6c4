"""The graph's files, written from a pyoxigraph store filled part by part.

A build hands the graph over in parts (:func:`kg.rdf.parts`: one per document,
then the corpus-wide part); each part goes into an on-disk pyoxigraph store as
N-Triples as soon as it is made, and the same lines to a file beside it, so no
whole-corpus graph is held in Python.  ``graph.ttl`` is written from that file
(sorted bytewise by the system's ``sort``, which spills to disk, then written as
Turtle by pyoxigraph: same graph, same bytes; not from the store, which keeps
integers of derived types such as xsd:nonNegativeInteger as xsd:integer),
``facts.jsonl`` from the store (the shipped queries) and, for a large graph,
the store is kept as the query store ``graph.oxigraph/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.nt import _nt_row  # the row writer of rdflib's N-Triples serializer

from kg import oxigraph
from kg.export import facts_table
from kg.validate import ValidationReport

GRAPH_FILE = "graph.ttl"
SORT_MEMORY = "64M"  # the buffer ``sort`` may use before it spills sorted runs to disk


@dataclass(slots=True)
class GraphStore:
    """An on-disk store being filled with a graph under ``out`` (see :func:`open_building`)."""

    out: Path
    store: ox.Store
    lines: BinaryIO  # the same triples as N-Triples lines, unsorted
    pending: list[bytes] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return _building(self.out)

    def add(self, part: Graph) -> None:
        """Add a part's triples (loaded in batches of :data:`kg.oxigraph.LOAD_LINES` lines)."""
        self.pending.extend(_nt_row(triple).encode("utf-8") for triple in part)
        if len(self.pending) >= oxigraph.LOAD_LINES:
            self._load()

    def _load(self) -> None:
        if self.pending:
            data = b"".join(self.pending)
            self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            self.lines.write(data)
            self.pending = []

    def close(self) -> int:
        """Load what is pending and compact the store; the number of triples it holds."""
        self._load()
        self.lines.close()
        self.store.optimize()
        self.store.flush()
        return len(self.store)


def _building(out: Path) -> Path:
    return out / f".{oxigraph.store_path(Path(GRAPH_FILE)).name}.building"


def _unsorted(out: Path) -> Path:
    return out / f".{GRAPH_FILE}.nt"


def open_building(out: Path) -> GraphStore:
    """A new, empty store under ``out`` (any store a failed build left there is removed)."""
    folder = _building(out)
    shutil.rmtree(folder, ignore_errors=True)
    return GraphStore(out, ox.Store(str(folder)), _unsorted(out).open("wb"))


def fill(store: GraphStore, parts: Iterable[Graph]) -> GraphStore:
    for part in parts:
        store.add(part)
    return store


Check = Callable[[Path, ox.Store], ValidationReport]  # a validation of the sorted N-Triples file and the store


@dataclass(frozen=True, slots=True)
class GraphFiles:
    """What :func:`write` wrote: the graph files (Turtle, then the store if kept), the
    number of triples, the validation report if one was asked for, and the seconds each step took."""

    paths: list[Path]
    triples: int
    validation: ValidationReport | None
    seconds: dict[str, float]


def write(store: GraphStore, *, keep_store: bool | None = None, check: Check | None = None) -> GraphFiles:
    """Write ``graph.ttl`` and ``facts.jsonl`` from the filled ``store``, run ``check`` on
    the sorted triples and the store, and keep the store as ``graph.oxigraph/`` when the
    graph is large (or ``keep_store``), else remove it."""
    out = store.out
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    triples = store.close()
    seconds["load store"] = time.perf_counter() - clock
    graph_file = out / GRAPH_FILE
    ordered = out / f".{GRAPH_FILE}.sorted.nt"
    try:
        clock = time.perf_counter()
        _sort(_unsorted(out), ordered)
        _write_turtle(ordered, graph_file)
        seconds["write turtle"] = time.perf_counter() - clock
        clock = time.perf_counter()
        facts_table.write(store.store, out / "facts.jsonl")
        seconds["write facts"] = time.perf_counter() - clock
        report = None
        if check is not None:
            report = check(ordered, store.store)
            seconds["validate"] = report.seconds
    finally:
        ordered.unlink(missing_ok=True)
    folder = store.folder
    store.store = ox.Store()  # closes the database before it is moved or removed
    keep = triples >= oxigraph.LARGE_GRAPH if keep_store is None else keep_store
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        oxigraph.remove_store(graph_file)
        return GraphFiles([graph_file], triples, report, seconds)
    return GraphFiles([graph_file, _install(folder, graph_file)], triples, report, seconds)


def _sort(unsorted: Path, ordered: Path) -> None:
    """The N-Triples lines of ``unsorted`` (removed) sorted bytewise into ``ordered``,
    by ``sort``, which spills to disk beyond SORT_MEMORY."""
    try:
        subprocess.run(
            ["sort", "-u", "-S", SORT_MEMORY, "-T", str(ordered.parent), "-o", str(ordered), str(unsorted)],
            check=True, env={**os.environ, "LC_ALL": "C"},
        )
    finally:
        unsorted.unlink(missing_ok=True)


def _write_turtle(ordered: Path, path: Path) -> None:
    """Turtle with the kg prefixes and subjects in sorted order, from sorted N-Triples."""
    building = path.with_name(f".{path.name}.tmp")
    try:
        triples = ox.parse(path=str(ordered), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, str(building), format=ox.RdfFormat.TURTLE, prefixes=oxigraph.prefixes())
        os.replace(building, path)
    finally:
        building.unlink(missing_ok=True)


def _install(folder: Path, graph_file: Path) -> Path:
    """Move the filled store to ``graph.oxigraph/``, stamped with the Turtle file it holds."""
    final = oxigraph.store_path(graph_file)
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    stamp = {"graph": graph_file.name, "sha256": oxigraph.sha256_file(graph_file), "size": graph_file.stat().st_size}
    (folder / oxigraph.STAMP).write_text(json.dumps(stamp, sort_keys=True) + "\n", encoding="utf-8")
    if final.exists():
        os.replace(final, old)
    os.replace(folder, final)
    shutil.rmtree(old, ignore_errors=True)
    return final
