"""The only place strings become IRIs.

Every IRI is deterministic (same input, same IRI) and valid by construction:
path segments are lower-case ASCII letters, digits and hyphens.  A readable
slug is used when it identifies its source string unambiguously; otherwise a
short hash of the full string is appended, so distinct strings never collide.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.vocab import KGM

BASE = "https://w3id.org/kgnews/id/"
MAX_SLUG = 60
_SAFE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _hash(text: str, size: int = 10) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def _readable(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")[:MAX_SLUG].strip("-")


@lru_cache(maxsize=1 << 16)  # a document id is slugged for every mention and sentence of it
def slug(text: str) -> str:
    """A path segment for ``text``: readable, and unique to it."""
    readable = _readable(text)
    if _SAFE.fullmatch(text) and len(text) <= MAX_SLUG:
        return readable
    return f"{readable}-{_hash(text)}" if readable else _hash(text)


def _mint(*segments: str) -> URIRef:
    return URIRef(BASE + "/".join(segments))


def entity(kind: str, name_key: str) -> URIRef:
    """An entity: ``kind`` is its EntityKind value, ``name_key`` the normal form of
    its name that identifies it within the kind ("jack ma" -> .../person/jack-ma)."""
    return _mint(kind, slug(name_key))


def document(doc_id: str) -> URIRef:
    return _mint("doc", slug(doc_id))


def evidence(doc_id: str, start: int, end: int) -> URIRef:
    return _mint("doc", slug(doc_id), f"{start}-{end}")


def mention(doc_id: str, start: int, end: int) -> URIRef:
    return _mint("doc", slug(doc_id), "mention", f"{start}-{end}")


def fact(kind: str, content: str) -> URIRef:
    """A fact, identified by a canonical rendering of its content (not its evidence),
    so that one proposition stated twice is one node with two pieces of evidence."""
    return _mint(kind, _hash(content, 16))


def role(title: str) -> URIRef:
    return _mint("role", slug(title))


def metric(concept: str) -> URIRef:
    """A concept of the metric scheme; concept ids are a closed list (metrics.json),
    checked against the ontology by the tests, so the readable form is unique."""
    return KGM[_readable(concept)]


def instant(day: str) -> URIRef:
    """A day as an OWL-Time instant (``day`` an ISO date, "2019-07-01")."""
    if not _ISO_DAY.fullmatch(day):
        raise ValueError(f"not an ISO date: {day!r}")
    return _mint("instant", day)


def interval(begin: str, end: str) -> URIRef:
    """The span of whole days from ``begin`` to ``end`` (ISO dates) as an OWL-Time interval:
    one node per span, shared by every figure and deadline that falls in it."""
    if not (_ISO_DAY.fullmatch(begin) and _ISO_DAY.fullmatch(end)):
        raise ValueError(f"not ISO dates: {begin!r}, {end!r}")
    return _mint("interval", begin, end)


def warning(kind: str, content: str) -> URIRef:
    """A consistency warning, identified by its kind and what it links."""
    return _mint("warning", slug(kind), _hash(content, 16))
