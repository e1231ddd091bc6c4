"""Pictures: the overview, one per entity and per article; their files, formats,
what they show, same bytes every time, and graphs that are empty or too large to
draw whole.  Graphs are built by hand; no spaCy here."""

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

import sample_graphs
from kg.export.focus import candidates, document, neighbourhood
from kg.export.images import PICTURES, picture_path, write_images, write_overview, write_picture
from kg.export.labels import amount, exact, wrap
from kg.export.overview import MAX_ENTITIES, Scene, overview
from kg.export.projection import project
from kg.vocab import KG

EX = "https://example.org/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KGID = "https://w3id.org/kgnews/id/"


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


def scene(graph: Graph) -> Scene:
    return overview(project(graph))


def render(graph: Graph, out: Path) -> list[Path]:
    paths = write_overview(graph, out)
    assert paths == [out / "graph.png", out / "graph.svg"]
    assert all(path.is_file() for path in paths)
    return paths


def svg_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed XML
    return text


def size(png: Path) -> tuple[int, int]:
    height, width, _ = mpimage.imread(png).shape
    return width, height


# --- the overview -------------------------------------------------------------------------


def test_writes_a_png_and_an_svg(tmp_path: Path) -> None:
    png, svg = render(small_graph(), tmp_path)
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    width, height = size(png)
    assert 1000 <= width <= 4000
    assert 400 <= height <= 4000
    text = svg_text(svg)
    for label in ("Acme", "Acme Cloud", "2030", "Jane Doe", "chairman", "unit of", "stated", "person", "deadline"):
        assert f"<!-- {label} -->" in text, label  # nodes, edge labels and the legend


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
    assert shown.title == "Knowledge graph overview"


def test_relations_and_cited_sources_are_edges() -> None:
    shown = scene(sample_graphs.graph())
    name = {node.key: node.label for node in shown.nodes}
    edges = {(name[e.source], e.label, name[e.target]) for e in shown.edges}
    assert ("Acme", "headquarters", "France") in edges  # a place joins the drawing through a relation
    assert ("Bob Roe", "chief executive", "Acme") in edges
    assert "Paris" not in name.values()  # mentioned only: a footnote
    assert "Places mentioned: Paris" in shown.notes


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
        ("5", "multiple", True, "turnover 5\u00d7"),
    ],
)
def test_figures_read_like_headlines(value: str, unit: str, change: bool, label: str) -> None:
    graph = Graph()
    acme = entity(graph, "Acme", ns.SDO.Organization)
    figure(graph, "f", acme, "turnover", value, unit, change=change)
    assert [n.label for n in scene(graph).nodes if n.kind == "figure"] == [label]


def test_values_compact_and_exact() -> None:
    from decimal import Decimal

    assert amount(Decimal("825000000"), "USD", change=False) == "825M USD"
    assert exact(Decimal("825000000.0")) == "825,000,000"
    assert exact(Decimal("-22.640")) == "-22.64"
    node = next(n for n in project(sample_graphs.graph()).nodes.values() if n.label == "turnover 825M USD")
    assert node.prop("value") == "825M USD (825,000,000 USD)"


def test_long_labels_are_wrapped_and_shortened() -> None:
    text = wrap("the quick brown fox jumps over the lazy dog " * 6)
    lines = text.splitlines()
    assert all(len(line) <= 22 for line in lines)
    assert len(lines) <= 5 and text.endswith("\u2026")


def test_same_graph_same_bytes(tmp_path: Path) -> None:
    first = render(small_graph(), tmp_path / "a")
    second = render(small_graph(), tmp_path / "b")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Set and dict order must not leak into the pictures: draw in two processes."""
    source = tmp_path / "graph.ttl"
    sample_graphs.graph().serialize(source, format="turtle")
    script = "import sys, rdflib; from pathlib import Path; from kg.export.images import write_images; " \
        "write_images(rdflib.Graph().parse(sys.argv[1]), Path(sys.argv[2]))"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / seed)], check=True, env=env)
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert len(files) == 2 + 2 * (4 + 2)  # the overview; Jane Doe, Bob Roe, Acme, Acme Cloud; two articles
    for name in files:
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


def test_large_graph_shows_the_most_central_entities_and_collapses_groups(tmp_path: Path) -> None:
    graph = large_graph(300)
    shown = scene(graph)
    entities = [n for n in shown.nodes if n.kind in {"person", "organization"}]
    groups = [n for n in shown.nodes if n.kind == "community"]
    assert len(entities) == MAX_ENTITIES
    assert shown.title == f"Knowledge graph overview: the {MAX_ENTITIES} most central of 300 entities"
    labels = {n.label for n in entities}
    assert "Org 00\n1 figure" in labels  # the organisation with most members, its figure counted
    assert not any(n.kind == "figure" for n in shown.nodes)
    assert groups and all(g.label.startswith("+") and " more: " in g.label for g in groups)
    for group in groups:  # each collapsed group hangs off one central member
        assert sum(1 for e in shown.edges if e.target == group.key) == 1
    hidden = sum(int(g.label[1:].split(" ", 1)[0]) for g in groups)
    keys = {n.key for n in shown.nodes}
    assert all(e.source in keys and e.target in keys for e in shown.edges)
    assert hidden <= 300 - MAX_ENTITIES
    png, svg = render(graph, tmp_path)
    width, height = size(png)
    assert 800 <= width <= 2100, width  # readable at 1920 pixels wide
    assert height < 4000
    assert "most central" in svg_text(svg)


# --- pictures of entities and articles ----------------------------------------------------


def test_an_entity_picture_is_its_neighbourhood() -> None:
    seen = project(sample_graphs.graph())
    jane = KGID + "person/jane-doe"
    shown = neighbourhood(seen, jane)
    assert shown.focus == jane and shown.title == "Jane Doe"
    labels = {n.label for n in shown.nodes}
    assert {"Jane Doe", "Acme", "serve 5M customers worldwide", "Acme Cloud", "2030"} <= labels
    assert "turnover 825M USD" not in labels  # Acme's own figure is one step too far
    assert "Bob Roe" not in labels
    assert shown.subtitle.startswith("person \u2014 linked: ")
    assert "Other names: Doe" in shown.notes
    assert "Jane Doe made 1 statement (kg query statements)." in shown.notes
    assert "Mentioned in 1 article: news" in shown.notes


def test_an_article_picture_shows_what_it_states() -> None:
    seen = project(sample_graphs.graph())
    shown = document(seen, KGID + "doc/other")
    assert shown.title == "Article: other"
    name = {n.key: n.label for n in shown.nodes}
    assert set(name.values()) == {"Bob Roe", "Acme", "turnover 825M USD"}
    assert {(name[e.source], e.label, name[e.target]) for e in shown.edges} == {
        ("Bob Roe", "chief executive", "Acme"), ("Acme", "", "turnover 825M USD")}
    titled = document(seen, next(k for k, n in seen.nodes.items() if n.label == "Acme Cloud sets a goal"))
    assert titled.title == "Article: Acme Cloud sets a goal" and titled.subtitle.startswith("news \u00b7 ZNews \u00b7 ")


def test_image_set_files_caps_and_stale_pictures(tmp_path: Path) -> None:
    stale = tmp_path / "images" / "person" / "someone-gone.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    drawn = write_images(sample_graphs.graph(), tmp_path)
    assert drawn.entities == drawn.entities_total == 4 and drawn.documents == drawn.documents_total == 2
    assert not stale.exists()
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == [
        "graph.png", "graph.svg",
        "images/doc/news.png", "images/doc/news.svg", "images/doc/other.png", "images/doc/other.svg",
        "images/organization/acme.png", "images/organization/acme.svg",
        "images/person/bob-roe.png", "images/person/bob-roe.svg", "images/person/jane-doe.png", "images/person/jane-doe.svg",
        "images/unit/acme-cloud.png", "images/unit/acme-cloud.svg",
    ]
    for path in tmp_path.rglob("*.png"):
        assert path.read_bytes().startswith(PNG_SIGNATURE)
        assert size(path)[0] <= 2400
    capped = write_images(sample_graphs.graph(), tmp_path, entities=1, documents=0)
    assert (capped.entities, capped.entities_total, capped.documents) == (1, 4, 0)
    assert sorted(p.name for p in (tmp_path / "images").rglob("*.png")) == ["acme.png"]  # the most central; the rest removed
    assert PICTURES == 10


def test_picture_paths_follow_the_iri() -> None:
    seen = project(sample_graphs.graph())
    assert picture_path(seen.nodes[KGID + "person/jane-doe"]).as_posix() == "person/jane-doe"
    odd = project(small_graph()).nodes[EX + "jane-doe"]
    assert picture_path(odd).as_posix().startswith("person/jane-doe-")  # not a kg IRI: a slug with a hash


def test_names_find_entities_and_articles(tmp_path: Path) -> None:
    seen = project(sample_graphs.graph())
    assert [n.label for n in candidates(seen, "jane doe")] == ["Jane Doe"]
    assert [n.label for n in candidates(seen, "  DOE ")] == ["Jane Doe"]  # another name
    assert [n.label for n in candidates(seen, "cloud division")] == ["Acme Cloud"]
    assert [n.label for n in candidates(seen, "acme")] == ["Acme"]  # an exact name beats a prefix
    assert [n.label for n in candidates(seen, "ac")] == ["Acme", "Acme Cloud", "Acme Cloud sets a goal"]
    assert [n.kind for n in candidates(seen, "other")] == ["document"]
    assert candidates(seen, "nobody") == [] and candidates(seen, "  ") == []
    scene_, paths = write_picture(seen, KGID + "place/france", tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["place/france.png", "place/france.svg"]
    assert {n.label for n in scene_.nodes} == {"France", "Acme"}


@pytest.mark.parametrize("name", ["news", "every kind", "many entities"])
def test_what_the_views_keep_of_the_parts_gives_the_same_projection(name: str) -> None:
    """A build hands the views each part of the graph (kg.export.view_input): they keep
    the triples the projection reads, and the mentions as a table."""
    import sample_corpus

    from kg import rdf
    from kg.export.view_input import ViewInput

    corpora = {"news": sample_graphs.corpus, "every kind": sample_corpus.corpus, "many entities": lambda: sample_graphs.big_corpus(300, 80)}
    corpus = corpora[name]()
    graph = rdf.to_graph(corpus)
    seen = ViewInput()
    for part in [rdf.ontology(), *rdf.parts(corpus)]:
        seen.add(part)
    assert len(seen.graph) < 0.6 * len(graph)
    assert seen.mentions
    # one object per term, however many parts named it
    held = [term for s, _, o in seen.graph for term in (s, o)]
    held += [term for entity, rows in seen.mentions.items() for term in (entity, *(row[0] for row in rows))]
    assert len({id(term) for term in held}) == len(set(held))
    assert seen.project() == project(graph)
    assert len(seen.graph) == 0 and not seen.mentions  # handed over to the projection


@pytest.mark.parametrize("name", ["news", "every kind"])
def test_a_consumed_graph_gives_the_same_projection_and_is_left_empty(name: str) -> None:
    """Projecting with ``consume`` reads each fact and evidence sentence once and lets it
    go, and empties the graph once everything is read; the projection is the same."""
    import sample_corpus

    from kg import graphstore, rdf

    corpus = {"news": sample_graphs.corpus, "every kind": sample_corpus.corpus}[name]()
    graph = rdf.to_graph(corpus)
    handed = graphstore.new_graph()
    graphstore.extend(handed, graph)
    projection = project(handed, consume=True)
    assert projection == project(graph)
    assert projection.sentences and projection.edges
    assert len(graph) > 0 and len(handed) == 0 and not list(handed)
