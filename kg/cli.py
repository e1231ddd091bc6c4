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
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # messages name files: never break them across lines

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
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback when something goes wrong.")] = False,
) -> None:
    """kg: offline, deterministic knowledge graphs from business news.

    Exit codes: 0 success; 1 some inputs were skipped or failed, or a check failed;
    2 usage error (bad option, missing file, invalid query, output folder busy).
    """


@app.command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (.txt, .md). Default: seeds/")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = DEFAULT_OUT,
    images: Annotated[bool, typer.Option("--images/--no-images", help="Render graph images.")] = True,
    pictures: Annotated[
        int, typer.Option("--pictures", min=0, help="Pictures of the N most central people and organisations, and of the N articles with most facts.")
    ] = 10,  # kg.export.views.PICTURES
    validation: Annotated[bool, typer.Option("--validate/--no-validate", help="Check the graph against the SHACL shapes.")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when the graph does not conform to the shapes (default: warn).")] = False,
    overrides_file: Annotated[
        Optional[Path], typer.Option("--overrides", help="Entity merge/separate/rename corrections (TOML). Default: kg-overrides.toml if present.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parse in N processes (the output is the same for any N).")] = 1,
    dask: Annotated[
        Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Parse on the Dask cluster at ADDRESS (tcp://host:8786); needs kg[dask].")
    ] = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse each unchanged document's extraction from the cache.")] = True,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", help="Extraction cache folder. Default: OUT/.kg-cache")] = None,
    doc_date: Annotated[
        Optional[str], typer.Option("--doc-date", metavar="YYYY-MM-DD", help="Publication date of documents whose metadata gives none; relative periods are resolved against it.")
    ] = None,
    fiscal_years: Annotated[
        Optional[Path], typer.Option("--fiscal-years", metavar="FILE", help="TOML file of [[fiscal_year]] tables (names, start_month) adding to the shipped fiscal calendars.")
    ] = None,
) -> None:
    """Read articles, extract entities and facts, and write graph.ttl, facts.jsonl and images.

    The graph is validated against the SHACL shapes: violations are printed as
    warnings, or fail the build with --strict.  Each document's extraction is
    cached: a rebuild parses only new or changed documents, and when nothing
    changed it rewrites nothing.

    Figures whose numbers contradict a comparative claim, or that give two values
    for one period, are kept and reported as consistency warnings.
    """
    from rich.markup import escape

    from kg import nlp as kg_nlp
    from kg.dask_executor import DaskUnavailable
    from kg.lock import BuildLocked
    from kg.parallel import WorkerError
    from kg.pipeline import build as run_build
    from kg.reading import discover

    paths = inputs or [DEFAULT_INPUT]
    corrections = _overrides_or_exit(overrides_file)
    anchor_date = _date_or_exit(doc_date)
    calendars = _fiscal_years_or_exit(fiscal_years)
    total = sum(1 for p in discover(paths) if isinstance(p, Path))
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Extracting", total=total)
        try:
            report = run_build(
                # the English pipeline is loaded only if a document has to be parsed in this process
                paths, out, lambda: kg_nlp.load(), images_enabled=images, pictures=pictures, validation=validation or strict,
                overrides=corrections, on_document=lambda _: progress.advance(task),
                workers=workers, dask=dask, cache=cache, cache_dir=cache_dir, doc_date=anchor_date, fiscal_years=calendars,
            )
        except (BuildLocked, DaskUnavailable) as err:
            errors.print(f"[red]error:[/] {escape(str(err))}", highlight=False)
            raise typer.Exit(2) from err
        except WorkerError as err:
            errors.print(f"[red]error:[/] {escape(str(err))}", highlight=False)
            raise typer.Exit(1) from err
    for skipped in report.skipped:
        errors.print(f"[yellow]skipped[/] {escape(skipped.source)}: {escape(skipped.reason)}", highlight=False)
    for failed in report.failed:
        errors.print(f"[red]failed[/] {escape(failed.source)}: {escape(failed.error)} (run with --debug for details)", highlight=False)
    console.print(_summary(report))
    for warning in report.warnings:
        where = f"[{warning.evidence.doc} {warning.evidence.start}-{warning.evidence.end}]"
        console.print(f"[yellow]warning[/] {warning.kind}: {escape(warning.message)} {escape(where)}", highlight=False)
    if report.up_to_date:
        console.print("nothing changed since the last build: the outputs are up to date")
    for path in report.outputs:
        console.print(f"{'kept' if report.up_to_date else 'wrote'} {path}")
    if not report.corpus.documents:
        errors.print(f"[red]no documents were built[/]; {out} was left as it was")
        raise typer.Exit(1)
    if report.validation is not None:
        if report.validation.violations:
            _print_validation(report.validation, errors, limit=BUILD_VIOLATIONS_SHOWN, graph=out / "graph.ttl")
        word = "[green]conforms[/]" if report.validation.conforms else ("[red]does not conform[/]" if strict else "[yellow]does not conform[/]")
        console.print(f"validation: the graph {word} to the SHACL shapes ({report.validation.checked} nodes checked)")
        if strict and not report.validation.conforms:
            raise typer.Exit(1)
    if report.skipped or report.failed:
        raise typer.Exit(1)


BUILD_VIOLATIONS_SHOWN = 20


def _date_or_exit(text: str | None):  # type: ignore[no-untyped-def]
    """The --doc-date value as a date (YYYY-MM-DD), or exit 2."""
    import datetime
    import re

    if text is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError as err:
        errors.print(f"[red]error:[/] --doc-date {text!r} is not a date written YYYY-MM-DD")
        raise typer.Exit(2) from err


def _fiscal_years_or_exit(path: Path | None):  # type: ignore[no-untyped-def]
    """The [[fiscal_year]] tables of the --fiscal-years file, or exit 2."""
    from kg import overrides

    if path is None:
        return ()
    if not path.is_file():
        errors.print(f"[red]error:[/] no such fiscal-years file: {path}")
        raise typer.Exit(2)
    try:
        return overrides.load(path).fiscal_years
    except overrides.OverridesError as err:
        errors.print(f"[red]error:[/] {err}", highlight=False)
        raise typer.Exit(2) from err


def _overrides_or_exit(path: Path | None):  # type: ignore[no-untyped-def]
    """The user's entity corrections: the file given, else kg-overrides.toml if present."""
    from kg import overrides

    chosen = path or (overrides.DEFAULT_FILE if overrides.DEFAULT_FILE.is_file() else None)
    if chosen is None:
        return overrides.EMPTY
    if not chosen.is_file():
        errors.print(f"[red]error:[/] no such overrides file: {chosen}")
        raise typer.Exit(2)
    try:
        loaded = overrides.load(chosen)
    except overrides.OverridesError as err:
        errors.print(f"[red]error:[/] {err}", highlight=False)
        raise typer.Exit(2) from err
    console.print(f"using entity overrides from {chosen}")
    return loaded


def _print_validation(report, out: Console, *, limit: int | None = None, graph: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """Each SHACL result: severity, the focus node's class and label, the property and message, the evidence sentence."""
    from rich.markup import escape

    colours = {"violation": "red", "warning": "yellow", "info": "blue"}
    shown = report.violations if limit is None else report.violations[:limit]
    for v in shown:
        colour = colours.get(v.severity, "red")
        out.print(f"[{colour}]{v.severity}[/] {escape(v.kind)} [bold]{escape(repr(v.label))}[/] <{escape(v.focus)}>", highlight=False)
        where = f"{escape(v.path)}: " if v.path else ""
        value = f" (value: {escape(repr(v.value))})" if v.value is not None else ""
        out.print(f"    {where}{escape(v.message)}{value}", highlight=False)
        if v.evidence is not None:
            out.print(f"    evidence {escape('[' + (v.document or '?') + ']')}: {escape(repr(v.evidence))}", highlight=False)
        else:
            out.print("    evidence: none in the graph", highlight=False)
    hidden = len(report.violations) - len(shown)
    if hidden > 0:
        more = f"; see all with `kg validate {graph}`" if graph is not None else ""
        out.print(f"... and {hidden} more result(s){escape(more)}", highlight=False)
    if report.violations:
        counts = {s: sum(1 for v in report.violations if v.severity == s) for s in ("violation", "warning", "info")}
        out.print(", ".join(f"{n} {s}(s)" for s, n in counts.items() if n), highlight=False)


@app.command()
def validate(
    graph: Annotated[Path, typer.Argument(help="Turtle file to validate.")] = DEFAULT_OUT / "graph.ttl",
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes (Turtle). Default: the shipped ontology/shapes.ttl.")] = None,
) -> None:
    """Validate a graph against the SHACL shapes with pyshacl. Exit 0 when it conforms, 1 when it does not."""
    from rdflib import Graph

    from kg import store
    from kg.validate import validate as run_validate

    for path in (graph, shapes):
        if path is not None and not path.is_file():
            hint = "; run `kg build` first or give a graph file" if path == graph else ""
            errors.print(f"[red]error:[/] no such file: {path}{hint}")
            raise typer.Exit(2)
    try:
        data = store.load(graph)
        shapes_graph = Graph().parse(shapes, format="turtle") if shapes is not None else None
    except Exception as err:  # rdflib raises several parser error types
        errors.print(f"[red]error:[/] cannot read Turtle: {err}", markup=True, highlight=False)
        raise typer.Exit(2) from err
    report = run_validate(data, shapes_graph=shapes_graph)
    _print_validation(report, console)
    if report.conforms:
        console.print(f"[green]conforms[/]: {graph} ({report.checked} nodes checked, {len(data)} triples, {report.seconds:.2f} s)")
    else:
        console.print(f"[red]does not conform[/]: {graph} ({len(report.errors)} violation(s); {report.checked} nodes checked)")
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
    table.add_row("triples", str(report.triples))
    table.add_row("consistency warnings", str(len(report.warnings)))
    if report.validation is not None:
        table.add_row("SHACL violations", str(len(report.validation.errors)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    return table


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


def run() -> None:
    """The console entry point: errors are one line unless ``--debug`` asks for the traceback."""
    try:
        app()
    except Exception as err:
        if "--debug" in sys.argv[1:]:
            raise
        typer.echo(f"error: {type(err).__name__}: {err} (run `kg --debug ...` for the traceback)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
