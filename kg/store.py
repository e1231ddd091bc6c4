"""Loading graphs and asking them SPARQL questions.

Queries are parsed with rdflib's SPARQL engine before they run, so a syntax
error is reported with its position instead of failing half-way.  Shipped
queries live in ontology/queries/ and are addressed by file name.

A small graph is queried with rdflib; a large one with pyoxigraph (see
:mod:`kg.oxigraph`): the persistent store a build wrote beside the Turtle file,
or the file loaded into an in-memory store.  Both give the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import signal
import threading
from types import FrameType

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result, ResultRow

from kg.vocab import PREFIXES


class QueryError(Exception):
    """A query that cannot be parsed; the message says where and gives a hint."""


def load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def shipped_queries() -> dict[str, str]:
    """Name -> SPARQL text of every query in ontology/queries/."""
    folder = resources.files("kg._ontology").joinpath("queries")
    return {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }


def query_text(query: str) -> str:
    """SPARQL text for a query given as text, a .rq file, or a shipped query's name."""
    shipped = shipped_queries()
    if query in shipped:
        return shipped[query]
    if query.endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"no such query file: {query}")
        return path.read_text(encoding="utf-8")
    if query.strip() and " " not in query.strip() and "{" not in query:
        raise QueryError(f"unknown query {query!r}; shipped queries are: {', '.join(shipped)}")
    return query


def run(graph: Graph, text: str, **bindings: Any) -> Result:
    """Run a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) with the kg prefixes
    predeclared.  SPARQL Update and SERVICE (which would reach the network) are refused."""
    return graph.query(prepare(text), initBindings=bindings)


def prepare(text: str) -> Any:
    """The parsed query, after the read-only checks: SPARQL Update and SERVICE are refused,
    and a syntax error is reported with its line and column."""
    try:
        prepared = prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseException as err:
        if _is_update(text):
            raise QueryError("SPARQL Update is not allowed: kg query only reads the graph") from err
        raise QueryError(_syntax_message(text, err)) from err
    except Exception as err:  # rdflib raises assorted errors for unknown prefixes etc.
        raise QueryError(f"invalid query: {err}") from err
    if _uses_service(prepared.algebra):
        raise QueryError("SERVICE is not allowed: kg query never reaches the network")
    return prepared


def select_file(path: Path, text: str, *, timeout: float | None = None) -> Table:
    """Run a query on the graph in the Turtle file ``path`` with the engine that suits its
    size: pyoxigraph for a large graph (its persistent store when one matches the file),
    rdflib otherwise.  The same checks and the same table either way."""
    from kg import oxigraph

    prepare(text)
    found = oxigraph.matching_store(path)
    on_disk = found is not None
    if found is None and path.stat().st_size >= oxigraph.LARGE_FILE:
        found = oxigraph.load(path)
    if found is None:
        return select(load(path), text, timeout=timeout)
    return select_store(found, text, timeout=timeout, on_disk=on_disk)


def select_store(found: Any, text: str, *, timeout: float | None = None, on_disk: bool = False) -> Table:
    """Run an already checked query on a pyoxigraph store as a :class:`Table`.

    pyoxigraph evaluates in Rust and releases the interpreter while it does, so the
    query runs on a helper thread and the caller stops waiting after ``timeout``."""
    outcome: list[Table | BaseException] = []

    def work() -> None:
        try:
            outcome.append(oxigraph_table(found, text, on_disk=on_disk))
        except BaseException as err:  # handed to the caller's thread
            outcome.append(err)

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout or None)
    if worker.is_alive():
        raise QueryTimeout(f"query did not finish within {timeout:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def oxigraph_table(found: Any, text: str, *, on_disk: bool = False) -> Table:
    """A query's answers from a pyoxigraph store (``on_disk``: a persistent one), as plain Python values."""
    from kg import oxigraph

    try:
        kind, columns, rows = oxigraph.solutions(found, text, on_disk=on_disk)
        if kind == "ASK":
            return Table(["ask"], [[bool(answer) for answer in rows]])
        if kind != "SELECT":
            raise QueryError("only SELECT and ASK queries can be shown as a table")
        return Table(columns, [list(row) for row in rows])
    except QueryError:
        raise
    except Exception as err:  # pyoxigraph reports evaluation errors as SyntaxError, ValueError, OSError
        raise QueryError(f"query failed while running: {type(err).__name__}: {err}") from err


def select(graph: Graph, text: str, *, timeout: float | None = None) -> Table:
    """Run a query to completion as a :class:`Table`, giving up after ``timeout`` seconds.

    rdflib evaluates in pure Python, so an interval timer interrupts it; this
    works in the main thread, which is where the CLI runs queries.
    """
    if not timeout:
        return table(run(graph, text))

    def expire(signum: int, frame: FrameType | None) -> None:
        raise QueryTimeout(f"query did not finish within {timeout:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return table(run(graph, text))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class QueryTimeout(QueryError):
    """The query ran longer than allowed."""


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _uses_service(node: Any) -> bool:
    """Whether the query algebra holds a SERVICE pattern anywhere."""
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_uses_service(v) for v in node)
    return False


def _syntax_message(text: str, err: ParseException) -> str:
    line = text.splitlines()[err.lineno - 1] if 0 < err.lineno <= len(text.splitlines()) else ""
    pointer = " " * (max(err.col, 1) - 1) + "^"
    hint = "check braces, dots between triple patterns, and that every prefix is declared"
    return f"SPARQL syntax error at line {err.lineno}, column {err.col}:\n  {line}\n  {pointer}\nhint: {hint}"


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]


def table(result: Result) -> Table:
    """A SELECT result as plain Python values (numbers, booleans, strings)."""
    if result.type == "ASK":
        return Table(["ask"], [[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries can be shown as a table")
    columns = [str(v) for v in result.vars or []]
    try:
        rows = [[python_value(row[i]) for i in range(len(columns))] for row in result if isinstance(row, ResultRow)]
    except QueryError:
        raise
    except Exception as err:  # rdflib evaluates lazily; its run-time errors have many types
        raise QueryError(f"query failed while running: {type(err).__name__}: {err}") from err
    return Table(columns, rows)


def compact(value: Any) -> Any:
    """An IRI in a known namespace as a prefixed name, for display: schema:Person."""
    if isinstance(value, str):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if value.startswith(str(namespace)) and len(value) > len(str(namespace)):
                return f"{prefix}:{value[len(str(namespace)):]}"
    return value


def python_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):  # unknown datatype: keep the lexical form
            return str(value)
        if hasattr(value, "isoformat") and not isinstance(value, str):
            return str(term)
        return value
    if isinstance(term, URIRef):
        return str(term)
    return str(term)
