"""The extraction cache: one file per document, so an unchanged rebuild does not parse.

A document's entry is its :class:`~kg.model.DocumentResult`, keyed by the
SHA-256 of the document (id, text and metadata) and of everything that shapes
extraction: the versions of kg, spaCy and the English pipeline, the Python
version (entries are pickles), and the bytes of the rules and code that read
facts (the sources, rules and models of kg's subpackages but the output and
evaluation code, the top-level modules extraction runs, and the ontology).  Changing any of them misses every entry, so a
stale result is never used.

Resolution, RDF and the outputs always run over the results of the documents
in the current input, so a document removed from the input takes away exactly
its own contribution; :meth:`Cache.keep_only` then deletes its entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kg.model import Document, DocumentResult

FOLDER = ".kg-cache"  # inside the output folder, unless a build names another
SUFFIX = ".pickle"
# What shapes extraction: kg's subpackages (facts, rules, models, reading, ...) but these,
# the top-level modules extraction runs, and the ontology.
UNRELATED = ("export", "evaluation", "__pycache__")
EXTRACTION_MODULES = ("model.py", "nlp.py", "pipeline.py", "iri.py", "overrides.py", "vocab.py", "time.py", "parallel.py")


def fingerprint() -> str:
    """SHA-256 of what extraction depends on besides the document itself."""
    import spacy

    from kg import __version__
    from kg.nlp import model_version

    digest = hashlib.sha256()
    for part in (__version__, spacy.__version__, model_version(), f"{sys.version_info[0]}.{sys.version_info[1]}"):
        digest.update(part.encode("utf-8") + b"\0")
    for package in ("kg", "kg._ontology"):
        for name, data in _files(resources.files(package), package):
            digest.update(name.encode("utf-8") + b"\0" + data)
    return digest.hexdigest()


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    top = prefix == "kg"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name not in UNRELATED:
            yield from _files(entry, f"{prefix}/{entry.name}")
        elif entry.is_file() and entry.name.endswith((".py", ".json", ".ttl", ".rq")):
            if not top or entry.name in EXTRACTION_MODULES:
                yield f"{prefix}/{entry.name}", entry.read_bytes()


def document_key(document: Document, version: str) -> str:
    """The entry key of a document under a pipeline ``version`` (a :func:`fingerprint`).

    Everything the document holds but where it was read from (``source``: a file moved,
    or a JSONL line that moved up, is the same document)."""
    fields = dataclasses.asdict(document)
    del fields["source"]
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{version}\0{body}".encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Cache:
    """Document results on disk under ``folder``, for pipeline ``version``."""

    folder: Path
    version: str

    def key(self, document: Document) -> str:
        return document_key(document, self.version)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> DocumentResult | None:
        """The stored result, or None when there is none (or it cannot be read)."""
        try:
            with self.path(key).open("rb") as handle:
                result = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # a torn or foreign entry is a miss, and is rewritten
            return None
        return result if isinstance(result, DocumentResult) else None

    def put(self, key: str, result: DocumentResult) -> None:
        """Store a result (a temporary file, then a rename: readers never see half an entry)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def keep_only(self, keys: Iterable[str]) -> int:
        """Delete every entry but ``keys`` (documents no longer in the input, results of
        an older pipeline version); returns how many were deleted."""
        wanted = set(keys)
        removed = 0
        if not self.folder.is_dir():
            return 0
        for entry in self.folder.glob(f"*/*{SUFFIX}"):
            if entry.name.removesuffix(SUFFIX) not in wanted:
                entry.unlink(missing_ok=True)
                removed += 1
        for entry in [*self.folder.glob("*/.*.tmp"), *self.folder.glob(".*.tmp")]:
            entry.unlink(missing_ok=True)
        return removed


def open_cache(folder: Path, *, salt: str = "") -> Cache:
    """The cache in ``folder`` for the pipeline as installed now; ``salt`` is any other
    input that changes what extraction returns (the user's overrides)."""
    version = fingerprint()
    if salt:
        version = hashlib.sha256(f"{version}\0{salt}".encode("utf-8")).hexdigest()
    return Cache(folder, version)


# --- the record of the last build: an unchanged rebuild rewrites nothing ----------------

RECORD = "build.pickle"


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What the last build into an output folder wrote, and from what."""

    key: str  # SHA-256 of the build's inputs: see :func:`build_key`
    outputs: tuple[tuple[str, str], ...]  # (path, SHA-256) of every output, as written
    triples: int
    validation: Any  # the ValidationReport of that build, or None


def build_key(cache: Cache, documents: Iterable[str], parts: Iterable[str]) -> str:
    """SHA-256 of everything the outputs depend on: the extraction version, kg's output
    code, each document's entry key in order, and ``parts`` (skipped and failed inputs,
    build options)."""
    digest = hashlib.sha256(cache.version.encode("utf-8") + b"\0")
    for name, data in _files(resources.files("kg.export"), "kg.export"):
        digest.update(name.encode("utf-8") + b"\0" + data)
    for item in (*documents, "\0", *parts):
        digest.update(item.encode("utf-8") + b"\0")
    return digest.hexdigest()


def digests(paths: Iterable[Path]) -> tuple[tuple[str, str], ...]:
    """(path, SHA-256) of every output file; a folder counts as its files, and a query
    store as its stamp (which names the Turtle file it holds)."""
    from kg.oxigraph import STAMP, sha256_file

    found: list[tuple[str, str]] = []
    for path in paths:
        if (path / STAMP).is_file():
            found.append((str(path / STAMP), sha256_file(path / STAMP)))
        elif path.is_dir():
            found += [(str(p), sha256_file(p)) for p in sorted(path.rglob("*")) if p.is_file()]
        else:
            found.append((str(path), sha256_file(path) if path.is_file() else "missing"))
    return tuple(found)


def intact(record: BuildRecord) -> bool:
    """Whether every output the record lists is still there, byte for byte."""
    from kg.oxigraph import sha256_file

    return all(Path(path).is_file() and sha256_file(Path(path)) == digest for path, digest in record.outputs)


def last_build(cache: Cache) -> BuildRecord | None:
    try:
        with (cache.folder / RECORD).open("rb") as handle:
            record = pickle.load(handle)
    except Exception:  # missing, torn or from another version: no record
        return None
    return record if isinstance(record, BuildRecord) else None


def remember(cache: Cache, record: BuildRecord) -> None:
    cache.folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=cache.folder)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache.folder / RECORD)


def forget(cache: Cache) -> None:
    (cache.folder / RECORD).unlink(missing_ok=True)
