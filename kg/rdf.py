"""Facts to triples: rdflib terms only, typed literals, evidence on every fact.

One writer per record type, dispatched on the type (``functools.singledispatch``),
so a new fact kind adds one registered writer.  Fact IRIs are minted from the
fact's content, so the same proposition read from two sentences is one node
derived from two pieces of evidence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import singledispatch
from importlib import resources
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from kg import graphstore, iri
from kg.model import (
    ConsistencyWarning,
    Corpus,
    Document,
    Entity,
    EntityKind,
    Evidence,
    Fact,
    FinancialFigure,
    Goal,
    Membership,
    Mention,
    Merge,
    Relation,
    Statement,
    TimeValue,
    UnitOf,
)
from kg.vocab import KG, PREFIXES

G = TypeVar("G", bound=Graph)

CLASSES: dict[EntityKind, URIRef] = {
    EntityKind.PERSON: SDO.Person,
    EntityKind.ORGANIZATION: SDO.Organization,
    EntityKind.UNIT: ORG.OrganizationalUnit,
    EntityKind.PLACE: SDO.Place,
}


def ontology() -> Graph:
    """The kg ontology (ontology/kg.ttl) as shipped with the package."""
    graph = Graph()
    text = resources.files("kg._ontology").joinpath("kg.ttl").read_text(encoding="utf-8")
    graph.parse(data=text, format="turtle")
    return graph


def new_graph() -> Graph:
    """An empty graph with the kg prefixes bound (for a graph that is written or reported on)."""
    return with_prefixes(graphstore.new_graph())


def with_prefixes(graph: G) -> G:
    """``graph`` with the kg prefixes bound."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _part_graph() -> Graph:
    """An empty graph for one part: no prefixes bound (a part is only read and turned
    into N-Triples) and no index by object (nothing asks a part for a node's incoming
    links alone)."""
    return graphstore.new_graph(by_object=False)


def to_graph(corpus: Corpus, *, with_ontology: bool = True) -> Graph:
    """The corpus as an RDF graph, with the ontology's terms declared in it."""
    graph = new_graph()
    if with_ontology:
        graph += ontology()
    for part in parts(corpus):
        graphstore.extend(graph, part)
    return graph


@dataclass(frozen=True, slots=True)
class Named:
    """The corpus's named entities, as a document's writer needs them: key -> IRI, and
    the IRIs of places (a post "of" a place is a jurisdiction, not a membership)."""

    iris: dict[str, URIRef]
    places: frozenset[URIRef]

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> Named:
        # Anonymous referents ("He was born in ...") serve evaluation; the graph keeps
        # to entities the text names, and to the facts about them.
        named = [e for e in entities if not e.anonymous]
        iris = {e.key: iri.entity(e.kind.value, e.key.partition(":")[2]) for e in named}
        return cls(iris, frozenset(iris[e.key] for e in named if e.kind is EntityKind.PLACE))

    def writes(self, fact: Fact) -> bool:
        """Whether the graph holds ``fact``: every entity it names is a named entity."""
        return all((key := getattr(fact, f)) is None or key in self.iris for f in fact.ENTITY_FIELDS)


@dataclass(slots=True)
class ByDocument:
    """The corpus cut up as :func:`parts_of` makes its graph: each document with its
    mentions of named entities, its facts and the merges read in it, to be let go once
    its part is made, and what the corpus-wide part needs (the entities without their
    mentions and the warnings).  Made so, the corpus itself need not live while the
    graph is made."""

    documents: deque[Document]
    mentions: dict[str, list[tuple[Mention, URIRef]]]
    facts: dict[str, list[Fact]]
    merges: dict[str, list[Merge]]
    entities: tuple[Entity, ...]
    warnings: tuple[ConsistencyWarning, ...]
    named: Named

    @classmethod
    def of(cls, corpus: Corpus) -> ByDocument:
        named = Named.of(corpus.entities)
        mentions: dict[str, list[tuple[Mention, URIRef]]] = defaultdict(list)
        for entity in corpus.entities:
            if entity.key in named.iris:
                for mention in entity.mentions:
                    mentions[mention.doc].append((mention, named.iris[entity.key]))
        facts: dict[str, list[Fact]] = defaultdict(list)
        for fact in corpus.facts:
            facts[fact.evidence.doc].append(fact)
        merges: dict[str, list[Merge]] = defaultdict(list)
        for merge in corpus.merges:
            merges[merge.doc].append(merge)
        entities = tuple(dataclasses.replace(e, mentions=()) for e in corpus.entities)
        return cls(deque(corpus.documents), mentions, facts, merges, entities, corpus.warnings, named)


def parts(corpus: Corpus) -> Iterator[Graph]:
    """The corpus graph (without the ontology) in parts whose union is the graph: one
    part per document (the document node, its mentions of named entities, its facts,
    each with its evidence, and the merges read in it), then the corpus-wide part (the
    entities' descriptions and the consistency warnings).  A document's part depends on
    the rest of the corpus only through ``Named``."""
    return parts_of(ByDocument.of(corpus))


def parts_of(corpus: ByDocument) -> Iterator[Graph]:
    """The parts of :func:`parts`, from the corpus cut up by document; each document's
    share leaves ``corpus`` as its part is made."""
    named, mentions, facts, merges = corpus.named, corpus.mentions, corpus.facts, corpus.merges
    while corpus.documents:
        document = corpus.documents.popleft()
        yield document_part(document, mentions.pop(document.id, ()), facts.pop(document.id, ()), named, merges.pop(document.id, ()))
    leftover = sorted({*mentions, *facts, *merges})  # of documents the corpus does not list
    yield corpus_part(
        corpus.entities, [m for doc in leftover for m in merges.get(doc, ())], corpus.warnings, named,
        mentions=[m for doc in leftover for m in mentions.get(doc, ())], facts=[f for doc in leftover for f in facts.get(doc, ())],
    )


def document_part(
    document: Document, mentions: Iterable[tuple[Mention, URIRef]], facts: Iterable[Fact], named: Named, merges: Iterable[Merge] = ()
) -> Graph:
    """One document's triples: its node, its ``mentions`` (each with the IRI of the
    named entity it mentions), its ``facts`` about named entities and the ``merges``
    read in it (a large corpus's merges, all in the corpus-wide part, made that part
    the graph's largest)."""
    graph = _part_graph()
    _document(graph, document)
    _mentions(graph, mentions)
    _facts(graph, facts, named)
    _merges(graph, merges, named)
    return graph


def corpus_part(
    entities: Iterable[Entity],
    merges: Iterable[Merge],
    warnings: Iterable[ConsistencyWarning],
    named: Named,
    *,
    mentions: Iterable[tuple[Mention, URIRef]] = (),
    facts: Iterable[Fact] = (),
) -> Graph:
    """The triples that need the whole corpus: each named entity's type and names, the
    merges into named entities and the warnings between figures in the graph (plus any
    ``mentions`` and ``facts`` of no listed document)."""
    graph = _part_graph()
    for entity in entities:
        if entity.key in named.iris:
            _entity(graph, entity, named.iris[entity.key])
    _merges(graph, merges, named)
    _mentions(graph, mentions)
    _facts(graph, facts, named)
    for warning in warnings:
        if named.writes(warning.figure) and named.writes(warning.other):  # both figures are in the graph
            _warning(graph, warning)
    return graph


def _merges(graph: Graph, merges: Iterable[Merge], named: Named) -> None:
    for merge in merges:
        if merge.into not in named.iris:
            continue
        node = iri.fact("merge", json.dumps([merge.into, merge.merged, merge.rule, merge.doc]))
        graph.add((node, RDF.type, KG.Merge))
        graph.add((node, KG.mergedInto, named.iris[merge.into]))
        graph.add((node, KG.mergedName, Literal(merge.merged)))
        graph.add((node, KG.rule, Literal(merge.rule)))
        graph.add((node, KG.document, iri.document(merge.doc)))
        if merge.evidence is not None:
            graph.add((node, PROV.wasDerivedFrom, _evidence(graph, merge.evidence)))


def _facts(graph: Graph, facts: Iterable[Fact], named: Named) -> None:
    for fact in facts:
        if not named.writes(fact):
            continue
        node = iri.fact(fact.KIND, _content_key(fact))
        _write(fact, graph, node, named)
        graph.add((node, PROV.wasDerivedFrom, _evidence(graph, fact.evidence)))


def _content_key(fact: Fact) -> str:
    """A canonical rendering of the proposition: everything but where it was read
    (the evidence, and the mention spans a relation was read from)."""
    fields = {name: getattr(fact, name) for name in fact.__slots__ if name != "evidence" and not name.endswith("_span")}  # type: ignore[union-attr]
    # a resolved period or deadline is part of the proposition ("loss in 2018" is not "loss
    # in 2019", though both were written "last year"); where it was resolved from is not
    for name, value in list(fields.items()):
        if isinstance(value, TimeValue):
            fields[name] = value.value
        elif value is None and name in ("period_time", "deadline_time"):
            del fields[name]  # not resolved (a corpus that skipped anchoring): the key it always had
        elif value is False and name == "former":
            del fields[name]  # a current link: the key it had before links could be former
    return json.dumps(fields, sort_keys=True, default=str)


def _document(graph: Graph, document: Document) -> None:
    node = iri.document(document.id)
    graph.add((node, RDF.type, SDO.NewsArticle))
    graph.add((node, SDO.identifier, Literal(document.id)))
    graph.add((node, KG.contentHash, Literal(hashlib.sha256(document.text.encode("utf-8")).hexdigest())))
    if document.title:
        graph.add((node, SDO.name, Literal(document.title)))
    if document.date:
        graph.add((node, SDO.datePublished, Literal(document.date)))
    if document.publisher:
        graph.add((node, KG.publisherName, Literal(document.publisher)))
    if document.url:
        graph.add((node, SDO.url, Literal(document.url, datatype=XSD.anyURI)))
    if document.translated_from:
        graph.add((node, KG.translatedFrom, Literal(document.translated_from, datatype=XSD.language)))


def _evidence(graph: Graph, evidence: Evidence) -> URIRef:
    node = iri.evidence(evidence.doc, evidence.start, evidence.end)
    if _typed(graph, node, KG.Evidence):  # a sentence is evidence for many mentions and facts
        return node
    graph.add((node, RDF.type, KG.Evidence))
    graph.add((node, KG.document, iri.document(evidence.doc)))
    graph.add((node, KG.startOffset, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, KG.endOffset, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, KG.text, Literal(evidence.text)))
    return node


def _typed(graph: Graph, node: URIRef, cls: URIRef) -> bool:
    """Whether ``graph`` states that ``node`` is a ``cls`` (one lookup in a build store)."""
    return cls in graphstore.objects(graph, node, RDF.type)


def _entity(graph: Graph, entity: Entity, node: URIRef) -> None:
    graph.add((node, RDF.type, CLASSES[entity.kind]))
    graph.add((node, RDFS.label, Literal(entity.name)))
    for alt in entity.alt_names:
        graph.add((node, SKOS.altLabel, Literal(alt)))


def _mentions(graph: Graph, mentions: Iterable[tuple[Mention, URIRef]]) -> None:
    """Each mention, with the named entity it mentions and its sentence."""
    add = graph.add
    # the vocabulary's terms looked up once for all mentions (a DefinedNamespace
    # attribute is checked against the ontology's term list at every access)
    mention_class, mention_of, in_document, start_offset, end_offset, text, rule, in_sentence = (
        KG.Mention, KG.mentionOf, KG.document, KG.startOffset, KG.endOffset, KG.text, KG.rule, KG.inSentence
    )
    offset_type, mentions_of = XSD.nonNegativeInteger, SDO.mentions
    for mention, node in mentions:
        m = iri.mention(mention.doc, mention.start, mention.end)
        doc = iri.document(mention.doc)
        add((m, RDF.type, mention_class))
        add((m, mention_of, node))
        add((m, in_document, doc))
        add((m, start_offset, Literal(mention.start, datatype=offset_type)))
        add((m, end_offset, Literal(mention.end, datatype=offset_type)))
        add((m, text, Literal(mention.text)))
        add((m, rule, Literal(mention.rule)))
        add((m, in_sentence, _evidence(graph, mention.sentence)))
        add((doc, mentions_of, node))


@singledispatch
def _write(fact: Fact, graph: Graph, node: URIRef, named: Named) -> None:
    raise TypeError(f"no RDF writer for {type(fact).__name__}")


@_write.register
def _membership(fact: Membership, graph: Graph, node: URIRef, named: Named) -> None:
    role = iri.role(fact.role)
    graph.add((role, RDF.type, ORG.Role))
    graph.add((role, RDFS.label, Literal(fact.role)))
    graph.add((node, RDF.type, ORG.Membership))
    graph.add((node, ORG.member, named.iris[fact.person]))
    graph.add((node, ORG.role, role))
    graph.add((node, KG.roleText, Literal(fact.role_text)))
    if fact.org is not None:
        org = named.iris[fact.org]
        if org in named.places:
            # a government post of a country or state ("UK Chancellor"): the place is
            # its jurisdiction, not an organisation (places and organisations are disjoint)
            graph.add((node, KG.jurisdiction, org))
        else:
            graph.add((node, ORG.organization, org))
            graph.add((named.iris[fact.person], ORG.memberOf, org))


@_write.register
def _unit(fact: UnitOf, graph: Graph, node: URIRef, named: Named) -> None:
    unit, parent = named.iris[fact.unit], named.iris[fact.parent]
    graph.add((node, RDF.type, KG.UnitRelation))
    graph.add((node, KG.unit, unit))
    graph.add((node, KG.parentOrganization, parent))
    graph.add((node, KG.relationKind, Literal(fact.relation)))
    if fact.former:
        # a link of the past: qualified only, the direct ORG triples state the current structure
        graph.add((node, KG.former, Literal(True)))
    elif fact.relation == "division":
        graph.add((unit, ORG.unitOf, parent))
        graph.add((parent, ORG.hasUnit, unit))
    else:
        # a subsidiary, or a business the parent owns: an organisation of its own
        graph.add((unit, ORG.subOrganizationOf, parent))


def _decimal(value: Decimal) -> Literal:
    """xsd:decimal in its canonical lexical form ("825000000.0", "22.64"), which is
    also how Turtle writes a decimal, so the graph survives a Turtle round trip."""
    text = format(value, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


@_write.register
def _figure(fact: FinancialFigure, graph: Graph, node: URIRef, named: Named) -> None:
    graph.add((node, RDF.type, KG.FinancialFigure))
    graph.add((node, KG.figureOf, named.iris[fact.subject]))
    graph.add((node, KG.metric, iri.metric(fact.metric)))
    graph.add((node, KG.metricText, Literal(fact.metric_text)))
    graph.add((node, SDO.value, _decimal(fact.value)))
    graph.add((node, KG.unitOfMeasure, Literal(fact.unit)))
    graph.add((node, KG.isChange, Literal(fact.change)))
    graph.add((node, KG.valueText, Literal(fact.value_text)))
    if fact.period:
        graph.add((node, KG.period, Literal(fact.period)))
    if fact.period_time is not None:
        if fact.period_time.value is not None:
            graph.add((node, KG.periodValue, _date_or_text(fact.period_time.value)))
        _time(graph, node, fact.period_time, TIME.hasTime)


@_write.register
def _goal(fact: Goal, graph: Graph, node: URIRef, named: Named) -> None:
    graph.add((node, RDF.type, KG.Goal))
    graph.add((node, KG.holder, named.iris[fact.holder]))
    graph.add((named.iris[fact.holder], KG.hasGoal, node))
    graph.add((node, KG.action, Literal(fact.action)))
    graph.add((node, KG.modality, Literal(fact.modality)))
    if fact.quantity is not None:
        graph.add((node, KG.targetQuantity, _decimal(fact.quantity)))
    if fact.unit:
        graph.add((node, KG.unitOfMeasure, Literal(fact.unit)))
    if fact.object:
        graph.add((node, KG.targetObject, Literal(fact.object)))
    if fact.scope:
        graph.add((node, KG.scope, Literal(fact.scope)))
    if fact.deadline:
        graph.add((node, KG.deadline, _date_or_text(fact.deadline)))
    elif fact.deadline_time is not None and fact.deadline_time.value and _is_calendar_date(fact.deadline_time.value):
        # a deadline only kg.time could read ("by next year"): its resolved year, month or day
        graph.add((node, KG.deadline, _date_or_text(fact.deadline_time.value)))
    if fact.deadline_time is not None:
        _time(graph, node, fact.deadline_time, KG.deadlineInterval)
    if fact.deadline_text:
        graph.add((node, KG.deadlineText, Literal(fact.deadline_text)))
    if fact.stated_by:
        graph.add((node, KG.statedBy, named.iris[fact.stated_by]))


@_write.register
def _statement(fact: Statement, graph: Graph, node: URIRef, named: Named) -> None:
    graph.add((node, RDF.type, KG.Statement))
    graph.add((node, KG.cue, Literal(fact.cue)))
    graph.add((node, KG.content, Literal(fact.content)))
    graph.add((node, KG.isQuote, Literal(fact.quoted)))
    if fact.speaker:
        graph.add((node, KG.speaker, named.iris[fact.speaker]))
    if fact.source:
        graph.add((node, KG.citedSource, named.iris[fact.source]))


# Relation name -> the direct property it asserts (the kg:RelationFact node qualifies it).
RELATION_PROPERTIES: dict[str, URIRef] = {
    "subsidiary_of": ORG.subOrganizationOf,
    "founded_by": SDO.founder,
    "employee_of": SDO.worksFor,
    "ceo": KG.chiefExecutive,
    "date_founded": SDO.foundingDate,
    "headquarters": KG.headquarters,
    "educated_at": SDO.alumniOf,
    "nationality": SDO.nationality,
    "residence": SDO.homeLocation,
    "birth_place": SDO.birthPlace,
    "death_date": SDO.deathDate,
    "birth_date": SDO.birthDate,
    "spouse": SDO.spouse,
    "child_of": SDO.parent,
    "political_party": KG.politicalParty,
}


@_write.register
def _relation(fact: Relation, graph: Graph, node: URIRef, named: Named) -> None:
    prop = RELATION_PROPERTIES[fact.relation]
    subject = named.iris[fact.subject]
    graph.add((node, RDF.type, KG.RelationFact))
    graph.add((node, KG.relationName, Literal(fact.relation)))
    graph.add((node, KG.relationProperty, prop))
    graph.add((node, KG.relationSubject, subject))
    if fact.object is not None:
        graph.add((node, KG.relationObject, named.iris[fact.object]))
        graph.add((subject, prop, named.iris[fact.object]))
    elif fact.value is not None:
        value = _date_or_text(fact.value)
        graph.add((node, KG.relationValue, value))
        graph.add((subject, prop, value))


def _date_or_text(value: str) -> Literal:
    """An ISO date as xsd:gYear / gYearMonth / date, anything else as written."""
    shape = "".join("9" if c.isdigit() else c for c in value)
    types = {"9999": XSD.gYear, "9999-99": XSD.gYearMonth, "9999-99-99": XSD.date}
    return Literal(value, datatype=types[shape]) if shape in types else Literal(value)



def _is_calendar_date(value: str) -> bool:
    return _date_or_text(value).datatype is not None


def _time(graph: Graph, node: URIRef, time: TimeValue, link: URIRef) -> None:
    """How a period or deadline was resolved, and the span it denotes as an OWL-Time interval."""
    graph.add((node, KG.timeResolution, Literal(time.status)))
    if time.fiscal:
        graph.add((node, KG.fiscalPeriod, Literal(True)))
    if time.begin is None or time.end is None:
        return
    interval = iri.interval(time.begin, time.end)
    graph.add((node, link, interval))
    graph.add((interval, RDF.type, TIME.ProperInterval))
    for edge, day in ((TIME.hasBeginning, time.begin), (TIME.hasEnd, time.end)):
        instant = iri.instant(day)
        graph.add((interval, edge, instant))
        graph.add((instant, RDF.type, TIME.Instant))
        graph.add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))


def _warning(graph: Graph, warning: ConsistencyWarning) -> None:
    """A consistency warning linking the two figures and the sentence."""
    figure = iri.fact(warning.figure.KIND, _content_key(warning.figure))
    other = iri.fact(warning.other.KIND, _content_key(warning.other))
    node = iri.warning(warning.kind, json.dumps([str(figure), str(other), warning.evidence.doc, warning.evidence.start]))
    graph.add((node, RDF.type, KG.ConsistencyWarning))
    graph.add((node, KG.warningKind, Literal(warning.kind)))
    graph.add((node, KG.figure, figure))
    graph.add((node, KG.comparedWith, other))
    graph.add((node, KG.message, Literal(warning.message)))
    graph.add((node, PROV.wasDerivedFrom, _evidence(graph, warning.evidence)))
