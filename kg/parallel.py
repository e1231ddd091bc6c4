"""Extraction in worker processes: the model loaded once per worker, results in input order.

Documents travel to the workers in chunks of one parse batch; each worker
parses and extracts its chunk exactly as a one-process build would (the same
chunks, so the same parser batches) and sends back plain, picklable
:class:`~kg.model.DocumentResult` records.  The parent yields them in input
order, so the output does not depend on the number of workers.  At most two
chunks per worker are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from kg.model import Document, DocumentResult
from kg.overrides import EMPTY, Overrides

IN_FLIGHT = 2  # chunks queued per worker
POLL_SECONDS = 1.0


class WorkerError(RuntimeError):
    """A worker process could not start (the model did not load) or died."""


@dataclass(frozen=True, slots=True)
class _Broken:
    error: str


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive chunks of ``size`` documents: the unit of work and of parser batching."""
    stream = iter(documents)
    while chunk := list(islice(stream, size)):
        yield chunk


def extract_chunk(chunk: list[Document], nlp: Any, batch_size: int, overrides: Overrides) -> list[Any]:
    """One chunk through the pipeline's extract stage (worker side)."""
    from kg.extraction import extract

    return list(extract(chunk, nlp, batch_size=batch_size, overrides=overrides))


def _serve(model: str, batch_size: int, overrides: Overrides, tasks: Any, done: Any) -> None:  # runs in a worker process
    try:
        from kg import nlp as kg_nlp

        nlp = kg_nlp.load(model)
    except Exception as err:
        done.put((-1, _Broken(f"{type(err).__name__}: {err}")))
        return
    while (task := tasks.get()) is not None:
        seq, chunk = task
        done.put((seq, extract_chunk(chunk, nlp, batch_size, overrides)))


def extract(
    documents: Iterable[Document], *, workers: int, batch_size: int, model: str, overrides: Overrides = EMPTY
) -> Iterator[Any]:
    """``DocumentResult | Failed`` per document, in input order, from ``workers`` processes."""
    context = multiprocessing.get_context("spawn")  # no fork: the parent may hold threads (progress bar)
    tasks: Any = context.Queue()
    done: Any = context.Queue()
    processes = [context.Process(target=_serve, args=(model, batch_size, overrides, tasks, done), daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    try:
        work = enumerate(chunks(documents, batch_size))
        sent = 0
        for task in islice(work, workers * IN_FLIGHT):
            tasks.put(task)
            sent += 1
        finished: dict[int, list[DocumentResult]] = {}
        seq = 0
        while seq < sent:
            while seq not in finished:
                finished.update([_receive(done, processes)])
            yield from finished.pop(seq)
            seq += 1
            for task in islice(work, 1):  # one chunk out, one chunk in
                tasks.put(task)
                sent += 1
    finally:
        for _ in processes:
            tasks.put(None)
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)


def _receive(done: Any, processes: list[Any]) -> tuple[int, list[Any]]:
    while True:
        try:
            seq, payload = done.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not all(p.is_alive() for p in processes):
                raise WorkerError("a worker process died (out of memory?)") from None
            continue
        if isinstance(payload, _Broken):
            raise WorkerError(f"a worker could not load the English pipeline: {payload.error}")
        return seq, payload


In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(frozen=True, slots=True)
class Pool:
    """Worker processes for the work after resolution (SHACL batches): see :func:`pool`."""

    executor: ProcessPoolExecutor
    size: int

    def ordered(self, work: Callable[[In], Out], items: Iterable[In]) -> Iterator[Out]:
        """``work`` of each item, in the items' order, with at most two items per
        process in flight (so the items are read as they are needed)."""
        pending: deque[Future[Out]] = deque()
        for item in items:
            pending.append(self.executor.submit(work, item))
            if len(pending) >= self.size * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def pool(size: int, *, warm: Callable[[], object] | None = None) -> Iterator[Pool]:
    """``size`` spawned processes, each started at once and running ``warm`` (the imports
    its work needs), so they are ready by the time the work comes."""
    executor = ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"))
    try:
        if warm is not None:
            for _ in range(size):  # a process is spawned for each task that finds none idle
                executor.submit(warm)
        yield Pool(executor, size)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
