"""SHACL validation of a built graph against ontology/shapes.ttl, with pyshacl.

pyshacl runs without inference: the shapes target each class by name, and
class constraints follow the rdfs:subClassOf triples every graph kg writes
carries (the ontology is part of graph.ttl).  A graph without the ontology
gets it mixed in for the check.  The outcome is turned into plain records:
for each result, the focus node's label and class, the message, and the
evidence sentence that focus node was read from, so a reader can go from a
violation straight back to the text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SH

from kg import rdf
from kg.graphstore import IndexedMemory
from kg.vocab import KG, ONTOLOGY

SEVERITIES: dict[URIRef, str] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
ORDER = {"violation": 0, "warning": 1, "info": 2}
# Properties that, in this order, give a readable name to a node without a label.
_NAMING = (RDFS.label, KG.mergedName, KG.text, KG.roleText, KG.valueText, KG.action, KG.relationName, KG.content, KG.relationKind, SDO.identifier)
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result, told in terms of the graph's own content.

    ``evidence`` is the sentence the focus node was read from (a fact's
    evidence, a mention's sentence, an entity's first mention's sentence, or
    the evidence node itself), and ``document`` that sentence's document id;
    both are None when the graph holds no such sentence.
    """

    severity: str  # violation | warning | info
    focus: str  # IRI of the focus node
    label: str
    kind: str  # the focus node's class(es), by label
    path: str | None  # the property, as a CURIE (``^p`` for an inverse path)
    message: str
    value: str | None
    evidence: str | None
    document: str | None


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Whether the graph conforms (warnings allowed), every result, and what was checked."""

    conforms: bool
    violations: tuple[Violation, ...]
    checked: int  # nodes of the classes the shapes target
    seconds: float

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity == "violation")


def shapes() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl) as shipped with the package."""
    graph = Graph()
    text = resources.files("kg._ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    graph.parse(data=text, format="turtle")
    return graph


def validate(graph: Graph, *, shapes_graph: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against the kg shapes (or ``shapes_graph``).

    The graph is not modified.  When it lacks the ontology's declaration,
    ``ontology`` (default: the shipped ontology) is added to a copy for the
    check, so subclass-aware class constraints and class labels still hold.
    """
    from kg import rdf

    started = time.perf_counter()
    shapes_graph = shapes_graph if shapes_graph is not None else shapes()
    data = graph
    if (ONTOLOGY, RDF.type, OWL.Ontology) not in graph:
        data = graph + (ontology if ontology is not None else rdf.ontology())
    conforms, results, _ = shacl_validate(
        data, shacl_graph=lift_property_shapes(shapes_graph), inference="none", allow_warnings=True, advanced=False
    )
    assert isinstance(results, Graph)
    violations = sorted(
        (violation_of(data, results, node) for node in results.subjects(RDF.type, SH.ValidationResult)),
        key=lambda v: (ORDER.get(v.severity, 3), v.kind, v.label, v.focus, v.path or "", v.message, v.value or ""),
    )
    return ValidationReport(
        conforms=bool(conforms),
        violations=tuple(violations),
        checked=_checked(data, shapes_graph),
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True, slots=True)
class Batch:
    """Some subjects of a graph with all that the shapes read about them: every triple
    of which they are the subject, the rdf:type of every node those triples point to
    (for sh:class) and the mentions of each (``kg:mentionOf`` it, with their types: the
    entity shape's inverse path).

    The types of the nodes pointed to are told only to a lookup from the node (the
    graph's store is a :class:`kg.graphstore.IndexedMemory`, see
    :meth:`~kg.graphstore.IndexedMemory.add_from_subject`): pyshacl finds a class's
    targets by looking up its instances, so they are not targets in this batch, and a
    value's class by looking up the value's types, so sh:class sees them."""

    graph: Graph
    focus: frozenset[Node]


class DataGraph(Graph):
    """A graph to validate, over a :class:`kg.graphstore.IndexedMemory` store, that
    reads the objects of a subject and a property straight from the store's index:
    pyshacl asks for them for every focus node and path of every property shape, and
    rdflib's general route (``Graph.triples``, then the store's pattern match) costs
    several times the lookup.  The same objects, in the same order."""

    def objects(  # type: ignore[override]  # an iterator, not necessarily a generator
        self, subject: Any = None, predicate: Any = None, unique: bool = False
    ) -> Iterator[Any]:
        store = self.store
        if isinstance(predicate, URIRef) and subject is not None and isinstance(store, IndexedMemory) and not isinstance(subject, list):
            return iter(store.values(subject, predicate))  # each object once: unique either way
        return super().objects(subject, predicate, unique)


def data_graph() -> DataGraph:
    """An empty :class:`DataGraph` with the kg prefixes bound (a report names terms with them)."""
    return rdf.with_prefixes(DataGraph(store=IndexedMemory()))


# The triples that name some nodes in a report: their own, their evidence sentences and
# those sentences' documents (what :func:`violation_of` reads besides the batch).
Describe = Callable[[set[Node]], Graph]


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What the check of one :class:`Batch` found: plain data, so that it can come back
    from another process (see :func:`merged`)."""

    checked: int  # the batch's own nodes of the classes the shapes target
    violations: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class Checker:
    """The shapes, made ready once to check any number of batches."""

    lifted: Graph  # the shapes, property shapes lifted (see :func:`lift_property_shapes`)
    ontology: Graph
    classes: frozenset[Node]  # the classes the shapes target

    @classmethod
    def of(cls, shapes_graph: Graph | None = None, ontology: Graph | None = None) -> Checker:
        from kg import rdf

        shapes_graph = shapes_graph if shapes_graph is not None else shapes()
        ontology = ontology if ontology is not None else rdf.ontology()
        return cls(lift_property_shapes(shapes_graph), ontology, frozenset(shapes_graph.objects(None, SH.targetClass)))

    def check(self, batch: Batch, *, describe: Describe) -> BatchReport:
        """The results whose focus node is one of the batch's own subjects, named with
        the batch and what ``describe`` adds."""
        data = batch.graph
        data += self.ontology
        checked = sum(1 for node in batch.focus if any(c in self.classes for c in data.objects(node, RDF.type)))
        _, results, _ = shacl_validate(data, shacl_graph=self.lifted, inference="none", allow_warnings=True, advanced=False)
        assert isinstance(results, Graph)
        # the ontology's own nodes are in every batch: each is reported in the batch of its triples
        found = [r for r in results.subjects(RDF.type, SH.ValidationResult) if results.value(r, SH.focusNode) in batch.focus]
        if not found:
            return BatchReport(checked, ())
        named: set[Node] = {n for r in found for n in (results.value(r, SH.focusNode), results.value(r, SH.value)) if isinstance(n, URIRef)}
        naming = data + describe(named)
        return BatchReport(checked, tuple(violation_of(naming, results, node) for node in found))


def merged(reports: Iterable[BatchReport], *, started: float) -> ValidationReport:
    """One report of the batches' reports (given in batch order, so that results that
    tie on the report's order keep one order), timed from ``started`` (``time.perf_counter``)."""
    checked, violations = 0, list[Violation]()
    for report in reports:
        checked += report.checked
        violations += report.violations
    violations.sort(key=lambda v: (ORDER.get(v.severity, 3), v.kind, v.label, v.focus, v.path or "", v.message, v.value or ""))
    conforms = all(v.severity != "violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations), checked=checked, seconds=time.perf_counter() - started)


def validate_batches(
    batches: Iterable[Batch], *, describe: Describe, shapes_graph: Graph | None = None, ontology: Graph | None = None
) -> ValidationReport:
    """Validate a graph given as ``batches`` (each subject in one of them): the same
    report as :func:`validate` on the whole graph, for shapes whose constraints read
    only a focus node's own triples, the types of the nodes they point to and the
    mentions of it, which is what the kg shapes do."""
    started = time.perf_counter()
    checker = Checker.of(shapes_graph, ontology)
    return merged((checker.check(batch, describe=describe) for batch in batches), started=started)


def read_backwards(shapes_graph: Graph | None = None, ontology: Graph | None = None) -> frozenset[Node]:
    """The classes whose instances some shape reads incoming links of (an ``sh:inversePath``
    anywhere under a shape that targets the class or a superclass of it): only their
    instances need those links in a :class:`Batch`."""
    from kg import rdf

    shapes_graph = shapes_graph if shapes_graph is not None else shapes()
    ontology = ontology if ontology is not None else rdf.ontology()
    found: set[Node] = set()
    for shape, cls in shapes_graph.subject_objects(SH.targetClass):
        seen, todo = {shape}, [shape]
        while todo:
            node = todo.pop()
            if (node, SH.inversePath, None) in shapes_graph:
                found.update(c for c in ontology.transitive_subjects(RDFS.subClassOf, cls) if c is not None)
                found.add(cls)
                break
            for value in shapes_graph.objects(node, None):
                if isinstance(value, BNode) and value not in seen:
                    seen.add(value)
                    todo.append(value)
    return frozenset(found)


def lift_property_shapes(shapes_graph: Graph) -> Graph:
    """The same constraints with each property shape of a targeted node shape given
    that node shape's targets and detached from it.

    SHACL-equivalent (same focus nodes, paths, messages and source shapes), and
    about five times faster with pyshacl on large graphs: pyshacl evaluates a
    nested property shape once per focus node, a targeted one once for all.  The
    shapes are a :class:`DataGraph` too: pyshacl reads a shape's constraints again
    every time it evaluates it (the alternatives of sh:or and sh:xone once per value).
    """
    lifted = DataGraph(store=IndexedMemory())
    lifted += shapes_graph
    for node, prop in list(lifted.subject_objects(SH.property)):
        targets = list(lifted.objects(node, SH.targetClass))
        if not targets:
            continue
        lifted.remove((node, SH.property, prop))
        lifted.add((prop, RDF.type, SH.PropertyShape))
        for target in targets:
            lifted.add((prop, SH.targetClass, target))
    return lifted


def _checked(graph: Graph, shapes_graph: Graph) -> int:
    classes = set(shapes_graph.objects(None, SH.targetClass))
    return len({s for c in classes for s in graph.subjects(RDF.type, c)})


def violation_of(graph: Graph, results: Graph, result: Node) -> Violation:
    """One SHACL result of ``results`` as a :class:`Violation`, named from ``graph``."""
    focus = results.value(result, SH.focusNode)
    severity = results.value(result, SH.resultSeverity)
    message = results.value(result, SH.resultMessage)
    value = results.value(result, SH.value)
    evidence, document = _sentence(graph, focus) if focus is not None else (None, None)
    return Violation(
        severity=SEVERITIES.get(severity, str(severity)) if isinstance(severity, URIRef) else "violation",
        focus=str(focus),
        label=name(graph, focus) if focus is not None else "",
        kind=", ".join(sorted(_class_label(graph, c) for c in graph.objects(focus, RDF.type))) if focus is not None else "",
        path=_path(graph, results, results.value(result, SH.resultPath)),
        message=str(message) if message is not None else "does not conform",
        value=None if value is None else (name(graph, value) if isinstance(value, URIRef) else str(value)),
        evidence=evidence,
        document=document,
    )


def name(graph: Graph, node: Node) -> str:
    """A readable name for a node: its label, or the text that identifies it, or its IRI's last segment."""
    for prop in _NAMING:
        # the first of several values (a broken graph may give a node two labels)
        value = min((v for v in graph.objects(node, prop) if isinstance(v, Literal)), key=str, default=None)
        if value is not None:
            text = " ".join(str(value).split())
            return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _class_label(graph: Graph, cls: Node) -> str:
    label = graph.value(cls, RDFS.label)
    return str(label) if label is not None else curie(graph, cls)


def curie(graph: Graph, term: Node) -> str:
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.curie(term, generate=False)
        except (ValueError, KeyError):
            return str(term)
    return str(term)


def _path(graph: Graph, results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return f"^{curie(graph, inverse)}" if inverse is not None else "(complex path)"
    return curie(graph, path)


def _sentence(graph: Graph, node: Node) -> tuple[str | None, str | None]:
    """The evidence sentence behind ``node`` and its document id."""
    candidates: list[Node] = []
    if (node, RDF.type, KG.Evidence) in graph:
        candidates = [node]
    else:
        candidates = sorted(graph.objects(node, PROV.wasDerivedFrom), key=str) or sorted(graph.objects(node, KG.inSentence), key=str)
        if not candidates:
            mentions = sorted(graph.subjects(KG.mentionOf, node), key=str)
            candidates = [s for m in mentions for s in graph.objects(m, KG.inSentence)]
    for sentence in candidates:
        text = graph.value(sentence, KG.text)
        if text is not None:
            doc = graph.value(sentence, KG.document)
            ident = graph.value(doc, SDO.identifier) if doc is not None else None
            return str(text), None if ident is None else str(ident)
    return None, None
