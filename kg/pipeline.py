"""The build, as one straight road:

    discover -> read -> parse (spaCy, batched) -> facts -> resolve -> RDF -> outputs

Every stage is a plain function of the previous stage's output; the reading
and writing steps are named here, not hidden inside other stages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from spacy.language import Language

from kg import facts, rdf
from kg.export import facts_table, images, turtle
from kg.model import Corpus, Document, DocumentResult
from kg.reading import ReadError, Skipped, discover, read
from kg.resolve import resolve

BATCH_SIZE = 16
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: for the summary table and the exit code."""

    corpus: Corpus
    graph: Graph
    skipped: tuple[Skipped, ...]
    outputs: tuple[Path, ...]
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)


def read_inputs(inputs: Iterable[Path]) -> tuple[list[Document], list[Skipped]]:
    """Read every input file; unreadable ones are reported, not fatal."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for root in inputs:
        for item in discover([root]):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            doc_id = _doc_id(root, item)
            if doc_id in seen:
                skipped.append(Skipped(str(item), f"same document id {doc_id!r} as {seen[doc_id]}"))
                continue
            try:
                documents.append(read(item, doc_id=doc_id))
                seen[doc_id] = str(item)
            except ReadError as err:
                skipped.append(Skipped(err.source, err.reason))
    return documents, skipped


def _doc_id(root: Path, path: Path) -> str:
    """The path below the input folder, without suffix: stable across machines."""
    relative = path.relative_to(root) if root.is_dir() else Path(path.name)
    return relative.with_suffix("").as_posix()


def extract(documents: Iterable[Document], nlp: Language, *, batch_size: int = BATCH_SIZE) -> Iterator[DocumentResult]:
    """Parse documents in batches and extract each one's entities and facts."""
    documents = list(documents)
    texts = (d.content for d in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=batch_size)):
        yield facts.extract(document, doc)


def build(
    inputs: Iterable[Path],
    out: Path,
    nlp: Language,
    *,
    images_enabled: bool = True,
    on_document: Progress | None = None,
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into the folder ``out``."""
    started = time.perf_counter()
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    documents, skipped = read_inputs(inputs)
    stages["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    results = []
    for result in extract(documents, nlp):
        results.append(result)
        if on_document:
            on_document(result.document.id)
    stages["parse+extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    corpus = resolve(results)
    graph = rdf.to_graph(corpus)
    stages["resolve+rdf"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if not corpus.documents:
        # nothing was read: keep whatever an earlier build left in ``out``
        return BuildReport(corpus, graph, tuple(skipped), (), time.perf_counter() - started, stages)
    out.mkdir(parents=True, exist_ok=True)
    outputs = [out / "graph.ttl", out / "facts.jsonl"]
    turtle.write(graph, outputs[0])
    facts_table.write(graph, outputs[1])
    if images_enabled:
        outputs.extend(images.write_overview(graph, out))
    stages["write"] = time.perf_counter() - clock
    return BuildReport(corpus, graph, tuple(skipped), tuple(outputs), time.perf_counter() - started, stages)
