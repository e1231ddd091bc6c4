"""The graph's files, written from a pyoxigraph store filled part by part.

A build hands the graph over in parts (:func:`kg.rdf.parts`: one per document,
then the corpus-wide part); each part goes into an on-disk pyoxigraph store as
N-Triples as soon as it is made, and the same lines, sorted, to a run file beside
it, so no whole-corpus graph is held in Python.  ``graph.ttl`` is written from the
runs merged (one bytewise-sorted file of distinct lines, then Turtle by pyoxigraph:
same graph, same bytes; not from the store, which keeps
integers of derived types such as xsd:nonNegativeInteger as xsd:integer),
``facts.jsonl`` from the store (the shipped queries) and, for a large graph,
the store is kept as the query store ``graph.oxigraph/``.  SHACL validation reads
the sorted lines back a batch of whole subjects at a time (:func:`shacl_batches`).
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.plugins.serializers.nt import (
    _quoteLiteral,  # how rdflib's N-Triples serializer writes a literal
)
from rdflib.term import Node

from kg import oxigraph, parallel, rdf
from kg.export import facts_table
from kg.graphstore import IndexedMemory
from kg.validate import Batch, BatchReport, Checker, ValidationReport, data_graph, merged, read_backwards, validate_batches
from kg.vocab import KG

GRAPH_FILE = "graph.ttl"
# N-Triples lines (whole subjects) SHACL validates at a time: a batch's graph, pyshacl's
# working state and its results are the last peak of a large build (50,000 lines held
# some 30 MiB more than 20,000, for no less time: pyshacl's own cost per batch is small);
# in worker processes the same, so that the processes end together, none left waiting
# for the last long batch of another
BATCH_LINES = 20_000
PROCESS_BATCH_LINES = BATCH_LINES


@dataclass(slots=True)
class GraphStore:
    """An on-disk store being filled with a graph under ``out`` (see :func:`open_building`)."""

    out: Path
    store: ox.Store
    runs: list[Path] = field(default_factory=list)  # the same triples as N-Triples lines, a sorted file per load
    pending: list[bytes] = field(default_factory=list)
    # pyoxigraph loads without the interpreter lock: a batch is loaded on this thread
    # while the next parts are made
    loader: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-load"))
    loading: Future[None] | None = None

    def add(self, part: Graph) -> None:
        """Add a part's triples (loaded in batches of :data:`kg.oxigraph.LOAD_LINES` lines)."""
        iris: dict[Node, str] = {}  # a part names its subjects and predicates many times
        self.pending.extend(_nt_line(triple, iris) for triple in part)
        if len(self.pending) >= oxigraph.LOAD_LINES:
            self._load()

    def _load(self) -> None:
        if self.pending:
            lines, self.pending = self.pending, []
            run = self.out / f".{GRAPH_FILE}.run{len(self.runs)}.nt"
            self.runs.append(run)
            self._wait()  # one batch loading at a time: at most two held
            self.loading = self.loader.submit(self._load_lines, lines, run)

    def _load_lines(self, lines: list[bytes], run: Path) -> None:
        self.store.bulk_load(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
        run.write_bytes(b"".join(sorted(set(lines))))

    def _wait(self) -> None:
        if self.loading is not None:
            self.loading.result()
            self.loading = None

    def close(self) -> int:
        """Load what is pending and compact the store; the number of triples it holds."""
        self._load()
        try:
            self._wait()
        finally:
            self.loader.shutdown()
        self.store.optimize()
        self.store.flush()
        return len(self.store)


def _nt_line(triple: tuple[Node, Node, Node], iris: dict[Node, str]) -> bytes:
    """The line rdflib's N-Triples writer writes for ``triple``, each IRI's text taken
    from ``iris`` once made there (``URIRef.n3`` checks the IRI every time)."""
    subject, predicate, value = triple
    text = _quoteLiteral(value) if isinstance(value, Literal) else _iri_text(value, iris)
    return f"{_iri_text(subject, iris)} {_iri_text(predicate, iris)} {text} .\n".encode("utf-8")


def _iri_text(term: Node, iris: dict[Node, str]) -> str:
    text = iris.get(term)
    if text is None:
        text = iris[term] = term.n3()
    return text


def _building(out: Path) -> Path:
    return out / f".{oxigraph.store_path(Path(GRAPH_FILE)).name}.building"


def open_building(out: Path) -> GraphStore:
    """A new, empty store under ``out`` (any store a failed build left there is removed)."""
    folder = _building(out)
    shutil.rmtree(folder, ignore_errors=True)
    for run in out.glob(f".{GRAPH_FILE}.run*.nt"):
        run.unlink()
    return GraphStore(out, ox.Store(str(folder)))


@dataclass(slots=True)
class Filled:
    """A filled store and the graph's triples as sorted N-Triples lines in ``lines``:
    what the outputs are written from (see :func:`finish`)."""

    out: Path
    store: ox.Store
    lines: Path
    triples: int


def finish(building: GraphStore) -> Filled:
    """Load what is pending, compact the store and sort the graph's N-Triples lines.

    The store is then closed and opened again read-only: what writing it held (about 55 MiB
    at 5,000 documents, growing with the graph) goes before the views are drawn, and the
    outputs only read it."""
    triples = building.close()
    ordered = building.out / f".{GRAPH_FILE}.sorted.nt"
    _merge(building.runs, ordered)
    building.store = ox.Store()  # the only reference: the database closes here
    return Filled(building.out, oxigraph.open_store(_building(building.out)), ordered, triples)


def write_turtle(filled: Filled) -> tuple[Path, dict[str, float]]:
    """Write ``graph.ttl`` from the sorted lines, streamed (it holds little memory); its path
    and the seconds it took (pyoxigraph works without the interpreter lock: this runs
    beside pure-Python work)."""
    clock = time.perf_counter()
    graph_file = filled.out / GRAPH_FILE
    _write_turtle(filled.lines, graph_file)
    return graph_file, {"write turtle": time.perf_counter() - clock}


def write_facts(filled: Filled) -> dict[str, float]:
    """Write ``facts.jsonl`` from the store; the seconds it took.  The store sorts each
    query's answers whole (a row per fact and sentence), so a build runs this apart from
    SHACL validation, not beside it."""
    clock = time.perf_counter()
    facts_table.write(filled.store, filled.out / "facts.jsonl")
    return {"write facts": time.perf_counter() - clock}


def close(filled: Filled, *, keep_store: bool | None = None) -> list[Path]:
    """Remove the sorted lines and keep the store as ``graph.oxigraph/`` when the graph is
    large (or ``keep_store``), else remove it; the graph files (Turtle, then the store if kept)."""
    filled.lines.unlink(missing_ok=True)
    graph_file = filled.out / GRAPH_FILE
    folder = _building(filled.out)
    filled.store = ox.Store()  # closes the database before it is moved or removed
    keep = filled.triples >= oxigraph.LARGE_GRAPH if keep_store is None else keep_store
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        oxigraph.remove_store(graph_file)
        return [graph_file]
    return [graph_file, _install(folder, graph_file)]


def _merge(runs: list[Path], ordered: Path) -> None:
    """The distinct lines of the sorted ``runs`` (removed) merged into ``ordered``: one line
    of each run in memory at a time."""
    files = [run.open("rb") for run in runs]
    try:
        with ordered.open("wb") as out:
            last = None
            for line in heapq.merge(*files):
                if line != last:
                    out.write(line)
                    last = line
    finally:
        for file, run in zip(files, runs):
            file.close()
            run.unlink(missing_ok=True)


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


def shacl_batches(filled: Filled, *, backwards: frozenset[Node], lines: int = BATCH_LINES) -> Iterator[Batch]:
    """The graph for SHACL validation in batches of about ``lines`` triples: whole
    subjects read from the sorted lines (every subject's triples are consecutive
    there, and the lines keep each literal's datatype), with the types of the nodes
    they point to and the mentions of the subjects of the ``backwards`` classes (see
    :func:`kg.validate.read_backwards`) looked up in the store (IRIs only, which the
    store keeps as they are)."""
    for chunk in subject_chunks(filled.lines, lines=lines):
        yield from _batches(filled.store, chunk, backwards, size=lines)


def subject_chunks(ordered: Path, *, lines: int = BATCH_LINES) -> Iterator[bytes]:
    """The sorted N-Triples of ``ordered`` in chunks of whole subjects, each of about
    ``lines`` lines (a chunk ends at the first new subject after that many)."""
    with ordered.open("rb") as file:
        chunk: list[bytes] = []
        subject = b""
        for line in file:
            head = line[: line.index(b" ")]
            if head != subject and len(chunk) >= lines:
                yield b"".join(chunk)
                chunk = []
            subject = head
            chunk.append(line)
        if chunk:
            yield b"".join(chunk)


def validate(filled: Filled, *, processes: parallel.Pool | None = None, lines: int | None = None) -> ValidationReport:
    """SHACL validation of the filled graph a batch of whole subjects at a time (see
    :func:`shacl_batches`): in this process, or spread over ``processes``, each of which
    opens the store read-only and sends back what it found as plain data.  The report
    is the same either way: the batches' reports are merged in batch order (``lines``:
    the batches' size, default :data:`BATCH_LINES` here, :data:`PROCESS_BATCH_LINES` there)."""
    started = time.perf_counter()
    if processes is None:
        batches = shacl_batches(filled, backwards=read_backwards(), lines=lines or BATCH_LINES)
        return validate_batches(batches, describe=describer(filled.store))
    size = lines or PROCESS_BATCH_LINES
    check = partial(check_chunk, str(_building(filled.out)), size)
    chunks = subject_chunks(filled.lines, lines=size)
    return merged(processes.ordered(check, chunks), started=started)


def check_chunk(store_path: str, size: int, chunk: bytes) -> BatchReport:
    """Check one chunk of whole subjects (:func:`subject_chunks`) against the shapes, in
    batches of about ``size`` triples (:func:`_batches`), with the rest of the graph read
    from the store at ``store_path`` (opened read-only: this runs in another process while
    the build holds the store)."""
    checker, backwards = _process_checker()
    store = _read_only(store_path)
    reports = [checker.check(batch, describe=describer(store)) for batch in _batches(store, chunk, backwards, size=size)]
    return BatchReport(sum(r.checked for r in reports), tuple(v for r in reports for v in r.violations))


@cache
def _process_checker() -> tuple[Checker, frozenset[Node]]:
    """The shapes made ready, and the classes read backwards: once per process."""
    checker = Checker.of()
    return checker, read_backwards(ontology=checker.ontology)


@cache
def _read_only(store_path: str) -> ox.Store:
    """The build's store, opened once per process (a pool's processes serve one build)."""
    return ox.Store.read_only(store_path)


def ready_to_check() -> None:
    """Import and run what :func:`check_chunk` needs once (pyshacl loads much of itself on
    its first validation): a process of a :func:`kg.parallel.pool` is then ready."""
    checker, _ = _process_checker()
    checker.check(Batch(rdf.new_graph(), frozenset()), describe=lambda nodes: rdf.new_graph())


_TYPE = ox.NamedNode(str(RDF.type))
_MENTION_OF = ox.NamedNode(str(KG.mentionOf))
_TYPE_TEXT = f"<{RDF.type}>".encode()
_RDF_TYPE, _KG_MENTION_OF = RDF.type, KG.mentionOf  # a namespace's attribute is looked up by a Python method


def _batches(store: ox.Store, lines: bytes, backwards: frozenset[Node], *, size: int) -> Iterator[Batch]:
    """The batches of a chunk of whole subjects (:func:`subject_chunks`), each of about
    ``size`` triples counting the mentions read in for its entities (an entity of a
    large corpus has thousands: a chunk of entities read whole was the validation's peak)."""
    written = _Written()  # terms recur across a chunk's batches: each made once
    filling = _Filling()
    for subject_lines in _by_subject(lines.splitlines()):
        filling.add(subject_lines, written, store, backwards)
        if filling.size >= size:
            yield filling.batch(store)
            filling = _Filling()
    if filling.size:
        yield filling.batch(store)


def _by_subject(lines: list[bytes]) -> Iterator[list[bytes]]:
    """Sorted N-Triples lines grouped by subject (each subject's lines are consecutive)."""
    group: list[bytes] = []
    subject = b""
    for line in lines:
        head = line[: line.index(b" ")]
        if head != subject and group:
            yield group
            group = []
        subject = head
        group.append(line)
    if group:
        yield group


class _Filling:
    """A :class:`~kg.validate.Batch` being filled a subject at a time; ``size``: the triples
    added so far, and the types of the mentions still to be looked up."""

    def __init__(self) -> None:
        self.graph = data_graph()
        indexed = self.graph.store
        assert isinstance(indexed, IndexedMemory)
        self.indexed = indexed
        self.focus: set[Node] = set()
        self.linked: set[Node] = set()
        self.found = _Terms()
        self.size = 0

    def add(self, lines: list[bytes], written: _Written, store: ox.Store, backwards: frozenset[Node]) -> None:
        """Add one subject's lines, and its mentions when it is of a class read backwards."""
        graph, add, linked = self.graph, self.indexed.add, self.linked
        made = written.made.get  # the terms made so far (a lookup here: most terms recur)
        backward = False
        subject: Node | None = None
        for line in lines:
            subject_text, predicate_text, rest = line.split(b" ", 2)
            value_text = rest[:-2]  # without the closing " ."
            subject, predicate, value = made(subject_text), made(predicate_text), made(value_text)
            if subject is None:
                subject = written.term(subject_text, line, 0)
            if predicate is None:
                predicate = written.term(predicate_text, line, 1)
            if value is None:
                value = written.term(value_text, line, 2)
            add((subject, predicate, value), graph)
            if value_text[:1] == b"<":
                if predicate_text != _TYPE_TEXT:
                    linked.add(value)
                elif value in backwards and subject_text[:1] == b"<":
                    backward = True
        assert subject is not None  # a subject has at least one line
        self.focus.add(subject)
        self.size += len(lines)
        if backward:  # the mentions of the entity, for the entity shape's inverse path
            for quad in store.quads_for_pattern(None, _MENTION_OF, ox.NamedNode(str(subject))):
                mention = self.found.of(quad.subject)
                add((mention, _KG_MENTION_OF, subject), graph)
                if isinstance(quad.subject, ox.NamedNode):
                    linked.add(mention)
                self.size += 2  # the link and the mention's type

    def batch(self, store: ox.Store) -> Batch:
        """The batch, with the types of the nodes pointed to, for sh:class (not targets
        here); the batch's own subjects have theirs in it already."""
        for target in self.linked - self.focus:
            for quad in store.quads_for_pattern(ox.NamedNode(str(target)), _TYPE, None):
                self.indexed.add_from_subject((target, _RDF_TYPE, self.found.of(quad.object)))
        return Batch(self.graph, frozenset(self.focus))


class _Written:
    """The terms of N-Triples lines written by :func:`_nt_line`, read back as the rdflib
    terms the build made (a plain literal for an xsd:string one), each made once."""

    def __init__(self) -> None:
        self.made: dict[bytes, Node] = {}

    def term(self, text: bytes, line: bytes, position: int) -> Node:
        """The term written as ``text``, the subject (0), predicate (1) or object (2) of ``line``."""
        made = self.made.get(text)
        if made is None:
            made = _read_term(text)
            self.made[text] = made = _parsed_term(line, position) if made is None else made
        return made


_XSD_STRING = str(XSD.string)


def _read_term(text: bytes) -> Node | None:
    """An IRI, ``<iri>``, or a literal without escapes or language, ``"lexical"`` or
    ``"lexical"^^<datatype>``, read straight from its N-Triples text (an IRI is written
    as it is, and a lexical form without a backslash holds no escape and no quote);
    None for any other term."""
    if text[:1] == b"<":
        return URIRef(text[1:-1].decode("utf-8"))
    if text[:1] != b'"' or b"\\" in text:
        return None
    if text[-1:] == b'"':
        return Literal(text[1:-1].decode("utf-8"))
    if text[-1:] != b">" or b'"^^<' not in text:
        return None
    lexical, datatype = text[1:-1].decode("utf-8").split('"^^<')
    return Literal(lexical) if datatype == _XSD_STRING else Literal(lexical, datatype=URIRef(datatype))


def _parsed_term(line: bytes, position: int) -> Node:
    """The subject (0), predicate (1) or object (2) of an N-Triples line, as pyoxigraph reads it."""
    triple = next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES)))
    return _Terms().of((triple.subject, triple.predicate, triple.object)[position])


class _Terms:
    """pyoxigraph terms as the rdflib terms the build made (a plain literal for an
    xsd:string one), each made once."""

    def __init__(self) -> None:
        self.made: dict[ox.NamedNode | ox.Literal, Node] = {}

    def of(self, term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple) -> Node:
        made = self.made.get(term)  # type: ignore[arg-type]
        if made is None:
            made = oxigraph.to_rdflib(term)
            if made is None:
                raise TypeError(f"unexpected term in a kg graph: {term!r}")
            self.made[term] = made  # type: ignore[index]
        return made


_TOWARDS_SENTENCES = frozenset(ox.NamedNode(str(p)) for p in (PROV.wasDerivedFrom, KG.inSentence, KG.document))


def describer(store: ox.Store) -> Callable[[set[Node]], Graph]:
    """What names ``nodes`` in a SHACL report, read from ``store``: their triples, their
    mentions', their evidence sentences' and those sentences' documents'."""

    def describe(nodes: set[Node]) -> Graph:
        graph = rdf.new_graph()
        terms = _Terms()
        level: Iterable[ox.NamedNode] = {ox.NamedNode(str(n)) for n in nodes} | {
            q.subject for n in nodes for q in store.quads_for_pattern(None, _MENTION_OF, ox.NamedNode(str(n)))
            if isinstance(q.subject, ox.NamedNode)
        }
        for _ in range(3):  # node -> sentence -> document
            following: set[ox.NamedNode] = set()
            for node in level:
                for quad in store.quads_for_pattern(node, None, None):
                    graph.add((terms.of(quad.subject), terms.of(quad.predicate), terms.of(quad.object)))
                    if quad.predicate in _TOWARDS_SENTENCES and isinstance(quad.object, ox.NamedNode):
                        following.add(quad.object)
            level = following
        return graph

    return describe
