"""Incremental builds: cached extraction, removed documents, up-to-date outputs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from rdflib.compare import graph_diff, isomorphic

from kg import cache as kg_cache
from kg import nlp as kg_nlp
from kg import pipeline
from kg.model import Document

from test_scale import ARTICLES, OUTPUTS, corpus


class CountingLoader:
    """The model loader seam: counts how often the pipeline needed the English pipeline."""

    def __init__(self) -> None:
        self.calls = 0
        self.parsed = 0

    def __call__(self) -> Any:
        self.calls += 1
        nlp = kg_nlp.load()
        counter = self

        class Counted:  # counts the texts the parser sees
            def __getattr__(self, name: str) -> Any:
                return getattr(nlp, name)

            def pipe(self, texts: Any, **kwargs: Any) -> Any:
                for doc in nlp.pipe(texts, **kwargs):
                    counter.parsed += 1
                    yield doc

        return Counted()


def never() -> Any:
    raise AssertionError("the English pipeline was loaded, but every document was cached")


def build(source: Path, out: Path, nlp: Any, **options: Any) -> pipeline.BuildReport:
    return pipeline.build([source], out, nlp, images_enabled=False, validation=False, **options)


def graph(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def assert_same_graph(found: Graph, expected: Graph) -> None:
    if not isomorphic(found, expected):
        _, missing, unexpected = graph_diff(expected, found)
        pytest.fail(f"missing: {sorted(missing)[:5]}\nunexpected: {sorted(unexpected)[:5]}")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cache")
    source = corpus(folder / "in")
    report = build(source, folder / "out", kg_nlp.load)
    assert not report.failed and not report.up_to_date
    return source, folder / "out"


def test_an_unchanged_rebuild_does_not_parse_and_rewrites_nothing(first: tuple[Path, Path]) -> None:
    source, out = first
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    report = build(source, out, never)
    assert report.up_to_date and report.graph is None
    assert len(report.counts.documents) == len(ARTICLES) + 1
    assert report.triples == len(graph(out))
    for name in OUTPUTS:
        assert (out / name).read_bytes() == before[name]
        assert (out / name).stat().st_mtime_ns == stamps[name]


def test_a_damaged_output_is_written_again_from_the_cache(first: tuple[Path, Path], tmp_path: Path) -> None:
    source, out = first
    good = (out / "facts.jsonl").read_bytes()
    (out / "facts.jsonl").write_bytes(b"damaged\n")
    report = build(source, out, never)
    assert not report.up_to_date
    assert (out / "facts.jsonl").read_bytes() == good


def test_only_a_changed_document_is_parsed_again(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    build(source, tmp_path / "out", kg_nlp.load)
    changed = [*ARTICLES]
    changed[1] = changed[1].replace("John Smith", "Mary Major")
    corpus(tmp_path / "in", changed)
    loader = CountingLoader()
    report = build(source, tmp_path / "out", loader)
    assert loader.calls == 1 and loader.parsed == 1
    fresh = build(source, tmp_path / "fresh", kg_nlp.load, cache=False)
    assert not report.up_to_date
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_torn_entries_among_changed_documents_are_parsed_again_to_the_same_outputs(tmp_path: Path) -> None:
    """The changed documents are parsed on the helper thread, ahead; a torn entry's document
    is parsed in the reading thread meanwhile, one parse step at a time with the helper."""
    source = corpus(tmp_path / "in")
    build(source, tmp_path / "out", kg_nlp.load)
    for entry in (tmp_path / "out" / kg_cache.FOLDER).glob("*/*.pickle"):
        entry.write_bytes(entry.read_bytes()[:5])
    changed = [text.replace("Acme Corp", "Acme Group") for text in ARTICLES]
    changed[1] = ARTICLES[1]  # unchanged: its entry is torn
    corpus(tmp_path / "in", changed)
    report = build(source, tmp_path / "out", kg_nlp.load)
    fresh = build(corpus(tmp_path / "fresh-in", changed), tmp_path / "fresh", kg_nlp.load, cache=False)
    assert not report.failed and report.counts.documents == fresh.counts.documents
    for name in ("graph.ttl", "facts.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_removed_document_takes_exactly_its_contribution_away(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    build(source, tmp_path / "out", kg_nlp.load)
    full = set(graph(tmp_path / "out").objects(None, RDFS.label))
    # a2 ("Acme Corp's cloud division ...") shares Acme Corp with a0 and a3, and alone names Orion's analysts
    corpus(tmp_path / "in", leave_out=(2,))
    rebuilt = build(source, tmp_path / "out", never)  # the others are cached: nothing to parse
    scratch = build(corpus(tmp_path / "scratch-in", leave_out=(2,)), tmp_path / "scratch", kg_nlp.load, cache=False)
    assert_same_graph(graph(tmp_path / "out"), graph(tmp_path / "scratch"))
    assert (tmp_path / "out" / "facts.jsonl").read_bytes() == (tmp_path / "scratch" / "facts.jsonl").read_bytes()
    names = set(graph(tmp_path / "out").objects(None, RDFS.label))
    assert Literal("Acme Corp") in names  # still supported by other documents
    assert full > names  # the names only the removed document gave are gone
    assert rebuilt.counts.documents and not rebuilt.up_to_date
    assert len(list((tmp_path / "out" / kg_cache.FOLDER).glob("*/*.pickle"))) == len(ARTICLES)  # one left, the seed added


def test_the_key_follows_the_document_and_the_pipeline() -> None:
    doc = Document("d", "d.txt", "Acme rose.", "Acme rose.")
    key = kg_cache.document_key(doc, "v1")
    assert kg_cache.document_key(doc, "v1") == key
    assert kg_cache.document_key(doc, "v2") != key
    assert kg_cache.document_key(Document("d", "d.txt", "Acme fell.", "Acme fell."), "v1") != key
    assert kg_cache.document_key(Document("d", "d.txt", "Acme rose.", "Acme rose.", title="T"), "v1") != key
    assert len(kg_cache.fingerprint()) == 64


def test_a_torn_entry_is_a_miss(tmp_path: Path) -> None:
    store = kg_cache.Cache(tmp_path, "v")
    store.path("ab" * 32).parent.mkdir(parents=True)
    store.path("ab" * 32).write_bytes(pickle.dumps({"not": "a result"})[:5])
    assert store.get("ab" * 32) is None
    assert store.get("cd" * 32) is None


def test_no_cache_leaves_no_cache_folder(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", ARTICLES[:1])
    build(source, tmp_path / "out", kg_nlp.load, cache=False)
    assert not (tmp_path / "out" / kg_cache.FOLDER).exists()
    assert json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["counts"]["built"] == 2


def test_kg_build_says_when_the_outputs_are_up_to_date(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    source = corpus(tmp_path / "in", ARTICLES[:1])
    args = ["build", str(source), "--out", str(tmp_path / "out"), "--no-images", "--no-validate"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "up to date" in again.output and "up to date" not in first.output
    assert "triples" in again.output
