"""SHACL validation of a large graph a batch of focus nodes at a time.

pyshacl holds the data graph and builds its own indexes; on a whole corpus
that costs more than the graph.  The shipped shapes are SHACL core constraints
on a node's own values: the values of a path from the focus node (outgoing
predicates, and inverse predicates named by ``sh:inversePath``), their node
kind, datatype and length, and the classes of value nodes (through the
ontology's ``rdfs:subClassOf``).  So a focus node's results depend only on
its neighbourhood: its own triples, the triples that reach it along an
inverse path, and the ``rdf:type`` triples of the nodes at the other end.

The graph is read from its sorted N-Triples file (every subject's triples are
together, and literals keep their exact datatypes); types and inverse edges,
IRIs only, are looked up in the build's pyoxigraph store.  Each batch of
subjects is validated with its neighbourhood and the ontology, and only the
results whose focus node is in the batch are kept: the nodes brought in as
values are validated in their own batch, with their whole neighbourhood.
The report is the one :func:`kg.validate.validate` gives for the whole graph.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF, SH

from kg import oxigraph, rdf
from kg.validate import ORDER, SEVERITIES, ValidationReport, Violation, lift_property_shapes, shapes, violation_of

BATCH_SUBJECTS = 4_000  # subjects validated together (a few tens of thousands of triples)
DETAIL_HOPS = 3  # how far from a violating node its report's label and evidence sentence are read
_TYPE = ox.NamedNode(str(RDF.type))


def validate_sorted(
    lines: Path, store: ox.Store, *, ontology: Graph, shapes_graph: Graph | None = None, batch: int = BATCH_SUBJECTS
) -> ValidationReport:
    """Validate the graph whose triples are the sorted N-Triples ``lines`` (the same graph
    ``store`` holds) against the kg shapes (or ``shapes_graph``), ``batch`` subjects at a time."""
    started = time.perf_counter()
    shapes_graph = shapes_graph if shapes_graph is not None else shapes()
    lifted = lift_property_shapes(shapes_graph)
    targets = set(shapes_graph.objects(None, SH.targetClass))
    inverse = sorted({ox.NamedNode(str(p)) for p in shapes_graph.objects(None, SH.inversePath)}, key=str)
    found: dict[tuple[str, str | None, str, str | None, str], Violation] = {}
    checked = 0
    for subjects in _batches(lines, batch):
        data = _graph(itertools.chain.from_iterable(subjects.values()))
        focus = {URIRef(s.value) for s in subjects}
        checked += sum(1 for s in focus if any(c in targets for c in data.objects(s, RDF.type)))
        _add_neighbourhood(data, store, subjects, inverse)
        data += ontology
        _, results, _ = shacl_validate(data, shacl_graph=lifted, inference="none", allow_warnings=True, advanced=False)
        assert isinstance(results, Graph)
        mine = [r for r in results.subjects(RDF.type, SH.ValidationResult) if results.value(r, SH.focusNode) in focus]
        if not mine:
            continue
        _add_details(data, store, results, mine, inverse)
        for result in mine:
            violation = violation_of(data, results, result)
            found[(violation.focus, violation.path, violation.message, violation.value, violation.severity)] = violation
    violations = sorted(
        found.values(), key=lambda v: (ORDER.get(v.severity, 3), v.kind, v.label, v.focus, v.path or "", v.message, v.value or "")
    )
    return ValidationReport(
        conforms=not any(v.severity == SEVERITIES[SH.Violation] for v in violations),
        violations=tuple(violations),
        checked=checked,
        seconds=time.perf_counter() - started,
    )


def _batches(lines: Path, size: int) -> Iterator[dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]]]:
    """The triples of ``lines`` grouped by subject, ``size`` subjects at a time (the lines
    are sorted, so a subject's triples are consecutive)."""
    batch: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for triple in ox.parse(path=str(lines), format=ox.RdfFormat.N_TRIPLES):
        subject = triple.subject
        if subject not in batch and len(batch) >= size:
            yield batch
            batch = {}
        batch.setdefault(subject, []).append(triple)  # type: ignore[arg-type]
    if batch:
        yield batch


def _add_neighbourhood(data: Graph, store: ox.Store, subjects: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]], inverse: list[ox.NamedNode]) -> None:
    """The edges reaching the subjects along ``inverse`` predicates, and the types of
    every node at the other end of an edge."""
    others: set[ox.NamedNode] = set()
    for subject, triples in subjects.items():
        others.update(t.object for t in triples if isinstance(t.object, ox.NamedNode))
        for predicate in inverse:
            for quad in store.quads_for_pattern(None, predicate, subject, ox.DefaultGraph()):
                data.add((oxigraph.graph_term(quad.subject), oxigraph.graph_term(predicate), oxigraph.graph_term(subject)))
                if isinstance(quad.subject, ox.NamedNode):
                    others.add(quad.subject)
    for node in sorted(others - subjects.keys(), key=str):
        for quad in store.quads_for_pattern(node, _TYPE, None, ox.DefaultGraph()):
            data.add((oxigraph.graph_term(node), RDF.type, oxigraph.graph_term(quad.object)))


def _add_details(data: Graph, store: ox.Store, results: Graph, mine: list[Node], inverse: list[ox.NamedNode]) -> None:
    """The triples a violation's report reads beyond the batch (the value's label, the
    evidence sentence's text and document), up to DETAIL_HOPS edges from the focus node
    and the value (added after validation: they only name things in the report)."""
    frontier = {n for r in mine for n in (results.value(r, SH.focusNode), results.value(r, SH.value)) if isinstance(n, URIRef)}
    seen: set[URIRef] = set()
    for _ in range(DETAIL_HOPS):
        nodes, frontier = frontier - seen, set()
        seen |= nodes
        for node in sorted(nodes, key=str):
            iri = ox.NamedNode(str(node))
            quads = [store.quads_for_pattern(iri, None, None, ox.DefaultGraph())]
            quads += [store.quads_for_pattern(None, predicate, iri, ox.DefaultGraph()) for predicate in inverse]
            for quad in itertools.chain.from_iterable(quads):
                triple = (oxigraph.graph_term(quad.subject), oxigraph.graph_term(quad.predicate), oxigraph.graph_term(quad.object))
                data.add(triple)
                frontier.update(t for t in (triple[0], triple[2]) if isinstance(t, URIRef))


def _graph(triples: Iterator[ox.Triple]) -> Graph:
    """The triples as a graph over kg's build store (pyshacl matches triples several
    times faster there), with the kg prefixes (the report writes paths as CURIEs)."""
    return oxigraph.add_to(rdf.new_graph(), triples)
