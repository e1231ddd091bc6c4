"""Units of organisations: "Alibaba's cloud computing division" -> org:unitOf Alibaba.

The noun phrases themselves are found while resolving entities (a unit is an
entity, and later mentions such as "the department" must find it); this
module turns each description that names its parent into a fact.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.facts.entities import DocEntities
from kg.model import UnitOf


def extract(doc: Doc, ents: DocEntities) -> Iterator[UnitOf]:
    for unit, parent, relation, mentions in ents.units():
        for mention in mentions:
            yield UnitOf(unit=unit, parent=parent, relation=relation, evidence=mention.sentence)
