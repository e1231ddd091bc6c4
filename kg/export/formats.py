"""Exports for the tools people already use (``kg export``).

- ``jsonld``: JSON-LD with a context of the usual prefixes; the same triples as
  the Turtle (it parses back to an isomorphic graph).
- ``nt``: N-Triples, one triple a line, sorted.
- ``graphml``: the graph as Gephi and networkx see it: things as nodes (kind,
  label, IRI), posts, unit links, relations, "stated", "said", sources and
  mentions as edges (kind, label), each with its first evidence sentence.
- ``csv``, ``jsonl``: the facts table of facts.jsonl; the CSV has one column per
  field of any kind, evidence flattened into four columns.

Every writer returns bytes, the same bytes for the same graph.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node as Term

from kg.export import facts_table
from kg.export.projection import project
from kg.vocab import PREFIXES

FORMATS = ("jsonld", "nt", "graphml", "csv", "jsonl")
SUFFIXES = {"jsonld": ".jsonld", "nt": ".nt", "graphml": ".graphml", "csv": ".csv", "jsonl": ".jsonl"}
EVIDENCE_COLUMNS = ("evidence_doc", "evidence_start", "evidence_end", "evidence_text")


def export(graph: Graph, fmt: str) -> bytes:
    """``graph`` in the format ``fmt`` (one of FORMATS)."""
    writers: dict[str, Callable[[Graph], bytes]] = {"jsonld": jsonld, "nt": ntriples, "graphml": graphml, "csv": facts_csv, "jsonl": facts_table.serialize}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](graph)


# --- JSON-LD -----------------------------------------------------------------------------


def context(graph: Graph) -> dict[str, str]:
    """Prefix -> namespace: kg's own prefixes, then any other the graph binds and uses."""
    found = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    bound = [(p, str(n)) for p, n in sorted(graph.namespaces()) if p and p not in found and str(n) not in found.values()]
    if bound:
        used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
        used |= {str(t.datatype) for t in graph.objects() if isinstance(t, Literal) and t.datatype is not None}
        for prefix, namespace in bound:
            if any(iri.startswith(namespace) for iri in used):
                found[prefix] = namespace
    return dict(sorted(found.items()))


def jsonld(graph: Graph) -> bytes:
    """One node object per subject, sorted by IRI; values sorted; compact IRIs
    ("schema:Person") expanded by the context."""
    prefixes = sorted(context(graph).items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, namespace in prefixes:
            rest = iri[len(namespace):]
            if iri.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    def value(term: Term) -> Any:
        if isinstance(term, BNode):
            return {"@id": f"_:{term}"}
        if isinstance(term, URIRef):
            return {"@id": compact(str(term))}
        assert isinstance(term, Literal)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype is not None:
            return {"@value": str(term), "@type": compact(str(term.datatype))}
        return str(term)

    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in graph:
        subject = f"_:{s}" if isinstance(s, BNode) else compact(str(s))
        node = nodes.setdefault(subject, {"@id": subject})
        if p == URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type") and isinstance(o, URIRef):
            node.setdefault("@type", []).append(compact(str(o)))
        else:
            node.setdefault(compact(str(p)), []).append(value(o))
    key = lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)  # noqa: E731
    ordered = []
    for subject in sorted(nodes):
        node = nodes[subject]
        ordered.append({name: sorted(values, key=key) if isinstance(values, list) else values for name, values in sorted(node.items())})
    document = {"@context": context(graph), "@graph": ordered}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --- N-Triples ---------------------------------------------------------------------------


def ntriples(graph: Graph) -> bytes:
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()) - {""})
    return "".join(line + "\n" for line in lines).encode("utf-8")


# --- GraphML -----------------------------------------------------------------------------


def graphml(graph: Graph) -> bytes:
    """Things and their links as a directed multigraph; every attribute a string
    or an integer, as Gephi expects."""
    seen = project(graph)
    network = nx.MultiDiGraph()
    for node in seen.nodes.values():
        first = seen.sentences[node.evidence[0]].text if node.evidence else ""
        network.add_node(node.key, label=node.label.replace("\n", " "), kind=node.kind, iri=node.key,
                         other_names="; ".join(node.names), documents=len(node.docs),
                         properties="; ".join(f"{k}: {v}" for k, v in node.props), evidence=first)
    for edge in seen.edges:
        first = seen.sentences[edge.evidence[0]].text if edge.evidence else ""
        network.add_edge(edge.source, edge.target, key=edge.kind, kind=edge.kind, label=edge.label,
                         documents=len(edge.docs), evidence=first)
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


# --- the facts table as CSV --------------------------------------------------------------


def columns() -> list[str]:
    """``kind``, every field of any fact kind in the order the table defines them, then the evidence."""
    fields = dict.fromkeys(field for _, mapping in facts_table.TABLES.values() for field in mapping)
    return ["kind", *fields, *EVIDENCE_COLUMNS]


def facts_csv(graph: Graph) -> bytes:
    names = columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in facts_table.rows(graph):
        evidence = row.pop("evidence")
        row.update(zip(EVIDENCE_COLUMNS, (evidence["doc"], evidence["start"], evidence["end"], evidence["text"])))
        writer.writerow([_cell(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
