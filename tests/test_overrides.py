"""User corrections to entity resolution: force a merge, forbid one, rename."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.overrides import Overrides, OverridesError, load

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "alibaba-cloud-2036.txt"


def labels(out: Path) -> dict[str, set[str]]:
    graph = Graph().parse(out / "graph.ttl")
    rows = graph.query(
        "SELECT ?l ?alt WHERE { ?e a ?c ; rdfs:label ?l . VALUES ?c { schema:Person schema:Organization org:OrganizationalUnit } "
        "OPTIONAL { ?e skos:altLabel ?alt } }",
        initNs={"schema": "https://schema.org/", "org": "http://www.w3.org/ns/org#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "skos": "http://www.w3.org/2004/02/skos/core#"},
    )
    found: dict[str, set[str]] = {}
    for label, alt in rows:
        found.setdefault(str(label), set()).update({str(alt)} if alt else set())
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("baseline")
    assert CliRunner().invoke(app, ["build", str(SEED), "--out", str(out), "--no-images", "--no-validate"]).exit_code == 0
    return out


def build_with(tmp_path: Path, toml: str) -> Path:
    file = tmp_path / "overrides.toml"
    file.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SEED), "--out", str(out), "--no-images", "--no-validate", "--overrides", str(file)])
    assert result.exit_code == 0, result.output
    return out


def test_separate_keeps_a_surname_apart(baseline: Path, tmp_path: Path):
    assert labels(baseline)["Jack Ma"] == {"Ma"}
    out = build_with(tmp_path, '[[separate]]\nnames = ["Ma", "Jack Ma"]\n')
    found = labels(out)
    assert found["Jack Ma"] == set() and "Ma" in found


def test_merge_and_rename(tmp_path: Path):
    out = build_with(
        tmp_path,
        '[[merge]]\nnames = ["Alibaba", "ZDNet"]\n\n[[rename]]\nfrom = "Alibaba cloud computing division"\nto = "Alibaba Cloud"\n',
    )
    found = labels(out)
    assert "ZDNet" not in found or "Alibaba" not in found  # one entity now
    merged = found.get("Alibaba") or found["ZDNet"]
    assert merged & {"Alibaba", "ZDNet"}
    assert "Alibaba Cloud" in found and "Alibaba cloud computing division" in found["Alibaba Cloud"]
    graph = Graph().parse(out / "graph.ttl")
    rules = {str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("kg:rule"))}
    assert "override" in rules


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[merge]]\nnames = ['only one']\n", "at least two names"),
        ("[[rename]]\nfrom = 'a'\n", "from ="),
        ("[[mege]]\nnames = ['a', 'b']\n", "unknown section"),
        ("not toml = = =", "not valid TOML"),
    ],
)
def test_malformed_files_are_named_with_the_problem(tmp_path: Path, text: str, message: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError, match=message) as caught:
        load(path)
    assert str(path) in str(caught.value)
    result = CliRunner().invoke(app, ["build", str(SEED), "--out", str(tmp_path / "o"), "--overrides", str(path)])
    assert result.exit_code == 2


def test_forbids_is_symmetric_and_case_blind():
    overrides = Overrides(separate=(frozenset({"ma", "jack ma"}),))
    assert overrides.forbids("MA", ["Jack Ma"]) and overrides.forbids("Jack Ma", ["ma"])
    assert not overrides.forbids("Ma", ["Ma"]) and not overrides.forbids("Alibaba", ["Jack Ma"])
