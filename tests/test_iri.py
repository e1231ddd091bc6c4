"""IRIs: deterministic, valid by construction, unique to their source strings."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

from kg import iri
from kg.model import EntityKind
from kg.patterns import load

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# RFC 3987 excludes these from IRIs; Turtle and N-Triples cannot write them in <...>
FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FACT_KINDS = ("role", "unit", "financial", "goal", "statement")

# Text with the awkward cases named: emoji, right-to-left scripts, combining
# marks, control characters, quotes, angle brackets and backslashes.
awkward = st.sampled_from(
    ["😀", "🇳🇱", "שלום", "مرحبا", "\u202e", "e\u0301", "\x00", "\n", "\t", '"', "'", "<", ">", "\\", "{", "}", "|", "^", "`", " ", "%20", "#", "?", "/", "..", "ß", "İ", "ﬁ", "Ⅻ"]
)
texts = st.one_of(st.text(), st.lists(st.one_of(awkward, st.text(max_size=3)), max_size=8).map("".join))


def valid_iri(term: URIRef) -> None:
    value = str(term)
    assert value.startswith(iri.BASE)
    assert ABSOLUTE.match(value)
    assert not FORBIDDEN.search(value), f"invalid character in {value!r}"
    assert value.isascii()


def round_trips(graph: Graph) -> None:
    for fmt in ("turtle", "nt"):
        data = graph.serialize(format=fmt)
        back = Graph().parse(data=data, format=fmt)
        assert isomorphic(graph, back), f"{fmt} round trip changed the graph"
        assert len(back) == len(graph)


# --- slug -----------------------------------------------------------------------


@given(texts)
def test_slug_is_a_non_empty_ascii_segment(text: str) -> None:
    segment = iri.slug(text)
    assert SLUG.fullmatch(segment), segment
    assert segment == iri.slug(text)  # deterministic


@given(texts, texts)
def test_slug_is_injective(a: str, b: str) -> None:
    assume(a != b)
    assert iri.slug(a) != iri.slug(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jack Ma", "jack ma"),
        ("jack ma", "jack-ma"),
        ("jack ma", "jack  ma"),
        ("jack ma", " jack ma"),
        ("Ma", "Mä"),
        ("", " "),
        ("", "😀"),
        ("AT&T", "AT T"),
        ("a" * 60, "a" * 61),
        ("a" * 61, "a" * 62),
        ("x" * 70 + "1", "x" * 70 + "2"),
    ],
)
def test_slug_distinguishes_near_misses(a: str, b: str) -> None:
    assert iri.slug(a) != iri.slug(b)


@pytest.mark.parametrize(("text", "expected"), [("alibaba", "alibaba"), ("jack ma", "jack-ma"), ("cloud 2036", "cloud-2036")])
def test_plain_strings_keep_a_readable_slug(text: str, expected: str) -> None:
    assert iri.slug(text) == expected


def test_readable_part_survives_hashing() -> None:
    assert iri.slug("Jack Ma").startswith("jack-ma-")
    assert iri.slug("Zürich").startswith("zurich-")


def test_slug_is_bounded() -> None:
    assert len(iri.slug("word " * 1000)) <= iri.MAX_SLUG + 11


# --- minted IRIs ----------------------------------------------------------------

offsets = st.integers(min_value=0, max_value=10**7)


@settings(max_examples=60, deadline=None)
@given(
    key=texts,
    doc_id=texts,
    title=texts,
    content=texts,
    kind=st.sampled_from([k.value for k in EntityKind]),
    fact_kind=st.sampled_from(FACT_KINDS),
    start=offsets,
    length=offsets,
    label=texts,
)
def test_minted_iris_are_valid_and_round_trip(
    key: str, doc_id: str, title: str, content: str, kind: str, fact_kind: str, start: int, length: int, label: str
) -> None:
    end = start + length
    minted = [
        iri.entity(kind, key),
        iri.document(doc_id),
        iri.evidence(doc_id, start, end),
        iri.mention(doc_id, start, end),
        iri.fact(fact_kind, content),
        iri.role(title),
    ]
    for term in minted:
        valid_iri(term)
    assert len(set(minted)) == len(minted)
    assert minted == [
        iri.entity(kind, key),
        iri.document(doc_id),
        iri.evidence(doc_id, start, end),
        iri.mention(doc_id, start, end),
        iri.fact(fact_kind, content),
        iri.role(title),
    ]

    graph = Graph()
    for subject in minted:
        for obj in minted:
            graph.add((subject, RDFS.seeAlso, obj))
        graph.add((subject, RDFS.label, Literal(label)))
    round_trips(graph)


@given(st.lists(texts, min_size=2, max_size=6, unique=True))
def test_distinct_keys_distinct_entities(keys: list[str]) -> None:
    for kind in EntityKind:
        assert len({iri.entity(kind.value, k) for k in keys}) == len(keys)
    assert len({iri.document(k) for k in keys}) == len(keys)
    assert len({iri.role(k) for k in keys}) == len(keys)
    assert len({iri.fact("role", k) for k in keys}) == len(keys)


def test_evidence_and_mention_are_distinct_and_under_their_document() -> None:
    doc = iri.document("alibaba-cloud-2036")
    ev = iri.evidence("alibaba-cloud-2036", 146, 240)
    mention = iri.mention("alibaba-cloud-2036", 146, 153)
    assert str(ev).startswith(str(doc) + "/")
    assert str(mention).startswith(str(doc) + "/")
    assert ev != iri.mention("alibaba-cloud-2036", 146, 240)
    assert iri.evidence("a", 1, 23) != iri.evidence("a", 12, 3)


def test_metric_concepts_are_declared_terms() -> None:
    """Every metric concept mints a term of the metric scheme (the namespace rejects typos)."""
    graph = Graph()
    for concept in load("metrics")["metrics"]:
        term = iri.metric(concept)
        assert not FORBIDDEN.search(str(term))
        graph.add((term, RDF.type, RDFS.Resource))
    round_trips(graph)
    assert len(set(graph.subjects())) == len(load("metrics")["metrics"])


def test_round_trip_is_canonical() -> None:
    graph = Graph()
    for text in ("Jack Ma", "شركة", "<script>", 'say "hi"', "a\\b", "😀"):
        graph.add((iri.entity("person", text), RDFS.label, Literal(text)))
    back = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert to_isomorphic(graph) == to_isomorphic(back)
