"""The ontology's own terms as rdflib namespaces that reject typos.

``KG.figureOf`` works; ``KG.figurOf`` raises AttributeError, so a misspelt
property fails at once instead of silently minting a new term.  Reused
vocabularies come from rdflib (SDO is schema.org with https, ORG, PROV, SKOS).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    ORG,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)

ONTOLOGY = URIRef("https://w3id.org/kgnews/ontology")


class KG(DefinedNamespace):
    """Classes and properties of the kg ontology (ontology/kg.ttl)."""

    _NS = Namespace("https://w3id.org/kgnews/ontology#")
    _fail = True

    # classes
    Fact: URIRef
    Evidence: URIRef
    Mention: URIRef
    UnitRelation: URIRef
    FinancialFigure: URIRef
    Goal: URIRef
    Statement: URIRef
    Merge: URIRef
    ConsistencyWarning: URIRef
    # documents and evidence
    document: URIRef
    startOffset: URIRef
    endOffset: URIRef
    text: URIRef
    contentHash: URIRef
    publisherName: URIRef
    translatedFrom: URIRef
    mentionOf: URIRef
    inSentence: URIRef
    rule: URIRef
    mergedInto: URIRef
    mergedName: URIRef
    # memberships and units
    roleText: URIRef
    jurisdiction: URIRef
    unit: URIRef
    parentOrganization: URIRef
    relationKind: URIRef
    former: URIRef
    # financial figures
    figureOf: URIRef
    metric: URIRef
    metricText: URIRef
    unitOfMeasure: URIRef
    isChange: URIRef
    period: URIRef
    valueText: URIRef
    # goals
    holder: URIRef
    hasGoal: URIRef
    action: URIRef
    targetQuantity: URIRef
    targetObject: URIRef
    scope: URIRef
    deadline: URIRef
    deadlineText: URIRef
    statedBy: URIRef
    modality: URIRef
    # statements
    speaker: URIRef
    citedSource: URIRef
    cue: URIRef
    content: URIRef
    isQuote: URIRef
    # relations
    RelationFact: URIRef
    relationName: URIRef
    relationProperty: URIRef
    relationSubject: URIRef
    relationObject: URIRef
    relationValue: URIRef
    chiefExecutive: URIRef
    headquarters: URIRef
    politicalParty: URIRef
    # time: resolved periods and deadlines
    periodValue: URIRef
    deadlineInterval: URIRef
    timeResolution: URIRef
    fiscalPeriod: URIRef
    # consistency warnings
    warningKind: URIRef
    figure: URIRef
    comparedWith: URIRef
    message: URIRef


KGM = Namespace("https://w3id.org/kgnews/metric/")

PREFIXES: dict[str, Namespace | str] = {
    "kg": str(KG._NS),
    "kgm": KGM,
    "kgid": "https://w3id.org/kgnews/id/",
    "schema": str(SDO._NS),
    "org": str(ORG._NS),
    "prov": str(PROV._NS),
    "skos": str(SKOS._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
    "time": str(TIME._NS),
    "owl": "http://www.w3.org/2002/07/owl#",
}
