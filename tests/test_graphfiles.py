"""The graph's N-Triples lines read back for SHACL validation: every term as the
build made it, whether read straight from its text or parsed by pyoxigraph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from kg import graphfiles, oxigraph

SUBJECT = URIRef("https://w3id.org/kgnews/resource/evidence/a1")

VALUES: list[Node] = [
    URIRef("https://w3id.org/kgnews/resource/org/acme"),
    URIRef("https://example.org/caf\u00e9"),
    Literal("Acme"),
    Literal(""),
    Literal("Caf\u00e9 \u201cquoted\u201d"),
    Literal('He said "no"'),  # escaped quotes
    Literal("back\\slash"),
    Literal("two\nlines\r"),
    Literal('a"^^<http://x>'),  # looks like a datatype inside the lexical form
    Literal("Acme", lang="en"),
    Literal("Acme", lang="en-GB"),
    Literal("Acme", datatype=XSD.string),
    Literal("12", datatype=XSD.nonNegativeInteger),
    Literal("012", datatype=XSD.integer),  # rdflib normalises the lexical form
    Literal("-3.50", datatype=XSD.decimal),
    Literal("true", datatype=XSD.boolean),
    Literal("2036", datatype=XSD.gYear),
    Literal("2024-02", datatype=XSD.gYearMonth),
    Literal("2024-02-30", datatype=XSD.date),  # ill-typed: kept as written
    Literal("x", datatype=URIRef("https://w3id.org/kgnews/ontology#custom")),
    BNode("b0"),
]


def _line(subject: Node, predicate: Node, value: Node) -> bytes:
    return graphfiles._nt_line((subject, predicate, value), {})  # type: ignore[arg-type]


def _parsed(line: bytes, position: int) -> Node:
    triple = next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES)))
    term = oxigraph.to_rdflib((triple.subject, triple.predicate, triple.object)[position])
    assert term is not None
    return term


def _same(a: Node, b: Node) -> bool:
    """Equal as RDF terms, with the same lexical form, datatype and language."""
    if isinstance(a, Literal) and isinstance(b, Literal):
        return (str(a), a.datatype, a.language) == (str(b), b.datatype, b.language) and a.eq(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_written_value_reads_back_as_pyoxigraph_parses_it(value: Node) -> None:
    line = _line(SUBJECT, RDFS.label, value)
    text = line.split(b" ", 2)[2][:-3]  # without " .\n"
    read = graphfiles._Written().term(text, line, 2)
    assert _same(read, _parsed(line, 2))
    # a plain literal for an xsd:string one, as the build makes them (and, as pyoxigraph
    # reads them, language tags in lower case)
    expected = value
    if isinstance(value, Literal) and (value.datatype == XSD.string or value.language):
        expected = Literal(str(value), lang=value.language.lower() if value.language else None)
    assert _same(read, expected)


@pytest.mark.parametrize("subject", [SUBJECT, BNode("n1")], ids=repr)
def test_a_written_subject_reads_back(subject: Node) -> None:
    line = _line(subject, RDFS.label, Literal("x"))
    text = line.split(b" ", 1)[0]
    assert _same(graphfiles._Written().term(text, line, 0), subject)


def test_each_written_term_is_made_once() -> None:
    written = graphfiles._Written()
    line = _line(SUBJECT, RDFS.label, Literal("12", datatype=XSD.nonNegativeInteger))
    text = line.split(b" ", 2)[2][:-3]
    assert written.term(text, line, 2) is written.term(text, line, 2)
