"""Time (and optionally profile) fact extraction alone, without the spaCy parse.

The articles are parsed once and kept as a DocBin plus the token vectors
(``doc.tensor``, which a DocBin does not keep); later runs load them and time
only :func:`kg.facts.extract` over the same Docs, so a change to extraction
can be measured on identical input::

    PYTHONPATH=$PWD python scripts/profile_extraction.py CORPUS.jsonl --limit 150 \
        --cache /tmp/parsed150 [--repeat 2] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from kg import facts
from kg import nlp as kg_nlp
from kg.facts.entities import analyse
from kg.facts.syntax import OFFSET_KEY
from kg.model import Document, DocumentResult
from kg.reading import read_all


def documents(corpus: Path, limit: int) -> list[Document]:
    """The first ``limit`` articles of a JSONL corpus."""
    out = [d for d in read_all(corpus, doc_id=corpus.stem) if isinstance(d, Document)]
    return out[:limit]


def parsed(docs: list[Document], nlp: Language, cache: Path) -> list[Doc]:
    """The parsed documents, loaded from ``cache`` when it holds them."""
    bin_path, vectors = cache.with_suffix(".spacy"), cache.with_suffix(".tensor.npz")
    if bin_path.exists() and vectors.exists():
        out = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
        stored = np.load(vectors)
        tensor, lengths = stored["tensor"], stored["lengths"]  # each read of an .npz member reads it whole again
        ends = np.cumsum(lengths)
        for doc, end, length in zip(out, ends, lengths):
            doc.tensor = tensor[end - length : end]
        return out
    out = list(nlp.pipe((d.content for d in docs), batch_size=16))
    db = DocBin(store_user_data=False)
    for doc in out:
        db.add(doc)
    db.to_disk(bin_path)
    lengths = np.array([len(doc) for doc in out], dtype=np.int64)
    np.savez(vectors, tensor=np.concatenate([doc.tensor for doc in out]), lengths=lengths)
    return out


def run(docs: list[Document], parsed_docs: list[Doc], results: list[DocumentResult] | None = None) -> float:
    """CPU seconds to extract the facts of every document once (kept in ``results`` if given);
    CPU time, not wall time, as the machine may be shared."""
    start = time.process_time()
    for document, doc in zip(docs, parsed_docs):
        doc.user_data[OFFSET_KEY] = 0
        result = facts.extract(document, doc)
        if results is not None:
            results.append(result)
    return time.process_time() - start


def by_stage(docs: list[Document], parsed_docs: list[Doc]) -> dict[str, float]:
    """CPU seconds of each stage of :func:`kg.facts.extract` (entities, then each fact kind)."""
    spent = dict.fromkeys(["entities", *(name for name, _ in facts.FACT_KINDS)], 0.0)
    for document, doc in zip(docs, parsed_docs):
        doc.user_data[OFFSET_KEY] = 0
        start = time.process_time()
        ents = analyse(doc, document.id)
        spent["entities"] += time.process_time() - start
        for name, extractor in facts.FACT_KINDS:
            start = time.process_time()
            list(extractor(doc, ents))
            spent[name] += time.process_time() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--cache", type=Path, required=True, help="path stem for the parsed Docs")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", type=Path, help="write cProfile stats here (one extra run)")
    parser.add_argument("--stages", action="store_true", help="also print the CPU seconds of each stage (one extra run)")
    parser.add_argument("--dump", type=Path, help="write the results' repr here, one line per document (to compare two versions)")
    args = parser.parse_args()
    nlp = kg_nlp.load()
    docs = documents(args.corpus, args.limit)
    parsed_docs = parsed(docs, nlp, args.cache)
    results: list[DocumentResult] = []
    times = [run(docs, parsed_docs, results if n == 0 else None) for n in range(args.repeat)]
    if args.dump:
        args.dump.write_text("".join(f"{r!r}\n" for r in results), encoding="utf-8")
    print(f"{len(docs)} documents, extraction CPU seconds: " + ", ".join(f"{t:.2f}" for t in times) + f" (min {min(times):.2f})")
    if args.stages:
        print(", ".join(f"{name} {seconds:.2f}" for name, seconds in by_stage(docs, parsed_docs).items()))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(docs, parsed_docs)
        profiler.disable()
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
