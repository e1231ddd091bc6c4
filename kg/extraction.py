"""Parsing and fact extraction, the per-document stage of the build.

Chunks of one parser batch go through spaCy in this process, in worker
processes (:mod:`kg.parallel`) or on a Dask cluster (:mod:`kg.dask_executor`);
each document's result comes from the extraction cache (:mod:`kg.cache`) when
it holds one and is stored there as soon as it is done.  Results come back in
input order, so what follows is the same whichever way they were computed.
In this process the parse runs a batch or two ahead of the rules, on a helper
thread (:func:`_parsed_ahead`).
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg import facts, parallel
from kg.cache import Cache
from kg.facts.relations.scorer import model as relation_model
from kg.facts.syntax import OFFSET_KEY
from kg.model import Document, DocumentResult
from kg.nlp import MODEL
from kg.overrides import EMPTY, Overrides

BATCH_SIZE = 16
ModelSource = Language | Callable[[], Language]  # the pipeline, or a loader called only if something needs parsing


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
    return _facts_of(_parses(documents, nlp, batch_size), overrides)


Parse = tuple[Document, int, Doc, bool]  # a document, a piece's offset in it, the piece parsed, whether it is the last piece


_PARSING = threading.Lock()  # one parse step at a time: a pipeline is not safe to run from two threads at once


def _parses(documents: Iterable[Document], nlp: Language, batch_size: int) -> Iterator[Parse]:
    """Each piece of the documents parsed.  A parse step holds :data:`_PARSING`: a document
    whose cache entry cannot be read is parsed in the reading thread while the helper of
    :func:`_parsed_ahead` may be parsing the others with the same pipeline."""
    work = [(document, offset, text) for document in documents for offset, text in pieces(document.content)]
    parsed = nlp.pipe((text for _, _, text in work), batch_size=batch_size)
    for n, (document, offset, _) in enumerate(work):
        with _PARSING:
            doc = next(parsed)
        yield document, offset, doc, n + 1 == len(work) or work[n + 1][0] is not document


def _facts_of(parses: Iterable[Parse], overrides: Overrides) -> Iterator[DocumentResult | Failed]:
    current: list[DocumentResult] = []
    failure: Failed | None = None
    for document, offset, doc, last_piece in parses:
        doc.user_data[OFFSET_KEY] = offset
        try:
            if failure is None:
                current.append(facts.extract(document, doc, overrides))
        except Exception as err:  # a bug on one article must not lose the corpus
            failure = Failed(document.source, document.id, f"{type(err).__name__}: {err}")
        if last_piece:
            yield failure or _joined(current)
            current, failure = [], None


AHEAD = 2  # parser batches parsed ahead of the fact extraction, in this process


def _parsed_ahead(documents: list[Document], nlp: Language, batch_size: int) -> Iterator[Parse]:
    """The chunks' parses, made on a helper thread while this one reads facts from the ones
    before.  spaCy lets go of the interpreter for much of its parse (the network's matrix
    products, the parser's transitions), and the rules run in those gaps: the facts cost
    about half their time beside the parse instead of all of it after.  At most
    ``AHEAD`` batches wait, so memory stays bounded; an error in the parse is raised here."""
    waiting: queue.Queue[Parse | BaseException | None] = queue.Queue(maxsize=AHEAD * batch_size)
    stop = threading.Event()

    def put(item: Parse | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        try:
            for chunk in parallel.chunks(documents, batch_size):
                for item in _parses(chunk, nlp, batch_size):
                    if not put(item):
                        return
        except BaseException as err:  # handed to the reading thread
            put(err)
            return
        put(None)

    helper = threading.Thread(target=parse, name="kg-parse", daemon=True)
    helper.start()
    try:
        while (item := waiting.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # a reader that stops early lets the helper go
        helper.join()


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
            result = next(extract([document], _language(nlp), batch_size=engine.batch_size, overrides=overrides))
            known[n] = False
        if result is None:
            result = next(fresh)
        if cache is not None and not known[n] and isinstance(result, DocumentResult):
            cache.put(keys[n], result)
        yield result


def release_models() -> None:
    """Let go of what parsing in this process read and the rest of a build does not need:
    the relation model's weights (some 35 MiB as Python objects; the next parse reads them
    again)."""
    relation_model.cache_clear()


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
    from kg import dask_executor

    if engine.dask is not None:
        yield from dask_executor.extract(
            documents, address=engine.dask, batch_size=engine.batch_size, model=engine.model, overrides=overrides
        )
    elif engine.workers > 1:
        yield from parallel.extract(documents, workers=engine.workers, batch_size=engine.batch_size, model=engine.model, overrides=overrides)
    else:
        yield from _facts_of(_parsed_ahead(documents, _language(nlp), engine.batch_size), overrides)


def _language(nlp: ModelSource) -> Language:
    return nlp if isinstance(nlp, Language) else nlp()


def _joined(parts: list[DocumentResult]) -> DocumentResult:
    if len(parts) == 1:
        return parts[0]
    return DocumentResult(
        document=parts[0].document,
        entities=tuple(e for p in parts for e in p.entities),
        facts=tuple(f for p in parts for f in p.facts),
        merges=tuple(m for p in parts for m in p.merges),
    )
