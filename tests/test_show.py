"""kg show: one entity's (or one article's) picture on demand, from a graph file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import sample_graphs
from kg.cli import app

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
runner = CliRunner()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("output") / "graph.ttl"
    sample_graphs.graph().serialize(path, format="turtle")
    return path


def show(*args: str) -> Result:
    return runner.invoke(app, ["show", *args], catch_exceptions=False)


def flat(text: str) -> str:
    return "".join(text.splitlines())


def test_draws_an_entity_beside_the_graph(graph_file: Path) -> None:
    result = show("jane doe", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    png, svg = graph_file.parent / "images" / "person" / "jane-doe.png", graph_file.parent / "images" / "person" / "jane-doe.svg"
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert "<!-- Jane Doe -->" in svg.read_text(encoding="utf-8") and "<!-- chairman -->" in svg.read_text(encoding="utf-8")
    assert "Jane Doe" in result.stdout and f"wrote {png}" in flat(result.stdout)


def test_same_picture_as_the_build_draws(graph_file: Path, tmp_path: Path) -> None:
    from kg.export.images import write_images

    write_images(sample_graphs.graph(), tmp_path / "build")
    assert show("Acme Cloud", "--graph", str(graph_file), "--out", str(tmp_path / "shown")).exit_code == 0
    for suffix in (".png", ".svg"):
        built = (tmp_path / "build" / "images" / "unit" / "acme-cloud").with_suffix(suffix)
        assert (tmp_path / "shown" / "unit" / "acme-cloud").with_suffix(suffix).read_bytes() == built.read_bytes()


def test_other_names_iris_and_articles(graph_file: Path, tmp_path: Path) -> None:
    assert show("cloud division", "--graph", str(graph_file), "--out", str(tmp_path)).exit_code == 0
    assert (tmp_path / "unit" / "acme-cloud.png").is_file()
    assert show("https://w3id.org/kgnews/id/place/france", "--graph", str(graph_file), "--out", str(tmp_path)).exit_code == 0
    assert (tmp_path / "place" / "france.png").is_file()
    article = show("other", "--graph", str(graph_file), "--out", str(tmp_path))
    assert article.exit_code == 0 and "Article: other" in article.stdout
    assert (tmp_path / "doc" / "other.svg").is_file()


def test_ambiguous_unknown_and_missing(graph_file: Path, tmp_path: Path) -> None:
    ambiguous = show("ac", "--graph", str(graph_file), "--out", str(tmp_path))
    assert ambiguous.exit_code == 2
    assert "https://w3id.org/kgnews/id/organization/acme" in ambiguous.output and "https://w3id.org/kgnews/id/unit/acme-cloud" in ambiguous.output
    unknown = show("Nobody Atall", "--graph", str(graph_file), "--out", str(tmp_path))
    assert unknown.exit_code == 1 and "no entity or article" in flat(unknown.output)
    missing = show("Acme", "--graph", str(tmp_path / "none.ttl"))
    assert missing.exit_code == 2 and "no graph" in missing.output
    assert not any(tmp_path.rglob("*.png"))
