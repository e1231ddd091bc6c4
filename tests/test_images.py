"""The overview image: both files, their formats, what they show, same bytes every
time, and graphs that are empty or too large to draw whole.  Graphs are built by
hand; no spaCy here."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from matplotlib import image as mpimage
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns  # not SDO, XSD as globals: pytest's collection probes them and they warn
from rdflib.namespace import ORG, RDF, RDFS

from kg.export.images import Scene, scene, write_overview
from kg.vocab import KG

EX = "https://example.org/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def term(name: str) -> URIRef:
    return URIRef(EX + name.lower().replace(" ", "-"))


def entity(graph: Graph, name: str, cls: URIRef) -> URIRef:
    node = term(name)
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(name)))
    return node


def membership(graph: Graph, person: URIRef, org: URIRef, role: str) -> None:
    fact, post = term(f"membership {person} {org}"), term(f"role {role}")
    graph.add((post, RDF.type, ORG.Role))
    graph.add((post, RDFS.label, Literal(role)))
    graph.add((fact, RDF.type, ORG.Membership))
    graph.add((fact, ORG.member, person))
    graph.add((fact, ORG.organization, org))
    graph.add((fact, ORG.role, post))


def figure(graph: Graph, name: str, subject: URIRef, metric: str, value: str, unit: str, *, change: bool, period: str | None = None) -> None:
    fact, concept = term(f"figure {name}"), term(f"metric {metric}")
    graph.add((concept, RDFS.label, Literal(metric, lang="en")))
    graph.add((fact, RDF.type, KG.FinancialFigure))
    graph.add((fact, KG.figureOf, subject))
    graph.add((fact, KG.metric, concept))
    graph.add((fact, ns.SDO.value, Literal(value, datatype=ns.XSD.decimal)))
    graph.add((fact, KG.unitOfMeasure, Literal(unit)))
    graph.add((fact, KG.isChange, Literal(change)))
    if period:
        graph.add((fact, KG.period, Literal(period)))


def small_graph() -> Graph:
    """A person chairing an organisation whose unit has a goal for 2030 and a figure;
    a place, a mention and evidence that the picture must leave out."""
    graph = Graph()
    jane = entity(graph, "Jane Doe", ns.SDO.Person)
    acme = entity(graph, "Acme", ns.SDO.Organization)
    cloud = entity(graph, "Acme Cloud", ORG.OrganizationalUnit)
    entity(graph, "France", ns.SDO.Place)
    membership(graph, jane, acme, "chairman")
    relation = term("unit relation")
    graph.add((relation, RDF.type, KG.UnitRelation))
    graph.add((relation, KG.unit, cloud))
    graph.add((relation, KG.parentOrganization, acme))
    graph.add((relation, KG.relationKind, Literal("division")))
    graph.add((cloud, ORG.unitOf, acme))
    goal = term("goal")
    graph.add((goal, RDF.type, KG.Goal))
    graph.add((goal, KG.holder, cloud))
    graph.add((goal, KG.action, Literal("serve")))
    graph.add((goal, KG.targetQuantity, Literal("5000000", datatype=ns.XSD.decimal)))
    graph.add((goal, KG.unitOfMeasure, Literal("count")))
    graph.add((goal, KG.targetObject, Literal("customers")))
    graph.add((goal, KG.scope, Literal("worldwide")))
    graph.add((goal, KG.deadline, Literal("2030", datatype=ns.XSD.gYear)))
    graph.add((goal, KG.statedBy, jane))
    figure(graph, "growth", cloud, "revenue", "12", "percent", change=True, period="a year earlier")
    mention = term("mention")
    graph.add((mention, RDF.type, KG.Mention))
    graph.add((mention, KG.mentionOf, acme))
    graph.add((mention, KG.text, Literal("the company")))
    evidence = term("evidence")
    graph.add((evidence, RDF.type, KG.Evidence))
    graph.add((evidence, KG.text, Literal("Acme Cloud aims to serve five million customers worldwide by 2030.")))
    return graph


def large_graph(entities: int = 300) -> Graph:
    """``entities`` entities: organisations with many, few or one member, each org with a figure."""
    graph = Graph()
    orgs = [entity(graph, f"Org {i:02d}", ns.SDO.Organization) for i in range(30)]
    for i in range(entities - len(orgs)):
        person = entity(graph, f"Person {i:03d}", ns.SDO.Person)
        membership(graph, person, orgs[0] if i < 40 else orgs[i % len(orgs)], "director")
    for i, org in enumerate(orgs):
        figure(graph, f"sales {i}", org, "sales", str(1000 + i), "USD", change=False)
    return graph


def render(graph: Graph, out: Path) -> list[Path]:
    paths = write_overview(graph, out)
    assert paths == [out / "graph.png", out / "graph.svg"]
    assert all(path.is_file() for path in paths)
    return paths


def svg_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed XML
    return text


def test_writes_a_png_and_an_svg(tmp_path: Path) -> None:
    png, svg = render(small_graph(), tmp_path)
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    height, width, _ = mpimage.imread(png).shape
    assert 1000 <= width <= 4000
    assert 400 <= height <= 4000
    text = svg_text(svg)
    for label in ("Acme", "Acme Cloud", "2030", "Jane Doe", "chairman", "unit of", "stated"):
        assert f"<!-- {label} -->" in text, label


def test_shows_the_story_and_leaves_out_the_rest() -> None:
    shown = scene(small_graph())
    labels = {node.kind: node.label for node in shown.nodes}
    assert labels == {
        "person": "Jane Doe",
        "organization": "Acme",
        "unit": "Acme Cloud",
        "goal": "serve 5M customers worldwide",
        "figure": "revenue +12%\n(a year earlier)",
        "deadline": "2030",
    }
    name = {node.key: node.label for node in shown.nodes}
    edges = {(name[e.source], e.kind, e.label, name[e.target]) for e in shown.edges}
    assert edges == {
        ("Jane Doe", "role", "chairman", "Acme"),
        ("Acme Cloud", "unit", "unit of", "Acme"),  # the relation and the direct triple: one edge
        ("Acme Cloud", "goal", "goal", "serve 5M customers worldwide"),
        ("Jane Doe", "stated", "stated", "serve 5M customers worldwide"),
        ("serve 5M customers worldwide", "by", "by", "2030"),
        ("Acme Cloud", "figure", "", "revenue +12%\n(a year earlier)"),
    }
    assert shown.notes == ("Places mentioned: France",)
    assert "omitted" not in shown.title


@pytest.mark.parametrize(
    ("value", "unit", "change", "label"),
    [
        ("825000000", "USD", False, "turnover 825M USD"),
        ("22640000", "USD", False, "turnover 22.64M USD"),
        ("90", "percent", True, "turnover +90%"),
        ("-4.5", "percent", True, "turnover \u22124.5%"),
        ("2000000000", "count", False, "turnover 2B"),
        ("5000", "count", False, "turnover 5,000"),
        ("1250000000000", "EUR", True, "turnover +1.25T EUR"),
    ],
)
def test_figures_read_like_headlines(value: str, unit: str, change: bool, label: str) -> None:
    graph = Graph()
    acme = entity(graph, "Acme", ns.SDO.Organization)
    figure(graph, "f", acme, "turnover", value, unit, change=change)
    assert [n.label for n in scene(graph).nodes if n.kind == "figure"] == [label]


def test_same_graph_same_bytes(tmp_path: Path) -> None:
    first = render(small_graph(), tmp_path / "a")
    second = render(small_graph(), tmp_path / "b")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Set and dict order must not leak into the drawing: render in two processes."""
    source = tmp_path / "graph.ttl"
    small_graph().serialize(source, format="turtle")
    script = "import sys, rdflib; from pathlib import Path; from kg.export.images import write_overview; " \
        "write_overview(rdflib.Graph().parse(sys.argv[1]), Path(sys.argv[2]))"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / seed)], check=True, env=env)
    for name in ("graph.png", "graph.svg"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_names_are_text_not_markup(tmp_path: Path) -> None:
    graph = Graph()
    odd = entity(graph, "Ca$h & $ Co <Ltd>", ns.SDO.Organization)
    figure(graph, "odd", odd, "profit", "5", "USD", change=False)
    svg = svg_text(render(graph, tmp_path)[1])
    assert "<!-- Ca$h &amp; $ Co &lt;Ltd&gt; -->" in svg


def test_leaves_global_matplotlib_settings_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    render(small_graph(), tmp_path)
    assert dict(matplotlib.rcParams) == before


def test_empty_graph_says_no_facts(tmp_path: Path) -> None:
    png, svg = render(Graph(), tmp_path)
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert "<!-- no facts -->" in svg_text(svg)


def test_entities_without_facts_are_listed_not_drawn(tmp_path: Path) -> None:
    graph = Graph()
    entity(graph, "Lonely Corp", ns.SDO.Organization)
    shown = scene(graph)
    assert shown.nodes == () and shown.edges == ()
    assert shown.notes == ("Also mentioned, without facts: Lonely Corp",)
    assert "<!-- no facts -->" in svg_text(render(graph, tmp_path)[1])


def test_large_graph_keeps_the_most_central_and_says_how_many_were_omitted(tmp_path: Path) -> None:
    graph = large_graph(300)
    shown: Scene = scene(graph)
    assert len(shown.nodes) <= 60
    kept = sum(1 for n in shown.nodes if n.kind in {"person", "organization"})
    assert f"{kept} of 300 entities, the most central ({300 - kept} omitted)" in shown.title
    assert "Org 00" in {n.label for n in shown.nodes}  # the organisation with most members
    keys = {n.key for n in shown.nodes}
    assert all(e.source in keys and e.target in keys for e in shown.edges)
    assert keys == {key for e in shown.edges for key in (e.source, e.target)}  # nothing stands alone
    png, svg = render(graph, tmp_path)
    height, width, _ = mpimage.imread(png).shape
    assert width < 6000 and height < 12000
    assert "omitted" in svg_text(svg)
