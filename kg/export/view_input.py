"""What the views read of a graph handed over in parts, and nothing else.

A build makes its graph a document at a time (:func:`kg.rdf.parts`); the views
(:mod:`kg.export.views`) need only some of it: the documents, the entities'
names, the facts, the evidence sentences and where each entity is mentioned.
:class:`ViewInput` keeps the triples the projection reads, minus the mention
nodes, whose sentence and offsets go to a plain table (a tuple per mention
instead of half a dozen indexed triples); the projection made from both is the
one made from the whole graph (``tests/test_images.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node as Term

from kg import graphstore
from kg.export.projection import ENTITY_CLASSES, Projection, project, read_mention
from kg.vocab import KG

# Everything :func:`~kg.export.projection.project` reads of a graph besides the mentions:
# the values of these properties, and which nodes are of these classes.
READS: frozenset[URIRef] = frozenset({
    SDO.identifier, SDO.name, SDO.datePublished, KG.publisherName, KG.translatedFrom, SDO.mentions,
    RDFS.label, SKOS.altLabel, KG.mentionOf, KG.inSentence, KG.startOffset, KG.endOffset, KG.document, KG.text,
    PROV.wasDerivedFrom, ORG.member, ORG.organization, ORG.role, KG.roleText,
    KG.unit, KG.parentOrganization, KG.relationKind, KG.former, ORG.unitOf, ORG.subOrganizationOf,
    KG.holder, KG.statedBy, KG.targetQuantity, KG.unitOfMeasure, KG.action, KG.targetObject, KG.scope, KG.deadline,
    KG.deadlineText, KG.modality, KG.figureOf, KG.metric, KG.metricText, SDO.value, KG.isChange, KG.period, KG.valueText,
    KG.speaker, KG.citedSource, KG.content, KG.cue, KG.isQuote,
    KG.relationSubject, KG.relationObject, KG.relationName, KG.relationValue,
    KG.figure, KG.comparedWith, KG.warningKind, KG.message,
})
# the predicates the projection reads from the object's side (which nodes are of a class,
# which documents mention an entity, unit links stated without a fact node)
LISTED: frozenset[URIRef] = frozenset({RDF.type, SDO.mentions, ORG.unitOf, ORG.subOrganizationOf})
CLASSES: frozenset[URIRef] = frozenset({
    SDO.NewsArticle, *(cls for cls, _ in ENTITY_CLASSES), ORG.Membership, KG.UnitRelation, KG.Goal, KG.FinancialFigure,
    KG.Statement, KG.RelationFact, KG.ConsistencyWarning,
})


def reads(triples: Iterable[tuple[Term, Term, Term]]) -> Iterator[tuple[Term, Term, Term]]:
    """The triples of ``triples`` that the projection reads (see :data:`READS`)."""
    type_ = RDF.type
    for triple in triples:
        predicate = triple[1]
        if predicate in READS or (predicate == type_ and triple[2] in CLASSES):
            yield triple


def _empty_graph() -> Graph:
    return graphstore.new_graph(by_object=False, by_predicate=LISTED)


@dataclass(slots=True)
class ViewInput:
    """The views' share of a graph given in parts (see the module's docstring): add
    every part with :meth:`add`, then :meth:`project`.  A mention's triples must all
    be in one part, as :func:`kg.rdf.parts` makes them."""

    # indexed by subject, and by predicate only for the predicates the projection reads
    # with their subject unbound: it never asks for a node's incoming links alone
    graph: Graph = field(default_factory=_empty_graph)
    mentions: dict[Term, list[tuple[Term, int, int]]] = field(default_factory=dict)
    # one object per term: each part makes its own copy of the entities' and sentences'
    # IRIs, and names, roles, offsets and flags repeat across facts
    terms: dict[Term, Term] = field(default_factory=dict)

    def add(self, part: Graph) -> None:
        mention_nodes = set(part.subjects(RDF.type, KG.Mention))
        for node in mention_nodes:
            read = read_mention(part, node)
            if read is not None:
                sentence, start, end = read
                for entity in part.objects(node, KG.mentionOf):
                    self.mentions.setdefault(self._one(entity), []).append((self._one(sentence), start, end))
        kept = ((self._one(s), p, self._one(o)) for s, p, o in reads(part) if s not in mention_nodes)
        graphstore.extend(self.graph, kept)

    def _one(self, term: Term) -> Term:
        """The object this input already holds for a term equal to ``term`` (the same IRI,
        or the same lexical form, datatype and language)."""
        return self.terms.setdefault(term, term)

    def project(self) -> Projection:
        """The projection of every part added; this input is handed over to it and emptied
        as it is read (the two side by side were the views' peak), so it projects once."""
        graph, mentions = self.graph, self.mentions
        self.graph, self.mentions, self.terms = _empty_graph(), {}, {}
        return project(graph, mentions=mentions, consume=True)
