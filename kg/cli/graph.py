"""Commands that read a built graph: query, show, export, explain, ontology."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from kg.cli.app import DEFAULT_OUT, app, console, errors


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or the name of a shipped query (see --list).", show_default=False)] = "",
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Turtle file to query.")] = DEFAULT_OUT / "graph.ttl",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Give up after this many seconds (0: no limit).")] = 60.0,
) -> None:
    """Ask the graph a SPARQL question (read-only: no updates, no SERVICE)."""
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
        result = store.select_file(graph, text, timeout=timeout)
    except store.QueryError as err:
        typer.echo(f"error: {err}", err=True)
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


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="An entity's name (or other name, or IRI), or an article's id.", show_default=False)],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Turtle file.")] = DEFAULT_OUT / "graph.ttl",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the picture. Default: images/ beside the graph.")] = None,
) -> None:
    """Draw one entity's neighbourhood (or one article's facts) as PNG and SVG."""
    from kg import store
    from kg.export.focus import candidates
    from kg.export.images import write_picture
    from kg.export.projection import project

    if not graph.is_file():
        errors.print(f"[red]error:[/] no graph at {graph}; run `kg build` first or pass --graph FILE")
        raise typer.Exit(2)
    seen = project(store.load(graph))
    found = candidates(seen, name)
    if not found:
        errors.print(f"no entity or article called {name!r} in {graph}; try `kg query entities`", markup=False, highlight=False)
        raise typer.Exit(1)
    if len(found) > 1:
        errors.print(f"{name!r} could mean {len(found)} things; give one of these IRIs:", markup=False, highlight=False)
        for node in found[:20]:
            errors.print(f"  {node.key}  {node.label} ({node.kind})", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    scene, paths = write_picture(seen, found[0].key, out if out is not None else graph.parent / "images")
    console.print(f"[bold]{scene.title}[/] — {scene.subtitle}", highlight=False)
    for path in paths:
        console.print(f"wrote {path}", highlight=False)


@app.command("export")
def export_graph(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonld, nt, graphml, csv or jsonl.", show_default=False)],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Turtle file.")] = DEFAULT_OUT / "graph.ttl",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write. Default: standard output.")] = None,
) -> None:
    """Write the graph as JSON-LD, N-Triples or GraphML, or its facts table as CSV or JSONL."""
    from kg import store
    from kg.export import atomic_write
    from kg.export.formats import FORMATS, export

    if fmt not in FORMATS:
        errors.print(f"[red]error:[/] unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if not graph.is_file():
        errors.print(f"[red]error:[/] no graph at {graph}; run `kg build` first or pass --graph FILE")
        raise typer.Exit(2)
    data = export(store.load(graph), fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    atomic_write(out, data)
    errors.print(f"wrote {out} ({len(data):,} bytes, {fmt})", highlight=False)


@app.command()
def explain(
    name: Annotated[str, typer.Argument(help="The entity's label or one of its other names.", show_default=False)],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Turtle file to read.")] = DEFAULT_OUT / "graph.ttl",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Everything the graph says about an entity: facts with their evidence sentences, mentions, and the merges that formed it."""
    import dataclasses
    import difflib

    from rich.markup import escape

    from kg import explain as kg_explain
    from kg import store

    if fmt not in ("text", "json"):
        errors.print(f"[red]error:[/] unknown format {fmt!r}; use text or json")
        raise typer.Exit(2)
    if not graph.is_file():
        errors.print(f"[red]error:[/] no graph at {graph}; run `kg build` first or pass --graph FILE")
        raise typer.Exit(2)
    data = store.load(graph)
    found = kg_explain.find(data, name)
    if not found:
        close = difflib.get_close_matches(name, kg_explain.names(data), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else "; `kg query entities` lists them"
        errors.print(f"[red]error:[/] no entity named {escape(repr(name))} in {graph}{escape(hint)}", highlight=False)
        raise typer.Exit(1)
    explanations = [kg_explain.explain(data, entity) for entity in found]
    if fmt == "json":
        typer.echo(json.dumps([dataclasses.asdict(e) for e in explanations], ensure_ascii=False, indent=2))
        return
    for e in explanations:
        _print_explanation(e)


def _print_explanation(e) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape

    def say(text: str) -> None:
        console.print(text, highlight=False)

    def sentence(s) -> None:  # type: ignore[no-untyped-def]
        say(f"      [italic]“{escape(s.text)}”[/]")
        say(f"      [dim]— {escape(f'{s.document} [{s.start}:{s.end}]')}[/]")

    say(f"[bold]{escape(e.label)}[/] ({escape(', '.join(e.kinds))})  [dim]{escape(e.iri)}[/]")
    if e.other_names:
        say(f"  also called: {escape(', '.join(e.other_names))}")
    if e.documents:
        say(f"  mentioned in: {escape(', '.join(e.documents))}")
    say(f"[bold]Facts[/] ({len(e.facts)})")
    for fact in e.facts:
        say(f"  {escape(fact.kind)} [dim](as {escape(fact.role)})[/]")
        say("    " + escape("; ".join(f"{f.name}: {f.value}" for f in fact.fields)))
        for s in fact.evidence:
            sentence(s)
        if not fact.evidence:
            say("      [red]no evidence in the graph[/]")
    say(f"[bold]Mentions[/] ({len(e.mentions)})")
    for m in e.mentions:
        say(f"  {escape(repr(m.text))} by rule {escape(m.rule)} — {escape(f'{m.document} [{m.start}:{m.end}]')}")
    say(f"[bold]Merges[/] ({len(e.merges)})")
    for merge in e.merges:
        say(f"  {escape(repr(merge.name))} merged into {escape(repr(e.label))} by rule {escape(merge.rule)} in {escape(merge.document)}")
        for s in merge.evidence:
            sentence(s)
    say("")


@app.command()
def ontology(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for ontology.md and ontology.png.")] = Path("docs"),
    graph: Annotated[Path, typer.Option("--graph", "-g", help="A built graph to take examples from.")] = DEFAULT_OUT / "graph.ttl",
) -> None:
    """Write the ontology's reference page (Markdown: every class and property, with examples) and its diagram (PNG)."""
    from kg import rdf, store
    from kg.export import ontology_doc
    from kg.validate import shapes

    example = None
    if graph.is_file():
        example = store.load(graph)
    else:
        errors.print(f"[yellow]warning:[/] no graph at {graph}: the reference is written without examples (run `kg build` first)")
    for path in ontology_doc.write(rdf.ontology(), out, example=example, shapes=shapes()):
        console.print(f"wrote {path}")


