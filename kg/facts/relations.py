"""Relations between people, organisations, places and dates (KnowledgeNet's 15 properties).

Placeholder: yields nothing until the relation extractor lands.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.facts.entities import DocEntities
from kg.model import Relation


def extract(doc: Doc, ents: DocEntities) -> Iterator[Relation]:
    return iter(())
