"""kg bench and kg eval: throughput and memory figures, extraction scores against gold data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app, console, errors


@app.command()
def bench(
    corpus: Annotated[Path, typer.Argument(help="A JSONL corpus (id, title, text), replicated for the larger sizes.")],
    work: Annotated[Optional[Path], typer.Option("--work", help="Scratch folder for the builds. Default: a temporary folder.")] = None,
    small: Annotated[int, typer.Option("--small", min=1, help="Documents in the small memory run.")] = 500,
    large: Annotated[int, typer.Option("--large", min=1, help="Documents in the large memory run.")] = 5000,
    query_docs: Annotated[int, typer.Option("--query-docs", min=1, help="Documents in the graph the queries run on (about 1M triples).")] = 2600,
    parts: Annotated[str, typer.Option("--parts", help="Comma-separated: throughput, workers, rebuild, memory, queries.")] = "throughput,workers,rebuild,memory,queries",
) -> None:
    """Measure build throughput against bare spaCy, the two-worker speed-up, peak memory,
    the unchanged rebuild and query latency (pyoxigraph against rdflib); prints each figure
    with its target."""
    import tempfile

    from kg import bench as kg_bench

    if not corpus.is_file():
        errors.print(f"[red]error:[/] no such file: {corpus}")
        raise typer.Exit(2)
    chosen = tuple(p.strip() for p in parts.split(",") if p.strip())
    if unknown := set(chosen) - set(kg_bench.PARTS):
        errors.print(f"[red]error:[/] unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(kg_bench.PARTS)}")
        raise typer.Exit(2)
    nlp = _load_pipeline()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        folder = work or Path(scratch)
        figures = list(kg_bench.run(
            corpus, folder, nlp, small=small, large=large, query_docs=query_docs, parts=chosen, say=lambda line: typer.echo(line)
        ))
    for figure in figures:
        verdict = "" if figure.met is None else ("  met" if figure.met else "  MISSED")
        target = f" (target {figure.target})" if figure.target else ""
        typer.echo(f"{figure.name}: {figure.value:.3f}{figure.unit}{target}{verdict}")


eval_app = typer.Typer(help="Measure extraction against gold data: bizgold, knowledgenet, timeml.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("bizgold")
def eval_bizgold(
    gold: Annotated[Path, typer.Argument(help="bizgold JSONL: one article a line with text and facts.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write predictions here, one {id, facts} line per article.")] = None,
) -> None:
    """Run kg on each article, write predictions, print P/R/F1 per kind (role, unit, financial, goal)."""
    from kg.evaluation import bizgold

    articles = _read_jsonl_or_exit(gold)
    nlp = _load_pipeline()
    with console.status(f"Extracting facts from {len(articles)} articles..."):
        predictions = list(bizgold.predict(articles, nlp))
    if out is not None:
        _write_jsonl(out, predictions)
    if any(a.get("facts") for a in articles):
        for line in bizgold.score(articles, predictions).report():
            typer.echo(line)


@eval_app.command("knowledgenet")
def eval_knowledgenet(
    data: Annotated[Path, typer.Argument(help="KnowledgeNet JSONL: one document a line, with passages.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write predictions here, in the data set's own format.")] = None,
) -> None:
    """Run kg on each document; write predicted facts per passage; with gold, print P/R/F1 per property."""
    from kg.evaluation import knowledgenet

    records = _read_jsonl_or_exit(data)
    nlp = _load_pipeline()
    with console.status(f"Extracting relations from {len(records)} documents..."):
        predicted, scores = knowledgenet.evaluate(records, nlp)
    if out is not None:
        _write_jsonl(out, predicted)
    if scores is not None:
        for line in knowledgenet.report_lines(scores):
            typer.echo(line)


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[Path, typer.Argument(help="Folder of TimeML (.tml) files, searched recursively.")],
) -> None:
    """Find and normalise date and time expressions; print span F1 (relaxed, strict) and value F1."""
    from kg.evaluation import timeml

    if not directory.is_dir():
        errors.print(f"[red]error:[/] no such folder: {directory}")
        raise typer.Exit(2)
    nlp = _load_pipeline()
    with console.status("Reading and scoring TimeML documents..."):
        scores = timeml.evaluate(directory, nlp)
    for line in scores.report():
        typer.echo(line)


def _load_pipeline():  # type: ignore[no-untyped-def]
    """The English pipeline, loaded once per command with a status line."""
    from kg import nlp as kg_nlp

    with console.status("Loading the English pipeline..."):
        return kg_nlp.load()


def _write_jsonl(out: Path, records: list[dict]) -> None:
    from kg.export import atomic_write

    atomic_write(out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))
    console.print(f"wrote {out}")


def _read_jsonl_or_exit(path: Path) -> list[dict]:
    if not path.is_file():
        errors.print(f"[red]error:[/] no such file: {path}")
        raise typer.Exit(2)
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                errors.print(f"[red]error:[/] {path}, line {number}: not valid JSON ({err.msg})")
                raise typer.Exit(2) from err
    return records

