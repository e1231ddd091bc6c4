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
from kg.export import facts_table, images, manifest, turtle
from kg.facts.syntax import OFFSET_KEY
from kg.lock import exclusive
from kg.model import Corpus, Document, DocumentResult
from kg.reading import Skipped, discover, read_all
from kg.resolve import resolve
from kg.validate import ValidationReport, validate

BATCH_SIZE = 16
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: for the summary table and the exit code."""

    corpus: Corpus
    graph: Graph
    skipped: tuple[Skipped, ...]
    failed: tuple[Failed, ...]
    outputs: tuple[Path, ...]
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None


def read_inputs(inputs: Iterable[Path]) -> tuple[list[Document], list[Skipped]]:
    """Read every input file; unreadable files and lines are reported, not fatal."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for root in inputs:
        for item in discover([root]):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            for read_item in read_all(item, doc_id=_doc_id(root, item)):
                if isinstance(read_item, Skipped):
                    skipped.append(read_item)
                elif read_item.id in seen:
                    skipped.append(Skipped(read_item.source, f"same document id {read_item.id!r} as {seen[read_item.id]}"))
                else:
                    seen[read_item.id] = read_item.source
                    documents.append(read_item)
    return documents, skipped


def _doc_id(root: Path, path: Path) -> str:
    """The path below the input folder, without suffix: stable across machines."""
    relative = path.relative_to(root) if root.is_dir() else Path(path.name)
    return relative.with_suffix("").as_posix()


@dataclass(frozen=True, slots=True)
class Failed:
    """A document that was read but could not be built, and the error."""

    source: str
    doc_id: str
    error: str


PIECE_CHARS = 100_000  # longer documents are parsed in pieces of at most this many characters


def pieces(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most ``size`` characters (default PIECE_CHARS),
    cut at paragraph breaks where there is one (else at a line break, else anywhere)."""
    size = size or PIECE_CHARS
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        end = start + (cut + 1 if cut > size // 2 else size)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


def extract(documents: Iterable[Document], nlp: Language, *, batch_size: int = BATCH_SIZE) -> Iterator[DocumentResult | Failed]:
    """Parse documents in batches and extract each one's entities and facts.

    A long document is parsed in pieces (memory stays bounded); each piece's
    offsets are shifted back into the document.  An error in one document is
    reported as :class:`Failed` and the others go on.
    """
    work = [(document, offset, text) for document in documents for offset, text in pieces(document.content)]
    parsed = nlp.pipe((text for _, _, text in work), batch_size=batch_size)
    current: list[DocumentResult] = []
    failure: Failed | None = None
    for n, ((document, offset, _), doc) in enumerate(zip(work, parsed)):
        doc.user_data[OFFSET_KEY] = offset
        try:
            if failure is None:
                current.append(facts.extract(document, doc))
        except Exception as err:  # a bug on one article must not lose the corpus
            failure = Failed(document.source, document.id, f"{type(err).__name__}: {err}")
        last_piece = n + 1 == len(work) or work[n + 1][0] is not document
        if last_piece:
            yield failure or _joined(current)
            current, failure = [], None


def _joined(parts: list[DocumentResult]) -> DocumentResult:
    if len(parts) == 1:
        return parts[0]
    return DocumentResult(
        document=parts[0].document,
        entities=tuple(e for p in parts for e in p.entities),
        facts=tuple(f for p in parts for f in p.facts),
        merges=tuple(m for p in parts for m in p.merges),
    )


def build(
    inputs: Iterable[Path],
    out: Path,
    nlp: Language,
    *,
    images_enabled: bool = True,
    validation: bool = True,
    on_document: Progress | None = None,
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    With ``validation`` the graph is checked against the SHACL shapes after it
    is written; the report carries the result, and the outputs are written
    whether or not the graph conforms (the caller decides what a failure means).
    """
    with exclusive(out):
        return _build(inputs, out, nlp, images_enabled=images_enabled, validation=validation, on_document=on_document)


def _build(
    inputs: Iterable[Path],
    out: Path,
    nlp: Language,
    *,
    images_enabled: bool,
    validation: bool,
    on_document: Progress | None,
) -> BuildReport:
    started = time.perf_counter()
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    documents, skipped = read_inputs(inputs)
    stages["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    results: list[DocumentResult] = []
    failed: list[Failed] = []
    for result in extract(documents, nlp):
        if isinstance(result, Failed):
            failed.append(result)
        else:
            results.append(result)
        if on_document:
            on_document(result.source if isinstance(result, Failed) else result.document.id)
    stages["parse+extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    corpus = resolve(results)
    graph = rdf.to_graph(corpus)
    stages["resolve+rdf"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if not corpus.documents:
        # nothing was built: keep whatever an earlier build left in ``out``
        return BuildReport(corpus, graph, tuple(skipped), tuple(failed), (), time.perf_counter() - started, stages)
    out.mkdir(parents=True, exist_ok=True)
    outputs = [out / "graph.ttl", out / "facts.jsonl", out / "manifest.json"]
    turtle.write(graph, outputs[0])
    facts_table.write(graph, outputs[1])
    entries = manifest.records(
        corpus.documents, ((s.source, s.reason) for s in skipped), ((f.source, f.doc_id, f.error) for f in failed)
    )
    manifest.write(outputs[2], entries, versions=versions())
    if images_enabled:
        outputs.extend(images.write_overview(graph, out))
    stages["write"] = time.perf_counter() - clock

    checked = None
    if validation:
        checked = validate(graph)
        stages["validate"] = checked.seconds
    return BuildReport(corpus, graph, tuple(skipped), tuple(failed), tuple(outputs), time.perf_counter() - started, stages, checked)


def versions() -> dict[str, str]:
    """What produced a build: kg, spaCy and the English pipeline."""
    import spacy

    from kg import __version__
    from kg.nlp import MODEL_DIST, model_version

    return {"kg": __version__, "spacy": spacy.__version__, MODEL_DIST: model_version()}
