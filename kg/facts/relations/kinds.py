"""The entity kinds each relation's arguments may have in the graph
(``patterns/relation_kinds.json``).

The classifier admits loose argument classes, so that it still reads a relation
whose argument the recogniser mistyped (KnowledgeNet's passages are full of
them: a university read as a place, a surname as an organisation).  The graph
is typed, though: an organisation with a birth place or a person as a
headquarters contradicts the ontology.  Once the article's entity typing has
settled, a relation whose arguments have kinds the relation does not admit is
left out of the graph and the facts table.
"""

from __future__ import annotations

from functools import cache

from kg.patterns import load


@cache
def _admitted() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    data = load("relation_kinds")
    return {relation: (frozenset(kinds[0]), frozenset(kinds[1])) for relation, kinds in data.items() if not relation.startswith("_")}


def relations() -> frozenset[str]:
    """The relations the table speaks of."""
    return frozenset(_admitted())


def admits(relation: str, subject: str | None, object_: str | None) -> bool:
    """Whether a relation may hold between entities of these kinds (``None``: a literal
    object, a date or a nationality, which is not checked)."""
    subjects, objects = _admitted()[relation]
    return (subject is None or subject in subjects) and (object_ is None or not objects or object_ in objects)
