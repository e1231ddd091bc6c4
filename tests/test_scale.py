"""Streaming builds in worker processes: the same bytes as one process."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import nlp as kg_nlp
from kg import extraction, parallel, pipeline
from kg.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "alibaba-cloud-2036.txt"
ARTICLES = [
    "Acme Corp said on Monday that its revenue rose 12% to $4.5bn in the third quarter. "
    "The company, which is based in Chicago, plans to open 40 new stores by 2027, chief executive Jane Roe told reporters.",
    "Zenith Motors reported a loss of $200m for 2023. Its chairman, John Smith, said the firm would cut 1,000 jobs by 2025.",
    "Acme Corp's cloud division grew 30% last year, according to analysts at Orion Research.",
    "Jane Roe, chief executive of Acme Corp, said the company aims to double its sales by 2030.",
    "Orion Research, a unit of Zenith Motors, employs 800 people in Detroit.",
]
OUTPUTS = ("graph.ttl", "facts.jsonl", "manifest.json")


def corpus(folder: Path, texts: list[str] = ARTICLES, *, leave_out: tuple[int, ...] = ()) -> Path:
    """A JSONL input of a few articles (ids by position, ``leave_out`` omitted) plus the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [{"id": f"a{n}", "title": f"Article {n}", "text": text} for n, text in enumerate(texts) if n not in leave_out]
    lines.append({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_chunks_keep_order_and_size() -> None:
    assert [len(c) for c in parallel.chunks(range(10), 4)] == [4, 4, 2]  # type: ignore[arg-type]
    assert [x for c in parallel.chunks(range(10), 4) for x in c] == list(range(10))  # type: ignore[arg-type]


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    one = pipeline.build([source], tmp_path / "one", kg_nlp.load, images_enabled=False, cache=False)
    # chunks of two documents, so both workers get work and results arrive out of order;
    # the SHACL batches are checked in two processes too
    engine = extraction.Engine(workers=2, batch_size=2)
    two = pipeline._build(  # the engine's batch size is not a build option; the seam is the private stage
        [source], tmp_path / "two", kg_nlp.load, images_enabled=False, pictures=0, validation=True,
        overrides=pipeline.EMPTY, on_document=None, engine=engine, cache=None,
    )
    assert not one.failed and not two.failed
    assert two.counts == one.counts and one.counts.documents
    for name in OUTPUTS:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert one.validation is not None and two.validation is not None
    assert one.validation.checked > 0
    assert (two.validation.conforms, two.validation.checked, two.validation.violations) == (
        one.validation.conforms, one.validation.checked, one.validation.violations
    )


def test_a_parse_in_this_process_lets_the_relation_model_go_when_done(tmp_path: Path) -> None:
    """The relation model's weights (tens of MiB as Python objects) are needed only while
    documents are parsed: once the parse is over they do not stay under the rest of a
    large build."""
    from kg.facts.relations import scorer

    scorer.model()
    assert scorer.model.cache_info().currsize == 1
    report = pipeline.build([corpus(tmp_path / "in", ARTICLES[:1])], tmp_path / "out", kg_nlp.load, images_enabled=False, cache=False)
    assert len(report.counts.documents) == 2 and report.counts.facts
    assert scorer.model.cache_info().currsize == 0


def test_results_stream_in_input_order_from_workers(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    documents, _ = pipeline.read_inputs([source])
    results = list(parallel.extract(documents, workers=2, batch_size=1, model=kg_nlp.MODEL))
    assert [r.document.id for r in results] == [d.id for d in documents]  # type: ignore[union-attr]


def test_a_pool_returns_results_in_input_order_with_few_in_flight() -> None:
    submitted: list[int] = []

    def items() -> Iterator[int]:
        for item in range(-9, 0):
            submitted.append(item)
            yield item

    with parallel.pool(2) as processes:
        done = []
        for result in processes.ordered(abs, items()):
            done.append(result)
            # the items are read as results are taken, not all at once
            assert len(submitted) <= len(done) + processes.size * parallel.IN_FLIGHT
    assert done == [9, 8, 7, 6, 5, 4, 3, 2, 1]


def test_a_worker_that_cannot_load_the_model_is_an_error(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    documents, _ = pipeline.read_inputs([source])
    with pytest.raises(parallel.WorkerError, match="could not load"):
        list(parallel.extract(documents, workers=1, batch_size=2, model="no_such_spacy_model"))


def test_the_scale_options_and_kg_bench_are_documented_and_exist() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "kg bench" in readme and "## Scale" in readme
    build_help = CliRunner().invoke(app, ["build", "--help"], terminal_width=200).output
    for option in ("--workers", "--dask", "--no-cache", "--cache-dir"):
        assert option in readme and option in build_help, option
    bench_help = CliRunner().invoke(app, ["bench", "--help"], terminal_width=200).output
    for option in ("--small", "--large", "--query-docs", "--work"):
        assert option in readme and option in bench_help, option


def _documents(count: int) -> list[Document]:
    return [Document(id=f"d{n}", source="test.jsonl", text=f"Firm {n} said sales rose.", content=f"Firm {n} said sales rose.") for n in range(count)]


@Language.component("kg_test_fails_on_firm_3")
def _fails_on_firm_3(doc: Doc) -> Doc:
    if "Firm 3" in doc.text:
        raise ValueError("cannot parse Firm 3")
    return doc


def test_parsing_ahead_gives_the_facts_of_a_plain_extraction() -> None:
    """In this process the parse runs a batch or two ahead on a helper thread; the results
    are those of extracting chunk by chunk with no helper."""
    nlp = kg_nlp.load()
    documents, _ = pipeline.read_inputs([ROOT / "seeds"])
    documents += [Document(id=f"a{n}", source="test.jsonl", text=text, content=text) for n, text in enumerate(ARTICLES)]
    plain = [r for chunk in parallel.chunks(documents, 2) for r in extraction.extract(chunk, nlp, batch_size=2)]
    ahead = list(extraction.extracted(documents, nlp, engine=extraction.Engine(batch_size=2)))
    assert ahead == plain and len(ahead) == len(documents)


def test_an_error_in_the_parse_ahead_reaches_the_reader_and_the_helper_ends() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_test_fails_on_firm_3")
    with pytest.raises(ValueError, match="cannot parse Firm 3"):
        list(extraction._parsed_ahead(_documents(8), nlp, 2))
    assert not [t for t in threading.enumerate() if t.name == "kg-parse"]


def test_a_reader_that_stops_early_lets_the_parse_ahead_go() -> None:
    nlp = spacy.blank("en")
    parses = extraction._parsed_ahead(_documents(200), nlp, 2)
    first = next(parses)
    assert first[0].id == "d0" and first[3]  # the first document, in one piece
    parses.close()
    assert not [t for t in threading.enumerate() if t.name == "kg-parse"]
