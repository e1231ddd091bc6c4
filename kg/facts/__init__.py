"""Facts from a parsed document: one module per fact kind.

Each module offers ``extract(doc, ents) -> Iterator[Fact]`` over a spaCy Doc
and the document's resolved entities.  ``FACT_KINDS`` lists them; adding a
kind means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc

from kg.facts import financial, goals, relations, roles, statements, units
from kg.facts.entities import DocEntities, analyse
from kg.model import Document, DocumentResult, Fact
from kg.overrides import EMPTY, Overrides

Extractor = Callable[[Doc, DocEntities], Iterator[Fact]]

FACT_KINDS: tuple[tuple[str, Extractor], ...] = (
    ("unit", units.extract),
    ("role", roles.extract),
    ("financial", financial.extract),
    ("goal", goals.extract),
    ("statement", statements.extract),
    ("relation", relations.extract),
)


def extract(document: Document, doc: Doc, overrides: Overrides = EMPTY) -> DocumentResult:
    """Entities and facts of one parsed document."""
    ents = analyse(doc, document.id, overrides)
    facts: list[Fact] = []
    for _, extractor in FACT_KINDS:
        facts.extend(extractor(doc, ents))
    return DocumentResult(document=document, entities=ents.entities(), facts=tuple(facts), merges=tuple(ents.merges))
