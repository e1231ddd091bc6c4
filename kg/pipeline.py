"""The build, as one straight road:

    discover -> read -> parse (spaCy, batched) -> facts -> resolve -> RDF -> outputs

Every stage is a plain function of the previous stage's output; the reading
and writing steps are named here, not hidden inside other stages.

Parsing and fact extraction are per document, so that stage streams: chunks of
one parser batch go through spaCy in this process, in worker processes
(:mod:`kg.parallel`) or on a Dask cluster (:mod:`kg.dask_executor`), and each
document's result is stored in the extraction cache (:mod:`kg.cache`) as it
is done.  Results come back in input order, so the outputs are the same bytes
whichever way they were computed; a cached document is not parsed again.
After resolution the graph is made a document at a time (:func:`kg.rdf.parts`);
each part goes into an on-disk pyoxigraph store and sorted runs of N-Triples
(:mod:`kg.graphfiles`), and into the rdflib graph the views and SHACL validation
read.  pyoxigraph writes the Turtle (from the merged runs) and the facts table
(from the store) on a helper thread while those run.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph
from spacy.language import Language

from kg import cache as kg_cache
from kg import consistency, facts, graphfiles, graphstore, rdf
from kg.cache import FOLDER as CACHE_FOLDER
from kg.cache import Cache, open_cache
from kg.export import manifest, views
from kg.facts.syntax import OFFSET_KEY
from kg.lock import exclusive
from kg.model import ConsistencyWarning, Corpus, Document, DocumentResult
from kg.nlp import MODEL
from kg.oxigraph import STAMP
from kg.overrides import EMPTY, Overrides
from kg.reading import Skipped, discover, read_all
from kg.resolve import resolve
from kg.time import anchor
from kg.time.fiscal import FiscalEntry, shipped
from kg.validate import ValidationReport, validate

BATCH_SIZE = 16
Progress = Callable[[str], None]
ModelSource = Language | Callable[[], Language]  # the pipeline, or a loader called only if something needs parsing


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: for the summary table and the exit code."""

    corpus: Corpus
    graph: Graph | None  # only for an empty corpus: a build's graph is its graph.ttl
    skipped: tuple[Skipped, ...]
    failed: tuple[Failed, ...]
    outputs: tuple[Path, ...]
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None
    triples: int = 0
    up_to_date: bool = False  # nothing had changed since the last build: no output was rewritten
    warnings: tuple[ConsistencyWarning, ...] = ()  # figures that do not agree (kg.consistency)


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


def extract(
    documents: Iterable[Document], nlp: Language, *, batch_size: int = BATCH_SIZE, overrides: Overrides = EMPTY
) -> Iterator[DocumentResult | Failed]:
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
                current.append(facts.extract(document, doc, overrides))
        except Exception as err:  # a bug on one article must not lose the corpus
            failure = Failed(document.source, document.id, f"{type(err).__name__}: {err}")
        last_piece = n + 1 == len(work) or work[n + 1][0] is not document
        if last_piece:
            yield failure or _joined(current)
            current, failure = [], None


@dataclass(frozen=True, slots=True)
class Engine:
    """Where parsing runs: this process (``workers`` 1), worker processes, or a Dask cluster."""

    workers: int = 1
    dask: Any = None  # a scheduler address or a cluster object
    batch_size: int = BATCH_SIZE
    model: str = MODEL


def extracted(
    documents: Sequence[Document],
    nlp: ModelSource,
    *,
    engine: Engine = Engine(),
    cache: Cache | None = None,
    overrides: Overrides = EMPTY,
) -> Iterator[DocumentResult | Failed]:
    """Each document's result, in input order: from the cache when it holds one, else
    parsed by ``engine`` (and then stored in the cache).  Documents go to the engine in
    chunks of one parser batch, the same chunks whatever the engine."""
    nlp = _once(nlp)
    keys = [cache.key(d) for d in documents] if cache is not None else []
    known = [cache.path(k).is_file() for k in keys] if cache is not None else [False] * len(documents)
    todo = [d for d, hit in zip(documents, known) if not hit]
    fresh = iter(_parsed(todo, nlp, engine, overrides) if todo else ())
    for n, document in enumerate(documents):
        result: DocumentResult | Failed | None = cache.get(keys[n]) if cache is not None and known[n] else None
        if isinstance(result, DocumentResult) and result.document != document:
            result = dataclasses.replace(result, document=document)  # the same document, read from another place
        if result is None and known[n]:  # an entry that cannot be read: parse the document here
            result = next(_parsed([document], nlp, Engine(batch_size=engine.batch_size, model=engine.model), overrides))
            known[n] = False
        if result is None:
            result = next(fresh)
        if cache is not None and not known[n] and isinstance(result, DocumentResult):
            cache.put(keys[n], result)
        yield result


def _once(nlp: ModelSource) -> ModelSource:
    """The pipeline, or a loader that loads it at most once."""
    if isinstance(nlp, Language):
        return nlp
    loaded: list[Language] = []

    def load() -> Language:
        if not loaded:
            loaded.append(nlp())
        return loaded[0]

    return load


def _parsed(documents: list[Document], nlp: ModelSource, engine: Engine, overrides: Overrides) -> Iterator[DocumentResult | Failed]:
    from kg import dask_executor, parallel

    if engine.dask is not None:
        yield from dask_executor.extract(
            documents, address=engine.dask, batch_size=engine.batch_size, model=engine.model, overrides=overrides
        )
    elif engine.workers > 1:
        yield from parallel.extract(documents, workers=engine.workers, batch_size=engine.batch_size, model=engine.model, overrides=overrides)
    else:
        language = nlp if isinstance(nlp, Language) else nlp()
        for chunk in parallel.chunks(documents, engine.batch_size):
            yield from extract(chunk, language, batch_size=engine.batch_size, overrides=overrides)


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
    nlp: ModelSource,
    *,
    images_enabled: bool = True,
    pictures: int = views.PICTURES,
    validation: bool = True,
    overrides: Overrides = EMPTY,
    on_document: Progress | None = None,
    workers: int = 1,
    dask: Any = None,
    cache: bool = True,
    cache_dir: Path | None = None,
    doc_date: datetime.date | None = None,
    fiscal_years: Sequence[FiscalEntry] = (),
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    With ``validation`` the graph is checked against the SHACL shapes after it
    is written; the report carries the result, and the outputs are written
    whether or not the graph conforms (the caller decides what a failure means).

    ``nlp`` is the English pipeline or a loader for it, called only when some
    document has to be parsed in this process.  ``workers`` > 1 parses in that
    many processes, ``dask`` (a scheduler address or cluster) on a Dask cluster;
    either way each worker loads the pipeline itself.  With ``cache`` each
    document's result is kept in ``cache_dir`` (default ``out/.kg-cache``) and
    reused while the document, the overrides and the pipeline are unchanged.

    ``doc_date`` dates the documents whose metadata gives no date: relative
    periods and deadlines are resolved against it (:mod:`kg.time.anchor`).
    ``fiscal_years`` add to (and override) the shipped fiscal calendars and
    those of the overrides file.
    """
    store = open_cache(cache_dir or out / CACHE_FOLDER, salt=overrides_key(overrides)) if cache else None
    with exclusive(out):
        return _build(
            inputs, out, nlp, images_enabled=images_enabled, pictures=pictures, validation=validation, overrides=overrides,
            on_document=on_document, engine=Engine(workers=workers, dask=dask), cache=store,
            doc_date=doc_date, fiscal_years=(*overrides.fiscal_years, *fiscal_years),
        )


def overrides_key(overrides: Overrides) -> str:
    """The overrides in a canonical form (they change what extraction returns)."""
    return json.dumps(
        {
            "merge": sorted(sorted(group) for group in overrides.merges),
            "separate": sorted(sorted(group) for group in overrides.separate),
            "rename": [list(pair) for pair in overrides.renames],
        },
        ensure_ascii=False,
    )


def _build(
    inputs: Iterable[Path],
    out: Path,
    nlp: ModelSource,
    *,
    images_enabled: bool,
    pictures: int,
    validation: bool,
    overrides: Overrides,
    on_document: Progress | None,
    engine: Engine,
    cache: Cache | None,
    doc_date: datetime.date | None = None,
    fiscal_years: Sequence[FiscalEntry] = (),
) -> BuildReport:
    started = time.perf_counter()
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    documents, skipped = read_inputs(inputs)
    stages["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    results: list[DocumentResult] = []
    failed: list[Failed] = []
    for result in extracted(documents, nlp, engine=engine, cache=cache, overrides=overrides):
        if isinstance(result, Failed):
            failed.append(result)
        else:
            results.append(result)
        if on_document:
            on_document(result.source if isinstance(result, Failed) else result.document.id)
    stages["parse+extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    corpus = resolve(results, overrides)
    keys = [cache.key(r.document) for r in results] if cache is not None else []
    del results  # the corpus holds what the outputs need; the documents' own results can go
    stages["resolve"] = time.perf_counter() - clock
    clock = time.perf_counter()
    corpus = consistency.check(anchor.resolve(corpus, default_date=doc_date, fiscal=shipped().extended(fiscal_years)))
    stages["time+consistency"] = time.perf_counter() - clock
    record_key = ""
    if cache is not None and corpus.documents:
        options = (
            f"images={images_enabled}", f"pictures={pictures}", f"validation={validation}", f"out={out.resolve()}",
            f"doc-date={doc_date}", f"fiscal-years={[(e.names, e.start_month) for e in fiscal_years]}",
        )
        others = [f"skipped\0{s.source}\0{s.reason}" for s in skipped] + [f"failed\0{f.source}\0{f.error}" for f in failed]
        record_key = kg_cache.build_key(cache, keys, [*others, *options])
        last = kg_cache.last_build(cache)
        if last is not None and last.key == record_key and kg_cache.intact(last):
            kept = tuple(dict.fromkeys(Path(path).parent if Path(path).name == STAMP else Path(path) for path, _ in last.outputs))
            return BuildReport(
                corpus, None, tuple(skipped), tuple(failed), kept, time.perf_counter() - started, stages, last.validation,
                last.triples, up_to_date=True, warnings=corpus.warnings,
            )
        kg_cache.forget(cache)  # the outputs are about to change

    clock = time.perf_counter()
    if not corpus.documents:
        # nothing was built: keep whatever an earlier build left in ``out``
        graph = rdf.to_graph(corpus)
        return BuildReport(
            corpus, graph, tuple(skipped), tuple(failed), (), time.perf_counter() - started, stages, triples=len(graph), warnings=corpus.warnings
        )
    out.mkdir(parents=True, exist_ok=True)
    building = graphfiles.open_building(out)
    graph = rdf.new_graph()  # what the views and SHACL validation read
    for part in itertools.chain([rdf.ontology()], rdf.parts(corpus)):  # each document's triples go to the store as made
        building.add(part)
        graphstore.extend(graph, part)
    filled = graphfiles.finish(building)
    stages["rdf"] = time.perf_counter() - clock
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-graph-files") as pool:
        # pyoxigraph writes the Turtle and answers the facts table's queries without
        # holding the interpreter lock, so that runs beside the views and SHACL
        # validation (pure Python) instead of before them
        graph_files = pool.submit(graphfiles.write, filled)
        clock = time.perf_counter()
        entries = manifest.records(
            corpus.documents, ((s.source, s.reason) for s in skipped), ((f.source, f.doc_id, f.error) for f in failed)
        )
        manifest.write(out / "manifest.json", entries, versions=versions())
        stages["write manifest"] = time.perf_counter() - clock
        clock = time.perf_counter()
        # graph.html always; the overview and up to ``pictures`` entity and article pictures with images
        pictured = views.write(graph, out, pictures=pictures if images_enabled else None)
        stages["write views"] = time.perf_counter() - clock
        checked = None
        if validation:
            # the whole graph at once (validating a batch of subjects at a time needs the
            # value nodes that sh:class looks at typed, and those then become targets too)
            checked = validate(graph)
            stages["validate"] = checked.seconds
        del graph
        clock = time.perf_counter()
        _, seconds = graph_files.result()
        stages.update(seconds)
        stages["wait for graph files"] = time.perf_counter() - clock
    triples = filled.triples
    written = graphfiles.close(filled)
    outputs = [*written, out / "facts.jsonl", out / "manifest.json", *pictured]
    if cache is not None:
        cache.keep_only(keys)
        kg_cache.remember(cache, kg_cache.BuildRecord(record_key, kg_cache.digests(outputs), triples, checked))
    return BuildReport(
        corpus, None, tuple(skipped), tuple(failed), tuple(outputs), time.perf_counter() - started, stages, checked, triples,
        warnings=corpus.warnings,
    )


def versions() -> dict[str, str]:
    """What produced a build: kg, spaCy and the English pipeline."""
    import spacy

    from kg import __version__
    from kg.nlp import MODEL_DIST, model_version

    return {"kg": __version__, "spacy": spacy.__version__, MODEL_DIST: model_version()}
