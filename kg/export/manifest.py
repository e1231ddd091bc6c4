"""manifest.json: every input of a build accounted for.

Each input is ``built`` (with its document id and the SHA-256 of its text),
``skipped`` (with the reason: unreadable, empty, binary, not English, bad JSONL
line, ...) or ``failed`` (read, but extraction raised an error).  No time
stamps: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.export import atomic_write
from kg.model import Document


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(source: str) -> str | None:
    path = Path(source)
    try:
        return _sha256(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None


def records(
    built: Iterable[Document],
    skipped: Iterable[tuple[str, str]],
    failed: Iterable[tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """Manifest entries, sorted by source.  ``skipped`` holds (source, reason),
    ``failed`` holds (source, doc id, error)."""
    entries: list[dict[str, Any]] = [
        {"source": d.source, "status": "built", "doc": d.id, "sha256": _sha256(d.text.encode("utf-8"))} for d in built
    ]
    entries += [{"source": s, "status": "skipped", "reason": r, "sha256": _file_hash(s)} for s, r in skipped]
    entries += [{"source": s, "status": "failed", "doc": d, "error": e} for s, d, e in failed]
    return sorted(entries, key=lambda e: (e["source"], e["status"]))


def serialize(entries: list[dict[str, Any]], *, versions: dict[str, str]) -> bytes:
    counts = {status: sum(1 for e in entries if e["status"] == status) for status in ("built", "skipped", "failed")}
    body = {"versions": versions, "counts": counts, "inputs": entries}
    return (json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write(path: Path, entries: list[dict[str, Any]], *, versions: dict[str, str]) -> None:
    atomic_write(path, serialize(entries, versions=versions))
