"""kg build and kg validate: the build with its progress bar and summary, and SHACL reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kg.cli.app import DEFAULT_INPUT, DEFAULT_OUT, app, console, errors


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
    if not report.counts.documents:
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
    table = Table(title="kg build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents built", str(len(report.counts.documents)))
    table.add_row("documents skipped", str(len(report.skipped)))
    for kind, n in report.counts.entities:
        table.add_row(f"entities: {kind}", str(n))
    for kind, n in report.counts.facts:
        table.add_row(f"facts: {kind}", str(n))
    table.add_row("triples", str(report.triples))
    table.add_row("consistency warnings", str(len(report.warnings)))
    if report.validation is not None:
        table.add_row("SHACL violations", str(len(report.validation.errors)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    return table


