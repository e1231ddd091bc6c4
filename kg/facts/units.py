"""Units of organisations: divisions, subsidiaries, and what an organisation owns.

Two sources:

* unnamed units described by a noun phrase — "Alibaba's cloud computing
  division", "the cloud computing division of Alibaba" — found while resolving
  entities (a unit is an entity, and "the department" must find it later);
* named organisations linked to a parent by the grammar:
  - apposition: "Lexus, a subsidiary of Toyota", "the Toyota subsidiary Lexus",
    "its internet business, AOL";
  - copula: "Lexus is a unit of Toyota";
  - ownership: "Saab, owned by General Motors", "Renault, which owns 44% of
    Nissan" is a stake, not ownership, so a quantity blocks it; "GM owns Saab".
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Token

from kg.facts.entities import DocEntities
from kg.facts.syntax import evidence, subject
from kg.model import EntityKind, UnitOf
from kg.patterns import lexicon, words

ORG_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)
OWNING = frozenset({"own", "control"})


@cache
def _unit_nouns() -> dict[str, str]:
    nouns = dict(lexicon("units", "relations"))
    nouns.update({w: "division" for w in words("units", "modified_heads")})
    return nouns


def extract(doc: Doc, ents: DocEntities) -> Iterator[UnitOf]:
    for unit, parent, relation, mentions in ents.units():
        for mention in mentions:
            yield UnitOf(unit=unit, parent=parent, relation=relation, evidence=mention.sentence)
    for token in doc:
        key = _org(ents, token)
        if key is None or token.dep_ == "compound":
            continue
        for parent, relation in _named_links(token, ents):
            if parent != key:
                yield UnitOf(unit=key, parent=parent, relation=relation, evidence=evidence(token.sent, ents.doc_id))


def _org(ents: DocEntities, token: Token | None) -> str | None:
    key = ents.key(token)
    return key if key is not None and ents.kind(key) in ORG_KINDS else None


def _named_links(name: Token, ents: DocEntities) -> Iterator[tuple[str, str]]:
    """(parent, relation) pairs that the grammar around a named organisation states."""
    nouns = _unit_nouns()
    # "Lexus, a subsidiary of Toyota"; "its internet business, AOL" (the name in apposition)
    described = [c for c in name.children if c.dep_ == "appos"]
    if name.dep_ == "appos":
        described.append(name.head)
    # "the Toyota subsidiary Lexus": the unit noun modifies the name
    described += [c for c in name.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    # "Lexus is a unit of Toyota"
    if name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ == "be":
        described += [c for c in name.head.children if c.dep_ == "attr"]
    for noun in described:
        relation = nouns.get(noun.lemma_.lower())
        if relation is None:
            continue
        parent = _parent_of(noun, ents)
        if parent is not None:
            yield parent, relation
    # "Saab, owned by General Motors" / "Saab is owned by GM"
    for verb in [c for c in name.children if c.dep_ == "acl"] + ([name.head] if name.dep_ == "nsubjpass" else []):
        if verb.lemma_.lower() in OWNING:
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                parent = next((k for o in agent.children if (k := _org(ents, o))), None)
                if parent is not None:
                    yield parent, "owned"
    # "GM owns Saab" (not "owns 44% of Nissan": a stake is not ownership)
    if name.dep_ == "dobj" and name.head.lemma_.lower() in OWNING and not any(t.like_num for t in name.subtree):
        parent = _org(ents, subject(name.head))
        if parent is not None:
            yield parent, "owned"


def _parent_of(noun: Token, ents: DocEntities) -> str | None:
    """The organisation a unit noun belongs to: "of Toyota", "Toyota's", "the Toyota subsidiary"."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and (key := _org(ents, child)):
            return key
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and (key := _org(ents, obj)):
                    return key
    return None
