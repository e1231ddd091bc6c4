"""The command line: this package is the only place that prints, exits or reads argv.

``app`` is the typer application; the commands live in :mod:`kg.cli.building`
(build, validate), :mod:`kg.cli.graph` (query, show, export, explain,
ontology) and :mod:`kg.cli.measuring` (bench, eval), and register themselves
on it when imported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

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


def run() -> None:
    """The console entry point: errors are one line unless ``--debug`` asks for the traceback."""
    try:
        app()
    except Exception as err:
        if "--debug" in sys.argv[1:]:
            raise
        typer.echo(f"error: {type(err).__name__}: {err} (run `kg --debug ...` for the traceback)", err=True)
        sys.exit(1)

