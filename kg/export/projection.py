"""The graph as people look at it: things (nodes) and how they are linked (edges).

The RDF graph qualifies every fact (a membership, a unit link, a relation) with
its own node and evidence.  Pictures, the HTML viewer and GraphML want a plainer
shape: people, organisations, units, places, goals, financial figures,
statements and articles as nodes; posts, unit links, relations, "stated" and
consistency warnings (between two figures) as labelled edges; each with the sentences it was read from.  This module reads
that shape off the graph once; the writers choose what to show.

Mentions, evidence, merges and the ontology's own terms are not nodes.  Every
collection is sorted, so the same graph gives the same projection.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node as Term

from kg import graphstore
from kg.consistency import CONTRADICTION, DUPLICATE
from kg.export.labels import amount, decimal, exact, shorten
from kg.vocab import KG

ENTITY_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (ORG.OrganizationalUnit, "unit"),  # a unit is also an organisation: the narrower class wins
    (SDO.Person, "person"),
    (SDO.Organization, "organization"),
    (SDO.Place, "place"),
)
UNIT_LABELS = {"division": "unit of", "subsidiary": "subsidiary of", "owned": "owned by"}
RELATION_LABELS = {
    "subsidiary_of": "subsidiary of", "founded_by": "founded by", "employee_of": "works for", "ceo": "chief executive",
    "date_founded": "founded", "headquarters": "headquarters", "educated_at": "educated at", "nationality": "nationality",
    "residence": "lives in", "birth_place": "born in", "death_date": "died", "birth_date": "born", "spouse": "spouse",
    "child_of": "child of", "political_party": "party",
}
WARNING_LABELS = {CONTRADICTION: "contradicts", DUPLICATE: "other value"}
Props = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A piece of evidence: ``text`` is the document's text from ``start`` to ``end``."""

    key: str
    doc: str  # the document's id
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Node:
    key: str  # the IRI
    kind: str  # a key of styles.NODE_STYLES
    label: str
    owner: str | None = None  # the entity a goal, figure or statement belongs to
    props: Props = ()  # what the viewer lists, in reading order
    names: tuple[str, ...] = ()  # other names
    evidence: tuple[str, ...] = ()  # sentence keys: a fact's sources, an entity's mentions
    marks: tuple[tuple[str, int, int], ...] = ()  # (sentence key, start, end) of each mention within its sentence
    docs: tuple[str, ...] = ()  # ids of the documents it comes from

    def prop(self, name: str) -> str:
        return next((value for key, value in self.props if key == name), "")


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str  # a key of styles.EDGE_STYLES
    label: str
    evidence: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Projection:
    nodes: dict[str, Node]  # by key, in key order
    edges: tuple[Edge, ...]  # one per (source, target, kind), in that order
    sentences: dict[str, Sentence] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Node]:
        return [node for node in self.nodes.values() if node.kind in kinds]


# entity IRI -> (sentence, start, end) of each of its mentions, as :meth:`_Reader.mention` reads them
MentionTable = MutableMapping[Term, list[tuple[Term, int, int]]]


def project(graph: Graph, *, mentions: MentionTable | None = None, consume: bool = False) -> Projection:
    """The things in ``graph`` and the links between them, with their evidence.

    With ``mentions`` the entities' mentions are read from that table instead of the
    graph (a build's views get them so: :class:`kg.export.view_input.ViewInput`).
    With ``consume`` the graph and the table are emptied as they are read: each fact's
    and each evidence sentence's triples, and each entity's mentions, go once read
    (nothing reads them twice), so the projection grows as its input shrinks."""
    reader = _Reader(graph, mentions, consume=consume)
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    extra: dict[str, list[tuple[str, str]]] = {}
    for item in reader.items():
        if isinstance(item, Node):
            nodes.setdefault(item.key, item)
        elif isinstance(item, Edge):
            labels, evidence = edges.setdefault((item.source, item.target, item.kind), (set(), set()))
            labels.add(item.label)
            evidence.update(item.evidence)
        else:
            extra.setdefault(item[0], []).append(item[1])
    for key, props in extra.items():
        if key in nodes:
            nodes[key] = replace(nodes[key], props=nodes[key].props + tuple(sorted(set(props))))
    sentences = reader.sentences
    del reader, extra  # everything is read: what is left of a consumed input goes before the edges are merged
    if consume:
        graph.remove((None, None, None))

    def order(keys: set[str]) -> tuple[str, ...]:
        return tuple(sorted(keys, key=lambda k: (sentences[k].doc, sentences[k].start, sentences[k].end, k)))

    merged = []
    for source, target, kind in sorted(edges):
        labels, evidence = edges.pop((source, target, kind))
        if source in nodes and target in nodes and source != target:
            docs = tuple(sorted({sentences[k].doc for k in evidence}))
            merged.append(Edge(source, target, kind, ", ".join(sorted(x for x in labels if x)), order(evidence), docs))
    return Projection(dict(sorted(nodes.items())), tuple(merged), dict(sorted(sentences.items())))


def read_mention(graph: Graph, mention: Term) -> tuple[Term, int, int] | None:
    """A mention's sentence and offsets as :func:`project` reads them from ``graph``
    (None when it names no sentence)."""
    return _Reader(graph).mention(mention)


class _Reader:
    """Reads one graph; remembers every evidence sentence it meets."""

    def __init__(self, graph: Graph, mentions: MentionTable | None = None, *, consume: bool = False) -> None:
        self.graph = graph
        self.mentions = mentions
        self.consume = consume
        self.sentences: dict[str, Sentence] = {}
        self.doc_ids: dict[Term, str] = {}
        self.entities: set[str] = set()
        self.strings: dict[str, str] = {}

    # --- terms -------------------------------------------------------------------

    def read(self, node: Term) -> None:
        """``node`` has been read for good (a fact, an evidence sentence): when consuming,
        its triples leave the graph."""
        if self.consume:
            self.graph.remove((node, None, None))

    def typed(self, cls: URIRef) -> list[Term]:
        return sorted(self.graph.subjects(RDF.type, cls), key=str)

    def facts(self, cls: URIRef) -> Iterator[Term]:
        """The nodes of ``cls`` (facts, warnings), as :meth:`typed`; each is let go (:meth:`read`)
        once the loop over them has moved on: a fact node is read by its own reader only."""
        for node in self.typed(cls):
            yield node
            self.read(node)

    def one(self, subject: Term, predicate: URIRef) -> Term | None:
        """The value of ``predicate`` (the least, if the graph states several)."""
        values = graphstore.objects(self.graph, subject, predicate)
        return values[0] if len(values) == 1 else min(values, key=str, default=None)

    def text(self, subject: Term, predicate: URIRef) -> str:
        value = self.one(subject, predicate)
        return self.string(str(value).strip()) if value is not None else ""

    def key(self, term: Term) -> str:
        """A node's key: its IRI, one object however often it is linked."""
        return self.string(str(term))

    def string(self, text: str) -> str:
        """One object for equal strings: a name is repeated in every fact about its
        entity, and a sentence's key in everything read from that sentence."""
        return self.strings.setdefault(text, text)

    def label(self, subject: Term) -> str:
        return self.text(subject, RDFS.label) or local_name(str(subject))

    def doc_id(self, doc: Term) -> str:
        if doc not in self.doc_ids:
            self.doc_ids[doc] = self.text(doc, SDO.identifier) or local_name(str(doc))
        return self.doc_ids[doc]

    def sentence(self, evidence: Term) -> str:
        key = str(evidence)
        known = self.sentences.get(key)
        if known is not None:
            return known.key
        doc = self.one(evidence, KG.document)
        start, end = (decimal(self.one(evidence, p)) for p in (KG.startOffset, KG.endOffset))
        self.sentences[key] = Sentence(key, self.doc_id(doc) if doc is not None else "", int(start or 0), int(end or 0),
                                       self.text(evidence, KG.text))
        self.read(evidence)
        return key

    def evidence(self, fact: Term) -> tuple[str, ...]:
        return tuple(self.sentence(e) for e in sorted(self.graph.objects(fact, PROV.wasDerivedFrom), key=str))

    def docs(self, evidence: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({self.sentences[k].doc for k in evidence}))

    # --- things ------------------------------------------------------------------

    def items(self) -> Iterator[Node | Edge | tuple[str, tuple[str, str]]]:
        yield from self.documents()
        yield from self.entity_nodes()
        for read in (self.memberships, self.units, self.goals, self.figures, self.statements, self.relations, self.warnings):
            yield from read()

    def documents(self) -> Iterator[Node]:
        for doc in self.typed(SDO.NewsArticle):
            props = [("id", self.doc_id(doc))]
            for name, predicate in (("title", SDO.name), ("date", SDO.datePublished), ("publisher", KG.publisherName),
                                    ("translated from", KG.translatedFrom)):
                if self.text(doc, predicate):
                    props.append((name, self.text(doc, predicate)))
            title = self.text(doc, SDO.name)
            yield Node(self.key(doc), "document", title or self.doc_id(doc), props=tuple(props), docs=(self.doc_id(doc),))

    def entity_nodes(self) -> Iterator[Node | Edge]:
        seen: set[str] = set()
        for cls, kind in ENTITY_CLASSES:
            for subject in self.typed(cls):
                if str(subject) in seen:
                    continue
                seen.add(str(subject))
                yield self.entity(subject, kind)
                for doc in sorted(self.graph.subjects(SDO.mentions, subject), key=str):
                    yield Edge(self.key(doc), self.key(subject), "mentions", "mentions")
        self.entities = seen

    def entity(self, subject: Term, kind: str) -> Node:
        names = tuple(sorted({str(n).strip() for n in self.graph.objects(subject, SKOS.altLabel)} - {self.label(subject)}))
        marks: set[tuple[str, int, int]] = set()
        if self.mentions is not None:
            read = self.mentions.pop(subject, ()) if self.consume else self.mentions.get(subject, ())
        else:
            read = [m for m in map(self.mention, self.graph.subjects(KG.mentionOf, subject)) if m is not None]
        for sentence, start, end in read:
            key = self.sentence(sentence)
            base = self.sentences[key].start
            marks.add((key, start - base, end - base))
        order = sorted(marks, key=lambda m: (self.sentences[m[0]].doc, self.sentences[m[0]].start, m))
        evidence = tuple(dict.fromkeys(m[0] for m in order))
        docs = tuple(sorted({self.doc_id(d) for d in self.graph.subjects(SDO.mentions, subject)} | set(self.docs(evidence))))
        props = (("other names", "; ".join(names)),) if names else ()
        return Node(self.key(subject), kind, self.label(subject), props=props, names=names, evidence=evidence,
                    marks=tuple(order), docs=docs)

    def mention(self, mention: Term) -> tuple[Term, int, int] | None:
        """A mention's sentence and offsets (None when it names no sentence)."""
        sentence = self.one(mention, KG.inSentence)
        if sentence is None:
            return None
        start, end = (int(decimal(self.one(mention, p)) or 0) for p in (KG.startOffset, KG.endOffset))
        return sentence, start, end

    def memberships(self) -> Iterator[Edge | tuple[str, tuple[str, str]]]:
        for fact in self.facts(ORG.Membership):
            person, org, role = (self.one(fact, p) for p in (ORG.member, ORG.organization, ORG.role))
            label = (self.label(role) if role is not None else "") or self.text(fact, KG.roleText) or "member"
            if org is None and person is not None:
                yield self.key(person), ("post", label)
            elif person is not None and org is not None:
                yield Edge(self.key(person), self.key(org), "role", label, self.evidence(fact))

    def units(self) -> Iterator[Edge]:
        for fact in self.facts(KG.UnitRelation):
            unit, parent = self.one(fact, KG.unit), self.one(fact, KG.parentOrganization)
            if unit is not None and parent is not None:
                label = UNIT_LABELS.get(self.text(fact, KG.relationKind), "unit of")
                if self.one(fact, KG.former) is not None:
                    label = f"formerly {label}"
                yield Edge(self.key(unit), self.key(parent), "unit", label, self.evidence(fact))
        for predicate, label in ((ORG.unitOf, "unit of"), (ORG.subOrganizationOf, "subsidiary of")):
            for unit, parent in sorted(self.graph.subject_objects(predicate), key=lambda pair: (str(pair[0]), str(pair[1]))):
                yield Edge(self.key(unit), self.key(parent), "unit", label)

    def goals(self) -> Iterator[Node | Edge]:
        for fact in self.facts(KG.Goal):
            holder, by = self.one(fact, KG.holder), self.one(fact, KG.statedBy)
            if holder is None:
                continue
            evidence = self.evidence(fact)
            quantity = decimal(self.one(fact, KG.targetQuantity))
            unit = self.text(fact, KG.unitOfMeasure)
            target = amount(quantity, unit, change=False) if quantity is not None else ""
            action, obj, scope = (self.text(fact, p) for p in (KG.action, KG.targetObject, KG.scope))
            label = " ".join(part for part in (action, target, obj, scope) if part) or "goal"
            props = [("holder", self.label(holder)), ("action", action)]
            if quantity is not None:
                props.append(("target", _with_exact(target, quantity, unit)))
            props += [("object", obj), ("scope", scope), ("deadline", self.text(fact, KG.deadline)),
                      ("deadline as written", self.text(fact, KG.deadlineText)), ("modality", self.text(fact, KG.modality))]
            if by is not None:
                props.append(("stated by", self.label(by)))
            clean = tuple((k, v) for k, v in props if v)
            yield Node(self.key(fact), "goal", label, self.key(holder), clean, evidence=evidence, docs=self.docs(evidence))
            yield Edge(self.key(holder), self.key(fact), "goal", "goal", evidence)
            if by is not None and by != holder:
                yield Edge(self.key(by), self.key(fact), "stated", "stated", evidence)

    def figures(self) -> Iterator[Node | Edge]:
        for fact in self.facts(KG.FinancialFigure):
            subject = self.one(fact, KG.figureOf)
            if subject is None:
                continue
            evidence = self.evidence(fact)
            metric = self.one(fact, KG.metric)
            name = self.text(fact, KG.metricText) or (self.label(metric) if metric is not None else "figure")
            value = decimal(self.one(fact, SDO.value))
            unit = self.text(fact, KG.unitOfMeasure)
            change = self.text(fact, KG.isChange).lower() in {"true", "1"}
            shown = amount(value, unit, change=change) if value is not None else ""
            period = self.text(fact, KG.period)
            short = period[4:] if period.lower().startswith("the ") else period
            label = f"{name} {shown}".strip() + (f"\n({short})" if short else "")
            props = [("of", self.label(subject)), ("metric", self.label(metric) if metric is not None else ""), ("as written", name)]
            if value is not None:
                props.append(("value", _with_exact(shown, value, unit)))
            props += [("change", "yes" if change else ""), ("period", period), ("value as written", self.text(fact, KG.valueText))]
            clean = tuple((k, v) for k, v in props if v)
            yield Node(self.key(fact), "figure", label, self.key(subject), clean, evidence=evidence, docs=self.docs(evidence))
            yield Edge(self.key(subject), self.key(fact), "figure", "", evidence)

    def statements(self) -> Iterator[Node | Edge]:
        for fact in self.facts(KG.Statement):
            speaker, source = self.one(fact, KG.speaker), self.one(fact, KG.citedSource)
            evidence = self.evidence(fact)
            content, cue = self.text(fact, KG.content), self.text(fact, KG.cue)
            quoted = self.text(fact, KG.isQuote).lower() in {"true", "1"}
            label = shorten(f"\u201c{content}\u201d" if quoted else content, 80) or "statement"
            props = [("speaker", self.label(speaker) if speaker is not None else ""), ("cue", cue), ("quoted", "yes" if quoted else "no"),
                     ("source", self.label(source) if source is not None else ""), ("content", content)]
            owner = self.key(speaker) if speaker is not None else (self.key(source) if source is not None else None)
            clean = tuple((k, v) for k, v in props if v)
            yield Node(self.key(fact), "statement", label, owner, clean, evidence=evidence, docs=self.docs(evidence))
            if speaker is not None:
                yield Edge(self.key(speaker), self.key(fact), "said", cue or "said", evidence)
            if source is not None:
                yield Edge(self.key(fact), self.key(source), "source", "source", evidence)

    def relations(self) -> Iterator[Edge | tuple[str, tuple[str, str]]]:
        for fact in self.facts(KG.RelationFact):
            subject, obj = self.one(fact, KG.relationSubject), self.one(fact, KG.relationObject)
            name = self.text(fact, KG.relationName)
            label = RELATION_LABELS.get(name, name.replace("_", " ")) or "related to"
            if subject is None:
                continue
            if obj is not None:
                yield Edge(self.key(subject), self.key(obj), "relation", label, self.evidence(fact))
            elif self.text(fact, KG.relationValue):
                yield self.key(subject), (label, self.text(fact, KG.relationValue))


    def warnings(self) -> Iterator[Edge | tuple[str, tuple[str, str]]]:
        """A consistency warning as an edge between its two figures; its message on the first."""
        for warning in self.facts(KG.ConsistencyWarning):
            figure, other = self.one(warning, KG.figure), self.one(warning, KG.comparedWith)
            if figure is None or other is None:
                continue
            kind = self.text(warning, KG.warningKind)
            yield Edge(self.key(figure), self.key(other), "warning", WARNING_LABELS.get(kind, kind), self.evidence(warning))
            yield self.key(figure), ("warning", self.text(warning, KG.message))


def _with_exact(shown: str, value: Decimal, unit: str) -> str:
    """The compact value, and the exact one when they differ: "825M USD (825,000,000 USD)"."""
    if unit in ("percent", "multiple") or exact(abs(value)) in shown:
        return shown
    return f"{shown} ({exact(value)}{'' if unit in ('', 'count') else ' ' + unit})"


def local_name(iri: str) -> str:
    """The last segment of an IRI: a readable stand-in when a term has no label."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
