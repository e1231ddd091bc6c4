"""`kg ontology`: a reference page naming every term, a diagram, both deterministic and linked from the README."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from kg import rdf
from kg.cli import app
from kg.export import ontology_doc, turtle
from kg.validate import shapes

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def declared() -> list[URIRef]:
    onto = rdf.ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in onto.subjects(RDF.type, k) if isinstance(s, URIRef)})


def test_every_class_and_property_has_a_section_with_label_comment_domain_and_range() -> None:
    onto = rdf.ontology()
    page = ontology_doc.reference(onto, shapes=shapes())
    for term in declared():
        curie = onto.namespace_manager.curie(term, generate=False)
        heading = f"### `{curie}` — {onto.value(term, RDFS.label)}"
        assert heading in page, term
        section = page.split(heading, 1)[1].split("\n### ", 1)[0]
        assert " ".join(str(onto.value(term, RDFS.comment)).split()) in section
        if (term, RDF.type, OWL.Class) not in onto:
            assert "- domain:" in section and "- range:" in section


def test_shapes_are_documented_on_their_classes() -> None:
    page = ontology_doc.reference(rdf.ontology(), shapes=shapes())
    goal = page.split("### `kg:Goal`", 1)[1].split("\n### ", 1)[0]
    assert "`kg:holder` [1..1] — a goal has exactly one holder" in goal


def test_examples_come_from_the_given_graph() -> None:
    built = rdf.to_graph(_corpus())
    page = ontology_doc.reference(rdf.ontology(), example=built)
    person = page.split("### `schema:Person`", 1)[1].split("\n### ", 1)[0]
    assert "Example from the seed: Jane Roe" in person
    assert 'rdfs:label "Jane Roe"' in person
    figure_of = page.split("### `kg:figureOf`", 1)[1].split("\n### ", 1)[0]
    assert "- example from the seed: [12.5%] `kg:figureOf` [Acme]" in figure_of


def _corpus():  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, Mention

    text = "Acme, led by Jane Roe, grew sales 12.5%."
    ev = Evidence("d", 0, len(text), text)
    entities = (
        Entity("organization:acme", EntityKind.ORGANIZATION, "Acme", (), (Mention("d", 0, 4, "Acme", "name", ev),)),
        Entity("person:jane roe", EntityKind.PERSON, "Jane Roe", (), (Mention("d", 13, 21, "Jane Roe", "name", ev),)),
    )
    facts = (FinancialFigure("organization:acme", "sales", "sales", Decimal("12.5"), "percent", True, None, "12.5%", ev),)
    return Corpus((Document("d", "d.txt", text, text),), entities, facts)


def test_kg_ontology_writes_page_and_diagram_deterministically(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(turtle.serialize(rdf.to_graph(_corpus())))
    first = runner.invoke(app, ["ontology", "--out", str(tmp_path / "a"), "--graph", str(graph)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ontology", "--out", str(tmp_path / "b"), "--graph", str(graph)])
    assert second.exit_code == 0, second.output
    for name in ("ontology.md", "ontology.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "ontology.png").read_bytes().startswith(PNG_MAGIC)
    page = (tmp_path / "a" / "ontology.md").read_text(encoding="utf-8")
    assert "](ontology.png)" in page


def test_kg_ontology_without_a_graph_warns_and_still_writes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ontology", "--out", str(tmp_path), "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 0
    assert "without examples" in " ".join(result.stderr.split())
    assert (tmp_path / "ontology.md").is_file() and (tmp_path / "ontology.png").is_file()


def test_the_committed_reference_is_current_and_linked_from_the_readme() -> None:
    page = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    onto = rdf.ontology()
    for term in declared():
        assert f"`{onto.namespace_manager.curie(term, generate=False)}`" in page, term
    assert (ROOT / "docs" / "ontology.png").read_bytes().startswith(PNG_MAGIC)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\]\(docs/ontology\.md\)", readme)
    assert re.search(r"\]\(docs/ontology\.png\)", readme)
