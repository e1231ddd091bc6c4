"""``kg bench``: the scale figures of the README, measured in one run.

- throughput: a one-process build (no cache, no images, with validation) against bare
  ``nlp.pipe`` of the same pipeline, batch size and process count on the same texts;
- the speed-up of a two-worker build over a one-worker build;
- peak memory (the build process's maximum resident set) at a small and a large corpus;
- an unchanged rebuild's time over the full build's time (the cache);
- shipped-query latency, rdflib against pyoxigraph, on a graph of about a million triples.

A corpus larger than the input is the input replicated, each copy in another
(seeded) order and with its own document ids, so every document is new.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from kg import extraction, oxigraph, pipeline, store

Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str  # as the README states it
    met: bool | None  # None: no target


def replicated(source: Path, count: int, out: Path) -> Path:
    """``count`` documents from the JSONL ``source``: copies of it, each shuffled with
    its own seed, ids suffixed ``-r<copy>``."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines: list[str] = []
    copy = 0
    while len(lines) < count:
        order = list(records)
        random.Random(copy).shuffle(order)
        for record in order[: count - len(lines)]:
            lines.append(json.dumps({**record, "id": f"{record['id']}-r{copy}"}, ensure_ascii=False))
        copy += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _timed_build(source: Path, out: Path, nlp: Language, **options: object) -> tuple[float, pipeline.BuildReport]:
    clock = time.perf_counter()
    report = pipeline.build([source], out, nlp, images_enabled=False, **options)  # type: ignore[arg-type]
    return time.perf_counter() - clock, report


def _bare(texts: list[str], nlp: Language, processes: int) -> float:
    clock = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=extraction.BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - clock


def peak_memory(source: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak resident MiB) of ``kg build`` as its own process: one worker, no
    cache, no images, with validation."""
    command = [sys.executable, "-m", "kg.cli", "build", str(source), "--out", str(out), "--no-images", "--no-cache"]
    clock = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - clock
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"kg build {source} failed (exit {os.waitstatus_to_exitcode(status)})")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


PARTS = ("throughput", "workers", "rebuild", "memory", "queries")


def run(
    corpus: Path,
    work: Path,
    nlp: Language,
    *,
    small: int = 500,
    large: int = 5000,
    query_docs: int = 2600,
    parts: tuple[str, ...] = PARTS,
    say: Say,
) -> Iterator[Figure]:
    """Measure ``parts`` (default all); ``say`` reports progress and the detail behind each figure."""
    documents, _ = pipeline.read_inputs([corpus])
    texts = [d.content for d in documents]

    if "throughput" in parts or "workers" in parts:
        say(f"throughput: bare nlp.pipe over {len(texts)} documents, then a one-process build")
        bare1 = _bare(texts, nlp, 1)
        build1, report = _timed_build(corpus, work / "one", nlp, cache=False)
        say(f"  bare {bare1:.1f} s; build {build1:.1f} s; stages " + ", ".join(f"{k} {v:.1f}" for k, v in report.stage_seconds.items()))
        yield Figure("build throughput / bare spaCy (1 process)", bare1 / build1, "x", ">= 0.85", bare1 / build1 >= 0.85)
        extract1 = report.stage_seconds["parse+extract"]
        yield Figure("parse+extract stage throughput / bare spaCy (1 process)", bare1 / extract1, "x", "", None)
    if "workers" in parts:
        say("two workers")
        bare2 = _bare(texts, nlp, 2)
        build2, report2 = _timed_build(corpus, work / "two", nlp, cache=False, workers=2)
        same = all((work / "one" / n).read_bytes() == (work / "two" / n).read_bytes() for n in ("graph.ttl", "facts.jsonl", "manifest.json"))
        say(f"  bare (2 processes) {bare2:.1f} s; build {build2:.1f} s; stages " + ", ".join(f"{k} {v:.1f}" for k, v in report2.stage_seconds.items()))
        say(f"  outputs identical to one worker: {same}")
        yield Figure("2 workers / 1 worker (build speed-up)", build1 / build2, "x", ">= 1.6", build1 / build2 >= 1.6)
        yield Figure("parse+extract stage, 2 workers / 1 worker", extract1 / report2.stage_seconds["parse+extract"], "x", "", None)
        yield Figure("bare spaCy, 2 processes / 1", bare1 / bare2, "x", "", None)
        yield Figure("build throughput / bare spaCy (2 processes)", bare2 / build2, "x", "", None)
    if "rebuild" in parts:
        yield from _rebuild(corpus, work, nlp, say)
    if "memory" in parts:
        yield from _memory(corpus, work, small, large, say)
    if "queries" in parts:
        yield from _queries(corpus, work, nlp, query_docs, say)


def _rebuild(corpus: Path, work: Path, nlp: Language, say: Say) -> Iterator[Figure]:
    say("unchanged rebuild")
    full, _ = _timed_build(corpus, work / "cached", nlp)
    again, rebuilt = _timed_build(corpus, work / "cached", nlp)
    say(f"  full {full:.1f} s, unchanged rebuild {again:.2f} s (up to date: {rebuilt.up_to_date})")
    yield Figure("unchanged rebuild / full build", again / full, "", "<= 0.05", again / full <= 0.05)



def _memory(corpus: Path, work: Path, small: int, large: int, say: Say) -> Iterator[Figure]:
    say(f"peak memory: builds of {small} and {large} documents, each its own process")
    s_seconds, s_peak = peak_memory(replicated(corpus, small, work / "small.jsonl"), work / "small")
    say(f"  {small} documents: {s_seconds:.0f} s, {s_peak:.0f} MiB")
    l_seconds, l_peak = peak_memory(replicated(corpus, large, work / "large.jsonl"), work / "large")
    say(f"  {large} documents: {l_seconds:.0f} s, {l_peak:.0f} MiB")
    yield Figure(f"peak memory {large} / {small} documents", l_peak / s_peak, "x", "<= 1.2", l_peak / s_peak <= 1.2)



def _queries(corpus: Path, work: Path, nlp: Language, query_docs: int, say: Say) -> Iterator[Figure]:
    say(f"queries: a graph of {query_docs} documents")
    source = replicated(corpus, query_docs, work / "query.jsonl")
    _, big = _timed_build(source, work / "query", nlp, workers=2, validation=False)
    graph_file = work / "query" / "graph.ttl"
    clock = time.perf_counter()
    graph = store.load(graph_file)
    rdflib_load = time.perf_counter() - clock
    clock = time.perf_counter()
    matching = oxigraph.matching_store(graph_file)
    persistent = matching or oxigraph.load(graph_file)  # a small graph has no persistent store
    opened = time.perf_counter() - clock
    clock = time.perf_counter()
    in_memory = oxigraph.load(graph_file)
    loaded = time.perf_counter() - clock
    on_disk = {"store": matching is not None, "memory": False}
    say(
        f"  {big.triples} triples; rdflib parses the Turtle in {rdflib_load:.1f} s; pyoxigraph opens its store in {opened:.2f} s, "
        f"loads the Turtle into memory in {loaded:.1f} s"
    )
    least = {"store": float("inf"), "memory": float("inf")}
    for name, text in store.shipped_queries().items():
        clock = time.perf_counter()
        by_rdflib = store.select(graph, text)
        r_seconds = time.perf_counter() - clock
        seconds = {}
        for engine, found in (("store", persistent), ("memory", in_memory)):
            clock = time.perf_counter()
            answer = store.select_store(found, text, on_disk=on_disk[engine])  # as kg query runs it
            seconds[engine] = time.perf_counter() - clock
            least[engine] = min(least[engine], r_seconds / seconds[engine])
            assert len(answer.rows) == len(by_rdflib.rows), name
        say(
            f"  {name:10} rdflib {r_seconds:7.3f} s; pyoxigraph store {seconds['store']:6.3f} s ({r_seconds / seconds['store']:5.1f}x), "
            f"in memory {seconds['memory']:6.3f} s ({r_seconds / seconds['memory']:5.1f}x); {len(by_rdflib.rows)} rows"
        )
    for engine, ratio in least.items():
        yield Figure(f"shipped queries at {big.triples:,} triples, least speed-up pyoxigraph ({engine}) / rdflib", ratio, "x", ">= 20", ratio >= 20)
