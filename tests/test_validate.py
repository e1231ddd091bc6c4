"""SHACL shapes and `kg validate`: a good graph conforms, a broken one fails with
a readable report; the seed build conforms and is OWL RL consistent."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD
from sample_corpus import EV, EV2, corpus
from typer.testing import CliRunner

from kg import nlp as kg_nlp
from kg import rdf
from kg.cli import app
from kg.export import turtle
from kg.pipeline import build
from kg.validate import ValidationReport, shapes, validate
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def fact_of(graph: Graph, cls: URIRef) -> URIRef:
    node = next(graph.subjects(RDF.type, cls))
    assert isinstance(node, URIRef)
    return node


# --- the shapes and the vocabulary -------------------------------------------------


def test_shapes_use_only_declared_terms() -> None:
    ontology = rdf.ontology()
    declared = {s for s, o in ontology.subject_objects(RDF.type) if o in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)}
    graph = shapes()
    used = set(graph.objects(None, SH.targetClass)) | set(graph.objects(None, SH["class"]))
    used |= {p for p in graph.objects(None, SH.path) if isinstance(p, URIRef)} | set(graph.objects(None, SH.inversePath))
    assert used - declared - {RDFS.label} == set()


def test_every_class_the_build_emits_has_a_shape() -> None:
    data = rdf.to_graph(corpus(), with_ontology=False)
    emitted = set(data.objects(None, RDF.type))
    targeted = set(shapes().objects(None, SH.targetClass))
    assert emitted - targeted == set()


# --- conforming and broken graphs --------------------------------------------------


def test_a_complete_graph_conforms() -> None:
    report = validate(rdf.to_graph(corpus()))
    assert report.conforms, report.violations
    assert report.violations == ()
    assert report.checked > 10


def test_a_graph_without_the_ontology_is_checked_with_it() -> None:
    data = rdf.to_graph(corpus(), with_ontology=False)
    assert validate(data).conforms
    assert (None, RDF.type, OWL.Class) not in data  # the caller's graph is left alone


def test_removing_evidence_fails_with_a_message_per_fact() -> None:
    graph = rdf.to_graph(corpus())
    graph.remove((None, PROV.wasDerivedFrom, None))
    report = validate(graph)
    assert not report.conforms
    messages = {(v.kind, v.path, v.message) for v in report.errors}
    assert ("Financial figure", "prov:wasDerivedFrom", "every fact has evidence: prov:wasDerivedFrom at least one kg:Evidence") in messages
    assert {v.kind for v in report.errors} == {"Financial figure", "Goal", "Membership", "Relation fact", "Statement", "Unit relation"}
    assert all(v.evidence is None for v in report.errors)


@pytest.mark.parametrize(
    ("cls", "prop", "value", "message"),
    [
        (KG.FinancialFigure, KG.unitOfMeasure, Literal("dollars"), "a figure has exactly one unit: an ISO 4217 currency code, percent, count or multiple"),
        (KG.FinancialFigure, SDO.value, None, "a figure has exactly one value, an xsd:decimal"),
        (KG.FinancialFigure, KG.figureOf, None, "a figure has exactly one subject, an organisation or unit"),
        (KG.Goal, KG.holder, None, "a goal has exactly one holder"),
        (KG.Goal, KG.deadline, Literal("by 2030"), "a goal has at most one deadline, an xsd:gYear, xsd:gYearMonth or xsd:date"),
        (KG.Statement, KG.isQuote, Literal("no"), "a statement says exactly once whether it is quoted, as an xsd:boolean"),
    ],
)
def test_a_broken_fact_is_reported_with_its_evidence_sentence(cls: URIRef, prop: URIRef, value: Literal | None, message: str) -> None:
    graph = rdf.to_graph(corpus())
    node = fact_of(graph, cls)
    graph.remove((node, prop, None))
    if value is not None:
        graph.add((node, prop, value))
    report = validate(graph)
    assert not report.conforms
    [violation] = [v for v in report.errors if v.focus == str(node)]
    assert violation.message == message
    assert violation.evidence in (EV.text, EV2.text) and violation.document == "d"


def test_broken_evidence_and_entities() -> None:
    graph = rdf.to_graph(corpus())
    evidence = fact_of(graph, KG.Evidence)
    graph.remove((evidence, KG.startOffset, None))
    acme = next(graph.subjects(RDFS.label, Literal("Acme")))
    graph.add((acme, RDFS.label, Literal("Acme Corp")))
    report = validate(graph)
    found = {(v.kind, v.path, v.message) for v in report.errors}
    assert ("Evidence", "kg:startOffset", "evidence has exactly one start offset, a non-negative integer below its end offset") in found
    assert ("Organization", "rdfs:label", "an entity has exactly one label, a non-empty string") in found
    label = next(v for v in report.errors if v.path == "rdfs:label")
    assert label.evidence == EV.text  # the sentence of the entity's first mention


def test_the_report_is_deterministic() -> None:
    graph = rdf.to_graph(corpus())
    graph.remove((None, PROV.wasDerivedFrom, None))
    first, second = validate(graph), validate(graph)
    assert first.violations == second.violations


# --- kg validate -------------------------------------------------------------------


def test_kg_validate_exit_codes_and_report(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_bytes(turtle.serialize(rdf.to_graph(corpus())))
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout

    graph = rdf.to_graph(corpus())
    figure = fact_of(graph, KG.FinancialFigure)
    graph.remove((figure, KG.unitOfMeasure, None))
    graph.remove((fact_of(graph, KG.Goal), PROV.wasDerivedFrom, None))
    broken = tmp_path / "broken.ttl"
    broken.write_bytes(turtle.serialize(graph))
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert "does not conform" in out
    assert "Financial figure '12.5%'" in out
    assert "kg:unitOfMeasure: a figure has exactly one unit: an ISO 4217 currency code, percent, count or multiple" in out
    assert f"evidence [d]: {EV.text!r}" in out
    assert "Goal 'reach'" in out and "every fact has evidence" in out and "evidence: none in the graph" in out


def test_kg_validate_missing_or_unreadable_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2
    assert "kg build" in " ".join(result.stderr.split())
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- the seed: SHACL and OWL RL ----------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("seed")
    report = build([ROOT / "seeds"], out, kg_nlp.load(), images_enabled=False)
    assert report.validation is not None and report.validation.conforms, report.validation
    return Graph().parse(out / "graph.ttl")


def test_the_seed_build_conforms(seed_graph: Graph) -> None:
    report = validate(seed_graph)
    assert report.conforms and report.violations == ()
    assert report.checked >= 60


def test_the_seed_build_without_evidence_does_not_conform(seed_graph: Graph, tmp_path: Path) -> None:
    broken = Graph() + seed_graph
    broken.remove((None, PROV.wasDerivedFrom, None))
    path = tmp_path / "broken.ttl"
    path.write_bytes(turtle.serialize(broken))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Jack Ma chairman of the board of directors" not in result.stdout  # labels, not IRIs, name the focus
    assert "'chairman of the board of directors'" in " ".join(result.stdout.split())


def owl_rl_errors(graph: Graph) -> list[str]:
    closure = Graph() + graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return sorted(str(closure.value(m, ERRNS.error)) for m in closure.subjects(RDF.type, ERRNS.ErrorMessage))


def test_the_seed_build_is_owl_rl_consistent(seed_graph: Graph) -> None:
    assert owl_rl_errors(seed_graph) == []


def test_owl_rl_catches_a_person_who_is_an_organisation(seed_graph: Graph) -> None:
    broken = Graph() + seed_graph
    person = next(broken.subjects(RDF.type, SDO.Person))
    broken.add((person, RDF.type, SDO.Organization))
    [error] = owl_rl_errors(broken)
    assert "Disjoint classes" in error and str(person) in error


def test_owl_rl_catches_an_organisation_that_is_a_place(seed_graph: Graph) -> None:
    broken = Graph() + seed_graph
    org = next(broken.subjects(RDFS.label, Literal("ZDNet")))
    place = next(broken.subjects(RDFS.label, Literal("China")))
    # through a range: kg:citedSource points at organisations
    statement = next(broken.subjects(KG.citedSource, org))
    broken.add((statement, KG.citedSource, place))
    assert any("Disjoint classes" in e and str(place) in e for e in owl_rl_errors(broken))


def test_skos_terms_the_shapes_use_are_declared() -> None:
    assert (SKOS.altLabel, RDF.type, OWL.AnnotationProperty) in rdf.ontology()


def test_lifted_property_shapes_give_the_same_results() -> None:
    import pyshacl

    from kg.validate import lift_property_shapes

    graph = rdf.to_graph(corpus())
    graph.remove((None, PROV.wasDerivedFrom, None))
    graph.remove((fact_of(graph, KG.Evidence), KG.text, None))

    def results(shapes_graph: Graph) -> set[tuple[str, str, str]]:
        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none")
        return {
            (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
            for r in report.subjects(RDF.type, SH.ValidationResult)
        }

    nested = results(shapes())
    assert len(nested) > 5
    assert results(lift_property_shapes(shapes())) == nested


def test_the_build_store_gives_the_seed_the_same_report(seed_graph: Graph) -> None:
    """The build validates its graph on kg.graphstore's store: the same results as
    rdflib's default store, for the seed as built and with its evidence removed."""
    import dataclasses

    from kg import graphstore

    def report(graph: Graph) -> tuple[object, ...]:
        checked = validate(graph)
        return (checked.conforms, checked.checked, tuple(dataclasses.astuple(v) for v in checked.violations))

    for cut in (None, PROV.wasDerivedFrom, KG.text):
        plain = Graph() + seed_graph
        if cut is not None:
            plain.remove((None, cut, None))
        indexed = graphstore.new_graph()
        for prefix, namespace in plain.namespaces():
            indexed.bind(prefix, namespace, override=True, replace=True)
        for triple in plain:
            indexed.add(triple)
        expected = report(plain)
        assert expected[0] is (cut is None)
        assert report(indexed) == expected, cut


def _broken_two_documents() -> Graph:
    """Two articles' graph with violations of several kinds, some of them about nodes
    both articles describe (an entity's label, its mentions)."""
    from sample_graphs import corpus as two_documents

    graph = rdf.to_graph(two_documents())
    figure = fact_of(graph, KG.FinancialFigure)
    graph.remove((figure, PROV.wasDerivedFrom, None))  # a fact without evidence
    person = fact_of(graph, SDO.Person)
    graph.add((person, RDFS.label, Literal("Someone Else")))  # two labels
    org = fact_of(graph, SDO.Organization)
    graph.remove((None, KG.mentionOf, org))  # an entity without mentions
    goal = fact_of(graph, KG.Goal)
    graph.set((goal, KG.holder, Literal("Acme")))  # a holder that is not an IRI
    membership = fact_of(graph, ORG.Membership)
    graph.set((membership, ORG.member, org))  # sh:class: an organisation as a member
    evidence = min(graph.subjects(RDF.type, KG.Evidence))
    graph.set((evidence, KG.startOffset, Literal(3, datatype=XSD.integer)))  # the wrong integer type
    assert len(set(graph.subjects(SDO.identifier, None))) == 2
    return graph


@pytest.mark.parametrize("lines", [1, 40, 1_000_000])
def test_batches_of_subjects_give_the_whole_graph_report(tmp_path: Path, lines: int) -> None:
    """The build validates the sorted lines a batch of whole subjects at a time: the
    same report as the whole graph at once, whatever the batch size."""
    import dataclasses

    from kg import graphfiles
    from kg.validate import read_backwards, validate_batches

    def report(checked: ValidationReport) -> tuple[object, ...]:
        return (checked.conforms, checked.checked, tuple(dataclasses.astuple(v) for v in checked.violations))

    graph = _broken_two_documents()
    expected = report(validate(graph))
    assert expected[0] is False and len(expected[2]) >= 6
    building = graphfiles.open_building(tmp_path)
    building.add(graph)
    filled = graphfiles.finish(building)
    try:
        batches = graphfiles.shacl_batches(filled, backwards=read_backwards(), lines=lines)
        assert report(validate_batches(batches, describe=graphfiles.describer(filled.store))) == expected
    finally:
        graphfiles.close(filled, keep_store=False)


def test_batches_checked_in_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    """With workers the build checks its batches in processes that open the store
    read-only while the build holds it: the report is the one of the whole graph."""
    import dataclasses

    from kg import graphfiles, parallel

    def report(checked: ValidationReport) -> tuple[object, ...]:
        return (checked.conforms, checked.checked, tuple(dataclasses.astuple(v) for v in checked.violations))

    graph = _broken_two_documents()
    expected = report(validate(graph))
    building = graphfiles.open_building(tmp_path)
    building.add(graph)
    filled = graphfiles.finish(building)
    try:
        assert report(graphfiles.validate(filled, lines=40)) == expected
        with parallel.pool(2, warm=graphfiles.ready_to_check) as processes:
            assert report(graphfiles.validate(filled, processes=processes, lines=40)) == expected
    finally:
        graphfiles.close(filled, keep_store=False)


def test_a_batch_counts_the_mentions_read_in_for_its_entities(tmp_path: Path) -> None:
    """Each entity's mentions are read into its batch from the store; in a large corpus an
    entity has thousands, so a batch counts them and takes fewer entities (a chunk of
    entities read in whole with their mentions was the validation's peak).  The report
    stays the whole graph's."""
    import dataclasses

    from kg import graphfiles
    from kg.validate import read_backwards, validate_batches

    graph = rdf.to_graph(corpus())
    for n in range(12):  # every mention twelve times more
        for mention in list(graph.subjects(RDF.type, KG.Mention)):
            for predicate, value in list(graph.predicate_objects(mention)):
                graph.add((URIRef(f"{mention}-{n}"), predicate, value))
    backwards = read_backwards()
    entities = {s for cls in backwards for s in graph.subjects(RDF.type, cls)}
    weight = {e: len(list(graph.predicate_objects(e))) + 2 * len(list(graph.subjects(KG.mentionOf, e))) for e in entities}
    assert max(weight.values()) > 50
    limit = 60
    expected = validate(graph)
    building = graphfiles.open_building(tmp_path)
    building.add(graph)
    filled = graphfiles.finish(building)
    try:
        batches = list(graphfiles.shacl_batches(filled, backwards=backwards, lines=limit))
        assert len(batches) > len(list(graphfiles.subject_chunks(filled.lines, lines=limit)))
        for batch in batches:
            own = sum(1 for s, _, _ in batch.graph if s in batch.focus)
            read_in = sum(1 for s, p, _ in batch.graph if p == KG.mentionOf and s not in batch.focus)
            assert own + 2 * read_in < limit + max(weight.values())
        checked = validate_batches(batches, describe=graphfiles.describer(filled.store))
        assert (checked.conforms, checked.checked, [dataclasses.astuple(v) for v in checked.violations]) == (
            expected.conforms, expected.checked, [dataclasses.astuple(v) for v in expected.violations]
        )
    finally:
        graphfiles.close(filled, keep_store=False)


def test_only_entities_need_their_mentions_in_a_batch() -> None:
    from kg.validate import read_backwards

    assert read_backwards() == {SDO.Person, SDO.Organization, ORG.OrganizationalUnit, SDO.Place}


def test_the_data_graph_answers_objects_as_any_graph() -> None:
    """pyshacl reads a batch through :class:`kg.validate.DataGraph`: the objects of a
    subject and property come from the index, the same, in the same order, as by
    rdflib's general route."""
    from rdflib.paths import InvPath, SequencePath

    from kg.validate import DataGraph, data_graph

    source = rdf.to_graph(corpus())
    graph = data_graph()
    for triple in source:
        graph.add(triple)

    def general(subject: object, predicate: object, unique: bool = False) -> list[object]:
        return list(Graph.objects(graph, subject, predicate, unique))  # type: ignore[arg-type]

    subjects = sorted(set(source.subjects()), key=str)
    predicates = sorted(set(source.predicates()), key=str)
    assert any(len(general(s, p)) > 1 for s in subjects for p in predicates)
    for subject in subjects:
        for predicate in [*predicates, None]:
            assert list(graph.objects(subject, predicate)) == general(subject, predicate)
            assert list(graph.objects(subject, predicate, unique=True)) == general(subject, predicate, unique=True)
    evidence = fact_of(source, KG.Evidence)
    path = SequencePath(InvPath(PROV.wasDerivedFrom), RDF.type)
    assert list(graph.objects(evidence, path)) == general(evidence, path)
    assert list(graph.objects(subjects[:3], RDF.type)) == general(subjects[:3], RDF.type)
    assert list(graph.objects(None, RDF.type)) == general(None, RDF.type)
    assert list(graph.objects(URIRef("https://example.org/none"), RDF.type)) == []
    # a graph over another store takes the general route
    plain = DataGraph() + source
    assert sorted(plain.objects(evidence, KG.text)) == sorted(source.objects(evidence, KG.text))
