"""The build, as one straight road:

    discover -> read -> parse (spaCy, batched) -> facts -> resolve -> RDF -> outputs

Every stage is a plain function of the previous stage's output; the reading
and writing steps are named here, not hidden inside other stages.

Parsing and fact extraction are per document, so that stage streams
(:mod:`kg.extraction`: in this process, in worker processes or on a Dask
cluster, each result cached as it is done); results come back in input order,
so the outputs are the same bytes whichever way they were computed, and a
cached document is not parsed again.  While the English pipeline is in memory
the results wait on disk (:mod:`kg.spill`), and once the graph is made the
corpus gives way to the views, keeping only its counts (:class:`~kg.model.CorpusCounts`).
After resolution the graph is made a document at a time (:func:`kg.rdf.parts`);
each part goes into an on-disk pyoxigraph store and sorted runs of N-Triples
(:mod:`kg.graphfiles`), and what the views read of it into a small graph and a
table of mentions (:mod:`kg.export.view_input`); no whole rdflib graph is made.
pyoxigraph writes the Turtle (from the merged runs) on a helper thread while the
views are drawn and SHACL validates the sorted lines a batch of whole subjects at
a time; then the facts table (from the store).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import gc
import itertools
import json
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import cache as kg_cache
from kg import consistency, graphfiles, parallel, rdf
from kg.cache import FOLDER as CACHE_FOLDER
from kg.cache import Cache, open_cache
from kg.export import manifest, views
from kg.extraction import Engine, Failed, ModelSource, extracted, release_models
from kg.lock import exclusive
from kg.model import ConsistencyWarning, CorpusCounts, Document
from kg.overrides import EMPTY, Overrides
from kg.oxigraph import STAMP
from kg.reading import Skipped, discover, read_all
from kg.resolve import resolve
from kg.spill import Spill
from kg.time import anchor
from kg.time.fiscal import FiscalEntry, shipped
from kg.validate import ValidationReport

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: for the summary table and the exit code."""

    counts: CorpusCounts  # the corpus's documents and how many entities and facts of each kind
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
    with Spill() as results:
        # each result is set aside on disk as it arrives: held beside the English pipeline,
        # the results of a large corpus would make the parse the build's peak
        failed: list[Failed] = []
        keys: list[str] = []  # the cache entries of the documents built
        for result in extracted(documents, nlp, engine=engine, cache=cache, overrides=overrides):
            if isinstance(result, Failed):
                failed.append(result)
            else:
                results.add(result)
                if cache is not None:
                    keys.append(cache.key(result.document))
            if on_document:
                on_document(result.source if isinstance(result, Failed) else result.document.id)
        del documents  # each result holds its document
        # the English pipeline this process loaded is held in reference cycles: collected now,
        # its memory is reused by the graph instead of adding to the peak; so is the relation model's
        release_models()
        _return_freed_memory()
        stages["parse+extract"] = time.perf_counter() - clock

        clock = time.perf_counter()
        corpus = resolve(results.results(), overrides)  # read back from the spill once the pipeline is gone
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
                CorpusCounts.of(corpus), None, tuple(skipped), tuple(failed), kept, time.perf_counter() - started, stages, last.validation,
                last.triples, up_to_date=True, warnings=corpus.warnings,
            )
        kg_cache.forget(cache)  # the outputs are about to change

    clock = time.perf_counter()
    if not corpus.documents:
        # nothing was built: keep whatever an earlier build left in ``out``
        graph = rdf.to_graph(corpus)
        return BuildReport(
            CorpusCounts.of(corpus), graph, tuple(skipped), tuple(failed), (), time.perf_counter() - started, stages, triples=len(graph), warnings=corpus.warnings
        )
    # what the manifest and the report need of the corpus is kept aside; the rest is cut
    # up by document and each document's share goes as its part of the graph is made
    # (the corpus beside what the views keep of the graph was the build's peak)
    entries = manifest.records(
        corpus.documents, ((s.source, s.reason) for s in skipped), ((f.source, f.doc_id, f.error) for f in failed)
    )
    counts, warnings = CorpusCounts.of(corpus), corpus.warnings
    by_document = rdf.ByDocument.of(corpus)
    del corpus
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # the corpus's documents (until their part is made) and the loaded modules: kept out of
        # the cyclic collector's scans (each full collection while the graph is made and read
        # would walk them all again; they hold no cycles, so they are freed when let go all the
        # same), and handed back to it when the outputs are written
        gc.freeze()
        stack.callback(gc.unfreeze)
        # with workers, SHACL batches are checked in as many processes, started now so that
        # they are ready when the graph is made
        shacl = stack.enter_context(parallel.pool(engine.workers, warm=graphfiles.ready_to_check)) if validation and engine.workers > 1 else None
        building = graphfiles.open_building(out)
        seen = views.ViewInput()  # what the views read, not the whole graph
        for part in itertools.chain([rdf.ontology()], rdf.parts_of(by_document)):  # each document's triples go to the store as made
            building.add(part)
            seen.add(part)
        del by_document
        _return_freed_memory()  # the corpus, gone document by document: room for compacting the store
        filled = graphfiles.finish(building)
        _return_freed_memory()  # what writing the store held
        stages["rdf"] = time.perf_counter() - clock
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-graph-files"))
        # pyoxigraph writes the Turtle and answers the facts table's queries without
        # holding the interpreter lock, so that runs beside the views and SHACL
        # validation (pure Python) instead of before them; with worker processes the
        # validation is handed to them from a second thread and runs beside the views too
        graph_files = pool.submit(graphfiles.write_turtle, filled)
        checking = pool.submit(graphfiles.validate, filled, processes=shacl) if shacl is not None else None
        clock = time.perf_counter()
        manifest.write(out / "manifest.json", entries, versions=versions())
        stages["write manifest"] = time.perf_counter() - clock
        clock = time.perf_counter()
        # graph.html always; the overview and up to ``pictures`` entity and article pictures with images
        projection = seen.project()
        del seen  # the views draw from the projection alone: the graph's share goes before they render
        pictured = views.write(projection, out, pictures=pictures if images_enabled else None)
        del projection
        _return_freed_memory()  # before validation, whose batches are the last peak
        stages["write views"] = time.perf_counter() - clock
        # the store's sorted answers for the facts table beside a SHACL batch in this process
        # were the last peak of a large build: with worker processes checking, the facts
        # table is written while they do; else after validation
        if checking is not None:
            stages.update(graphfiles.write_facts(filled))
        checked = None
        if validation:
            # a batch of whole subjects at a time, from the sorted lines and the store
            clock = time.perf_counter()
            checked = checking.result() if checking is not None else graphfiles.validate(filled)
            stages["validate"] = checked.seconds
            stages["wait for validation"] = time.perf_counter() - clock
        if checking is None:
            stages.update(graphfiles.write_facts(filled))
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
        counts, None, tuple(skipped), tuple(failed), tuple(outputs), time.perf_counter() - started, stages, checked, triples,
        warnings=warnings,
    )


def _return_freed_memory() -> None:
    """Collect what is held only in reference cycles, then hand the C heap's free pages back
    to the system (glibc's ``malloc_trim``; nothing elsewhere).  Each thread allocates from
    its own heap, so what one stage freed on the main thread is no use to the graph files'
    thread or pyoxigraph's until it is given back, and the freed share of a large corpus
    would stay resident beside them."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def versions() -> dict[str, str]:
    """What produced a build: kg, spaCy and the English pipeline."""
    import spacy

    from kg import __version__
    from kg.nlp import MODEL_DIST, model_version

    return {"kg": __version__, "spacy": spacy.__version__, MODEL_DIST: model_version()}
