"""`kg explain`: an entity's facts with their sentences, its mentions and its merges."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import explain, rdf
from kg import nlp as kg_nlp
from kg.cli import app
from kg.export import turtle
from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, Membership, Merge, Mention, Statement
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Acme, led by Jane Roe, grew sales 12.5%. Roe says it grows."
EV = Evidence("d", 0, 40, TEXT[0:40])
EV2 = Evidence("d", 41, len(TEXT), TEXT[41:])
runner = CliRunner()


def corpus() -> Corpus:
    roe = (Mention("d", 13, 21, "Jane Roe", "name", EV), Mention("d", 41, 44, "Roe", "surname", EV2))
    entities = (
        Entity("organization:acme", EntityKind.ORGANIZATION, "Acme", ("Acme Inc",), (Mention("d", 0, 4, "Acme", "name", EV),)),
        Entity("person:jane roe", EntityKind.PERSON, "Jane Roe", ("Roe",), roe),
    )
    facts = (
        Membership("person:jane roe", "organization:acme", "chief executive", "led by", EV),
        FinancialFigure("organization:acme", "sales", "sales", Decimal("12.5"), "percent", True, None, "12.5%", EV),
        Statement("person:jane roe", None, "says", "it grows", False, EV2),
    )
    merges = (Merge("person:jane roe", "Roe", "surname", "d"),)
    return Corpus((Document("d", "d.txt", TEXT, TEXT),), entities, facts, merges)


def test_find_by_label_other_name_and_case() -> None:
    graph = rdf.to_graph(corpus())
    [jane] = explain.find(graph, "Jane Roe")
    assert explain.find(graph, "Roe") == (jane,)
    assert explain.find(graph, "  jane   ROE ") == (jane,)
    assert explain.find(graph, "Acme Inc") == explain.find(graph, "acme")
    assert explain.find(graph, "Nobody") == ()


def test_explanation_lists_facts_with_evidence_mentions_and_merges() -> None:
    graph = rdf.to_graph(corpus())
    [jane] = explain.find(graph, "Jane Roe")
    e = explain.explain(graph, jane)
    assert (e.label, e.kinds, e.other_names, e.documents) == ("Jane Roe", ("Person",), ("Roe",), ("d",))
    assert [(f.kind, f.role) for f in e.facts] == [("Membership", "member"), ("Statement", "speaker")]
    membership = e.facts[0]
    assert {(f.name, f.value) for f in membership.fields} >= {("role", "chief executive"), ("organization", "Acme"), ("role as written", "led by")}
    assert membership.evidence == (explain.Sentence("d", 0, 40, EV.text),)
    assert [(m.text, m.rule, m.start, m.end) for m in e.mentions] == [("Jane Roe", "name", 13, 21), ("Roe", "surname", 41, 44)]
    [merge] = e.merges
    assert (merge.name, merge.rule, merge.document) == ("Roe", "surname", "d")
    assert merge.evidence == (explain.Sentence("d", 41, len(TEXT), EV2.text),)


def test_an_organisation_sees_facts_about_it() -> None:
    graph = rdf.to_graph(corpus())
    [acme] = explain.find(graph, "Acme")
    kinds = [(f.kind, f.role) for f in explain.explain(graph, acme).facts]
    assert kinds == [("Membership", "organization"), ("Financial figure", "figure of")]


def test_explain_is_deterministic() -> None:
    graph = rdf.to_graph(corpus())
    [jane] = explain.find(graph, "Jane Roe")
    assert explain.explain(graph, jane) == explain.explain(rdf.to_graph(corpus()), jane)


def test_cli_unknown_name_suggests_close_ones(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_bytes(turtle.serialize(rdf.to_graph(corpus())))
    result = runner.invoke(app, ["explain", "Jane Rao", "--graph", str(path)])
    assert result.exit_code == 1
    assert "'Jane Roe'" in result.stderr
    missing = runner.invoke(app, ["explain", "Jane Roe", "--graph", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 2 and "kg build" in " ".join(missing.stderr.split())


@pytest.fixture(scope="module")
def seed_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    build([ROOT / "seeds"], out, kg_nlp.load(), images_enabled=False, validation=False)
    return out / "graph.ttl"


def test_kg_explain_jack_ma_shows_his_role_and_its_sentence(seed_graph_file: Path) -> None:
    result = runner.invoke(app, ["explain", "Jack Ma", "--graph", str(seed_graph_file)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Jack Ma (Person)" in out
    assert "Membership (as member)" in out
    assert "role: chairman" in out and "role as written: chairman of the board of directors" in out
    role_at = out.index("Membership (as member)")
    sentence = "“Jack Ma, currently chairman of the board of directors, says he has great goals for the future.”"
    assert out.index(sentence) > role_at
    assert "— alibaba-cloud-2036 [146:240]" in out
    assert "'Ma' merged into 'Jack Ma' by rule surname in alibaba-cloud-2036" in out
    assert "'the chairman' by rule title" in out


def test_kg_explain_json_by_other_name(seed_graph_file: Path) -> None:
    result = runner.invoke(app, ["explain", "cloud computing division", "--graph", str(seed_graph_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    [unit] = json.loads(result.stdout)
    assert unit["label"] == "Alibaba cloud computing division"
    kinds = {f["kind"] for f in unit["facts"]}
    assert {"Unit relation", "Financial figure", "Goal"} <= kinds
    seed = (ROOT / "seeds" / "alibaba-cloud-2036.txt").read_text(encoding="utf-8")
    for fact in unit["facts"]:
        assert fact["evidence"]
        for s in fact["evidence"]:
            assert seed[s["start"] : s["end"]] == s["text"]
