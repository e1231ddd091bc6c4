"""Documents in: find input files, read them, separate content from furniture.

No NLP happens here.  Every :class:`~kg.model.Document` keeps its text (offsets
in the graph index into it) and a same-length ``content`` with furniture and
markup blanked out.  For .txt and .md files the text is the file's text as
decoded; for .html it is the article text extracted from the page; for .jsonl
it is the line's "text" field.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Document, Furniture
from kg.reading import furniture, html
from kg.reading.decode import DecodeError, decode
from kg.reading.language import is_english

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
# Metadata fields that give the publication date, in order of preference (compared without case).
DATE_FIELDS = ("date", "published", "datepublished", "published_at", "publishedat", "pubdate", "publication_date")
MAX_CHARS = 2_000_000  # longer articles are read; the NLP stage parses them in pieces


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


def read_all(path: Path, *, doc_id: str) -> Iterator[Document | Skipped]:
    """Every article in one file: one for .txt/.md/.html, one per line for .jsonl.

    Problems are yielded as :class:`Skipped` with the file (and line) named;
    a bad line in a JSONL file does not stop the lines after it.
    """
    if path.suffix.lower() != ".jsonl":
        try:
            yield read(path, doc_id=doc_id)
        except ReadError as err:
            yield Skipped(err.source, err.reason)
        return
    try:
        text = _text_of(path)
    except ReadError as err:
        yield Skipped(err.source, err.reason)
        return
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ReadError(source, "line is not a JSON object")
            article_id = str(record.get("id") or number)
            if article_id in seen:
                raise ReadError(source, f"duplicate article id {article_id!r}")
            seen.add(article_id)
            body = record.get("text")
            if not isinstance(body, str):
                raise ReadError(source, 'no "text" field with the article text')
            yield _checked(
                parse(body, source=source, doc_id=f"{doc_id}/{article_id}"),
                title=record.get("title"), date=_date_field(record), url=record.get("url"), publisher=record.get("source"),
            )
        except json.JSONDecodeError as err:
            yield Skipped(source, f"malformed JSON ({err.msg}, column {err.colno})")
        except ReadError as err:
            yield Skipped(err.source, err.reason)


def read(path: Path, *, doc_id: str | None = None) -> Document:
    """Read one .txt, .md or .html article.  Raises :class:`ReadError` with a clear reason."""
    source = str(path)
    text = _text_of(path)
    doc_id = doc_id or path.stem
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm") or (suffix != ".txt" and html.looks_like_html(text)):
        page = html.parse(text)
        if not page.text.strip():
            raise ReadError(source, "HTML page without article text")
        if page.language and not page.language.lower().startswith("en"):
            raise ReadError(source, f"not English (the page declares language {page.language!r})")
        document = parse(page.text, source=source, doc_id=doc_id)
        return _checked(document, title=page.title, date=page.date, url=page.url, publisher=page.source)
    return _checked(parse(text, source=source, doc_id=doc_id, markdown=suffix != ".txt"))


def _text_of(path: Path) -> str:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReadError(source, f"cannot read file ({err.strerror or err})") from err
    try:
        text, _ = decode(raw)
    except DecodeError as err:
        raise ReadError(source, str(err)) from err
    return text


def _date_field(fields: dict[str, object]) -> str | None:
    """The publication date among a record's fields ("date", "published", "datePublished", ...)."""
    folded = {str(k).lower(): v for k, v in fields.items()}
    found = next((folded[k] for k in DATE_FIELDS if isinstance(folded.get(k), str) and str(folded[k]).strip()), None)
    return str(found).strip() if found is not None else None


def _checked(document: Document, **metadata: object) -> Document:
    """The document with metadata filled in, if it is English prose kg can read."""
    if not is_english(document.content):
        raise ReadError(document.source, "not English (too few English function words)")
    fields = {k: v for k, v in metadata.items() if isinstance(v, str) and v and getattr(document, k, None) is None}
    return dataclasses.replace(document, **fields) if fields else document  # type: ignore[arg-type]


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
        date=_date_field(dict(meta)),
        translated_from=language,
        furniture=tuple(found),
    )
