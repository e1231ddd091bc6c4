"""Everything a graph says about one entity, with the sentences behind it.

An entity is found by its label or one of its other names (``skos:altLabel``),
exactly first and then ignoring case.  Its explanation lists every fact that
points at it (membership, unit link, figure, goal, statement, relation), each
with its evidence sentences and documents; every mention of it (surface form,
rule, document, offsets); and every merge that formed it (the merged name, the
rule, the document, and the sentences where that name refers to it).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS

from kg.vocab import KG

ENTITY_CLASSES = (SDO.Person, SDO.Organization, ORG.OrganizationalUnit, SDO.Place)
FACT_CLASSES = (ORG.Membership, KG.UnitRelation, KG.FinancialFigure, KG.Goal, KG.Statement, KG.RelationFact)
# Fact properties not shown as fields: the type, the evidence (shown apart), and the
# relation's property IRI (its relation name says the same in words).
_HIDDEN = {RDF.type, PROV.wasDerivedFrom, KG.relationProperty}


@dataclass(frozen=True, slots=True)
class Sentence:
    """An evidence sentence: ``text`` is the document's text between the offsets."""

    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the property's label
    value: str  # a literal as written, or a linked node's label


@dataclass(frozen=True, slots=True)
class FactView:
    """A fact about the entity; ``role`` is the property by which it points at the entity."""

    iri: str
    kind: str
    role: str
    fields: tuple[Field, ...]
    evidence: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class MentionView:
    text: str
    rule: str
    document: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MergeView:
    """A name merged into the entity, why, and the sentences where that name refers to it."""

    name: str
    rule: str
    document: str
    evidence: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    iri: str
    label: str
    kinds: tuple[str, ...]
    other_names: tuple[str, ...]
    documents: tuple[str, ...]
    facts: tuple[FactView, ...]
    mentions: tuple[MentionView, ...]
    merges: tuple[MergeView, ...]


def find(graph: Graph, name: str) -> tuple[URIRef, ...]:
    """Entities whose label or other name is ``name``: exact matches, else matches ignoring case."""
    entities = {e for c in ENTITY_CLASSES for e in graph.subjects(RDF.type, c) if isinstance(e, URIRef)}
    names = {(e, str(n)) for e in entities for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(e, p)}
    exact = {e for e, n in names if n == name}
    if exact:
        return tuple(sorted(exact))
    folded = " ".join(name.split()).casefold()
    return tuple(sorted({e for e, n in names if " ".join(n.split()).casefold() == folded}))


def names(graph: Graph) -> tuple[str, ...]:
    """Every entity label in the graph, sorted (for suggestions when a name is not found)."""
    return tuple(sorted({str(graph.value(e, RDFS.label)) for c in ENTITY_CLASSES for e in graph.subjects(RDF.type, c) if graph.value(e, RDFS.label) is not None}))


def explain(graph: Graph, entity: URIRef) -> Explanation:
    """Everything ``graph`` says about ``entity``, in a stable order."""
    return Explanation(
        iri=str(entity),
        label=_label(graph, entity),
        kinds=tuple(sorted(_label(graph, c) for c in graph.objects(entity, RDF.type))),
        other_names=tuple(sorted(str(n) for n in graph.objects(entity, SKOS.altLabel))),
        documents=tuple(sorted(_doc_id(graph, d) for d in graph.subjects(SDO.mentions, entity))),
        facts=_facts(graph, entity),
        mentions=_mentions(graph, entity),
        merges=_merges(graph, entity),
    )


def _facts(graph: Graph, entity: URIRef) -> tuple[FactView, ...]:
    views = []
    for fact, prop in set(graph.subject_predicates(entity)):
        if not isinstance(fact, URIRef) or not any((fact, RDF.type, c) in graph for c in FACT_CLASSES):
            continue
        fields = sorted(
            (Field(_label(graph, p), _value(graph, o)) for p, o in graph.predicate_objects(fact) if p not in _HIDDEN),
            key=lambda f: (f.name, f.value),
        )
        evidence = tuple(sorted((_sentence(graph, e) for e in graph.objects(fact, PROV.wasDerivedFrom)), key=_sentence_key))
        types = set(graph.objects(fact, RDF.type))
        rank = min(i for i, c in enumerate(FACT_CLASSES) if c in types)
        kind = ", ".join(sorted(_label(graph, c) for c in types))
        views.append((rank, FactView(str(fact), kind, _label(graph, prop), tuple(fields), evidence)))
    # posts first, then units, figures, goals, statements, relations; within a kind, in text order
    ordered = sorted(views, key=lambda rv: (rv[0], rv[1].role, [_sentence_key(s) for s in rv[1].evidence], rv[1].iri))
    return tuple(view for _, view in ordered)


def _mentions(graph: Graph, entity: URIRef) -> tuple[MentionView, ...]:
    views = []
    for mention in graph.subjects(KG.mentionOf, entity):
        views.append(
            MentionView(
                text=str(graph.value(mention, KG.text)),
                rule=str(graph.value(mention, KG.rule)),
                document=_doc_id(graph, graph.value(mention, KG.document)),
                start=_int(graph.value(mention, KG.startOffset)),
                end=_int(graph.value(mention, KG.endOffset)),
            )
        )
    return tuple(sorted(set(views), key=lambda m: (m.document, m.start, m.end, m.text)))


def _merges(graph: Graph, entity: URIRef) -> tuple[MergeView, ...]:
    views = []
    for merge in graph.subjects(KG.mergedInto, entity):
        merged = str(graph.value(merge, KG.mergedName))
        doc = graph.value(merge, KG.document)
        # The merge record names the document; the sentences are those where the
        # merged name, as a mention of this entity, occurs in that document.
        sentences = {
            _sentence(graph, s)
            for m in graph.subjects(KG.mentionOf, entity)
            if str(graph.value(m, KG.text)) == merged and graph.value(m, KG.document) == doc
            for s in graph.objects(m, KG.inSentence)
        }
        views.append(MergeView(merged, str(graph.value(merge, KG.rule)), _doc_id(graph, doc), tuple(sorted(sentences, key=_sentence_key))))
    return tuple(sorted(views, key=lambda m: (m.document, m.name, m.rule)))


def _sentence(graph: Graph, node: Node) -> Sentence:
    return Sentence(
        document=_doc_id(graph, graph.value(node, KG.document)),
        start=_int(graph.value(node, KG.startOffset)),
        end=_int(graph.value(node, KG.endOffset)),
        text=str(graph.value(node, KG.text)),
    )


def _sentence_key(sentence: Sentence) -> tuple[str, int, int]:
    return (sentence.document, sentence.start, sentence.end)


def _doc_id(graph: Graph, doc: Node | None) -> str:
    ident = graph.value(doc, SDO.identifier) if doc is not None else None
    return str(ident) if ident is not None else str(doc)


def _int(value: Node | None) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else -1


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.curie(node, generate=False)
        except (ValueError, KeyError):
            return str(node)
    return str(node)


def _value(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    return _label(graph, node)
