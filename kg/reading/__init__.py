"""Documents in: find input files, read them, separate content from furniture.

No NLP happens here.  Every :class:`~kg.model.Document` keeps the text exactly
as read (offsets in the graph index into it) and a same-length ``content``
with furniture and markup blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Document, Furniture
from kg.reading import furniture

SUFFIXES = (".txt", ".md", ".markdown")


class ReadError(Exception):
    """A file that cannot be read as an article; the message names the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not built, and why."""

    source: str
    reason: str


def discover(inputs: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Input files in a stable order: directories are searched recursively.

    A path that does not exist, or a file of an unsupported type named
    explicitly, is reported as :class:`Skipped`; unsupported files found
    inside a directory are ignored silently (a folder may hold other files).
    """
    for path in inputs:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            yield from (f for f in files if not any(part.startswith(".") for part in f.relative_to(path).parts))
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield Skipped(str(path), f"unsupported file type {path.suffix or '(none)'!r}; expected one of {', '.join(SUFFIXES)}")
        else:
            yield Skipped(str(path), "no such file or directory")


def read(path: Path, *, doc_id: str | None = None) -> Document:
    """Read one article file.  Raises :class:`ReadError` with a clear reason."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReadError(source, f"cannot read file ({err.strerror or err})") from err
    if b"\x00" in raw[:4096]:
        raise ReadError(source, "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(source, f"not valid UTF-8 (byte {err.start}: {raw[err.start:err.start + 1]!r})") from err
    return parse(text, source=source, doc_id=doc_id or path.stem, markdown=path.suffix.lower() != ".txt")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$", re.MULTILINE)
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


def parse(text: str, *, source: str, doc_id: str, markdown: bool = False) -> Document:
    """Split ``text`` into content, furniture and metadata."""
    if not text.strip():
        raise ReadError(source, "empty document (no text)")
    found: list[Furniture] = []
    meta: dict[str, str] = {}
    if markdown:
        front = _FRONT_MATTER.match(text)
        if front:
            meta = {m["key"].lower(): m["value"].strip("\"'") for m in _FIELD.finditer(front["body"])}
            found.append(Furniture("front-matter", 0, front.end(), front.group()))
        found.extend(Furniture("markup", m.start(), m.end(), m.group()) for m in _HEADING_MARK.finditer(text))
    found.extend(f for f in furniture.find(text) if not any(f.start >= g.start and f.end <= g.end for g in found))
    found.sort(key=lambda f: (f.start, f.end))
    content = furniture.blank(text, [(f.start, f.end) for f in found])
    if not content.strip():
        raise ReadError(source, "no article text (only page furniture)")
    publisher, language = furniture.notice_metadata(tuple(found))
    return Document(
        id=doc_id,
        source=source,
        text=text,
        content=content,
        title=meta.get("title"),
        publisher=meta.get("source") or meta.get("publisher") or publisher,
        date=meta.get("date"),
        translated_from=language,
        furniture=tuple(found),
    )
