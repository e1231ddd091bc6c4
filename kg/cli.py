"""The command line: the only module that prints, exits or reads argv."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import __version__

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from business news articles, and query it with SPARQL.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("output")


def _version(value: bool) -> None:
    if value:
        import spacy

        from kg.nlp import MODEL_DIST, model_version

        typer.echo(f"kg {__version__}")
        typer.echo(f"spaCy {spacy.__version__}")
        typer.echo(f"English pipeline {MODEL_DIST} {model_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show versions of kg, spaCy and the English pipeline.")
    ] = None,
) -> None:
    """kg: offline, deterministic knowledge graphs from business news."""


@app.command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (.txt, .md). Default: seeds/")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = DEFAULT_OUT,
    images: Annotated[bool, typer.Option("--images/--no-images", help="Render graph images.")] = True,
) -> None:
    """Read articles, extract entities and facts, and write graph.ttl, facts.jsonl and images."""
    from kg import nlp as kg_nlp
    from kg.pipeline import build as run_build
    from kg.reading import discover

    paths = inputs or [DEFAULT_INPUT]
    total = sum(1 for p in discover(paths) if isinstance(p, Path))
    with console.status("Loading the English pipeline..."):
        nlp = kg_nlp.load()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Extracting", total=total)
        report = run_build(paths, out, nlp, images_enabled=images, on_document=lambda _: progress.advance(task))
    for skipped in report.skipped:
        errors.print(f"[yellow]skipped[/] {skipped.source}: {skipped.reason}")
    console.print(_summary(report))
    for path in report.outputs:
        console.print(f"wrote {path}")
    if not report.corpus.documents:
        errors.print(f"[red]no documents were built[/]; {out} was left as it was")
        raise typer.Exit(1)
    if report.skipped:
        raise typer.Exit(1)


def _summary(report) -> Table:  # type: ignore[no-untyped-def]
    from collections import Counter

    table = Table(title="kg build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents built", str(len(report.corpus.documents)))
    table.add_row("documents skipped", str(len(report.skipped)))
    for kind, n in sorted(Counter(e.kind.value for e in report.corpus.entities).items()):
        table.add_row(f"entities: {kind}", str(n))
    for kind, n in sorted(Counter(f.KIND for f in report.corpus.facts).items()):
        table.add_row(f"facts: {kind}", str(n))
    table.add_row("triples", str(len(report.graph)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    return table


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or the name of a shipped query (see --list).", show_default=False)] = "",
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Turtle file to query.")] = DEFAULT_OUT / "graph.ttl",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
) -> None:
    """Ask the graph a SPARQL question."""
    from kg import store

    if list_queries:
        for name, text in store.shipped_queries().items():
            first = text.splitlines()[0].lstrip("# ") if text else ""
            typer.echo(f"{name:12} {first}")
        return
    if not sparql:
        errors.print("[red]error:[/] give a query: SPARQL text, a .rq file or a shipped query name (kg query --list)")
        raise typer.Exit(2)
    if fmt not in ("table", "csv", "json"):
        errors.print(f"[red]error:[/] unknown format {fmt!r}; use table, csv or json")
        raise typer.Exit(2)
    if not graph.is_file():
        errors.print(f"[red]error:[/] no graph at {graph}; run `kg build` first or pass --graph FILE")
        raise typer.Exit(2)
    try:
        text = store.query_text(sparql)
        result = store.table(store.run(store.load(graph), text))
    except store.QueryError as err:
        errors.print(f"[red]error:[/] {err}", markup=False, highlight=False) if False else typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    if fmt == "json":
        typer.echo(json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table(show_header=True, header_style="bold")
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*("" if v is None else str(store.compact(v)) for v in row))
        console.print(table)
        console.print(f"{len(result.rows)} row(s)")


eval_app = typer.Typer(help="Measure extraction against gold data: bizgold, knowledgenet, timeml.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("bizgold")
def eval_bizgold(
    gold: Annotated[Path, typer.Argument(help="bizgold JSONL: one article a line with text and facts.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write predictions here, one {id, facts} line per article.")] = None,
) -> None:
    """Run kg on each article, write predictions, print P/R/F1 per kind (role, unit, financial, goal)."""
    from kg import nlp as kg_nlp
    from kg.evaluation import bizgold

    articles = _read_jsonl_or_exit(gold)
    with console.status("Loading the English pipeline..."):
        nlp = kg_nlp.load()
    with console.status(f"Extracting facts from {len(articles)} articles..."):
        predictions = list(bizgold.predict(articles, nlp))
    if out is not None:
        from kg.export import atomic_write

        atomic_write(out, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions).encode("utf-8"))
        console.print(f"wrote {out}")
    if any(a.get("facts") for a in articles):
        for line in bizgold.score(articles, predictions).report():
            typer.echo(line)


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


if __name__ == "__main__":
    app()
