"""Entity resolution across documents, with a log of every merge.

Within a document, :mod:`kg.facts.entities` has already tied pronouns,
descriptions, surnames and acronyms to their entities.  Here, entities of
different documents are merged when they have the same type and the same
normal form of name (case, articles, possessives and legal suffixes aside:
"Alibaba" and "Alibaba Group" are one organisation).  Entities of different
types are never merged.  A relation whose entities have kinds it does not
admit is dropped here, once every entity's kind is settled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kg.facts.entities import normal_form
from kg.facts.relations import kinds as relation_kinds
from kg.model import Corpus, DocumentResult, Entity, EntityKind, Fact, Merge, Relation
from kg.overrides import EMPTY, Overrides


def corpus_key(entity: Entity) -> str:
    """The corpus-wide key of a document-local entity: "<kind>:<normal form of name>"."""
    return f"{entity.kind.value}:{normal_form(entity.name, entity.kind)}"


def resolve(results: Iterable[DocumentResult], overrides: Overrides = EMPTY) -> Corpus:
    """Merge the documents' entities and rewrite their facts to corpus-wide keys.

    The user's overrides are applied here too: names forced together are merged,
    names kept apart are not, and renamed entities take their new label.
    """
    results = sorted(results, key=lambda r: r.document.id)
    merged: dict[str, list[Entity]] = {}
    local_to_global: dict[str, str] = {}
    merges: list[Merge] = []
    forced: dict[tuple[EntityKind, int], str] = {}  # (kind, override group) -> the key it merges into
    for result in results:
        for entity in result.entities:
            key = corpus_key(entity)
            group = merged.get(key, [])
            if group and any(overrides.forbids(entity.name, (e.name, *e.alt_names)) for e in group):
                key = f"{key}@{result.document.id}"  # kept apart by the user
                group = merged.get(key, [])
            rule = "same-normal-form"
            forced_group = overrides.merge_group((entity.name, *entity.alt_names))
            if forced_group is not None:
                key = forced.setdefault((entity.kind, forced_group), key)
                group, rule = merged.get(key, []), "override"
            local_to_global[entity.key] = key
            if group and entity.name not in {e.name for e in group}:
                proof = entity.mentions[0].sentence if entity.mentions else None
                merges.append(Merge(into=key, merged=entity.name, rule=rule, doc=result.document.id, evidence=proof))
            merged.setdefault(key, []).append(entity)
        merges.extend(dataclasses.replace(m, into=local_to_global[m.into]) for m in result.merges)
    entities = tuple(_renamed(_combine(key, group), overrides) for key, group in sorted(merged.items()))
    kinds = {entity.key: entity.kind for entity in entities}
    rewritten = (_rewrite(f, local_to_global) for r in results for f in r.facts)
    facts = tuple(f for f in rewritten if _kinds_fit(f, kinds))
    return Corpus(
        documents=tuple(r.document for r in results),
        entities=entities,
        facts=facts,
        merges=tuple(merges),
    )


def _renamed(entity: Entity, overrides: Overrides) -> Entity:
    new = overrides.rename(entity.name)
    if new is None:
        return entity
    alts = tuple(sorted(set(entity.alt_names) | {entity.name} - {new}))
    return dataclasses.replace(entity, name=new, alt_names=alts)


def _combine(key: str, group: list[Entity]) -> Entity:
    kind: EntityKind = group[0].kind
    names = [e.name for e in group]
    # The most complete name any document gives, then the most frequent, then alphabetical.
    name = max(sorted(set(names)), key=lambda n: (len(n.split()), names.count(n)))
    alts = sorted({n for e in group for n in (e.name, *e.alt_names)} - {name})
    mentions = tuple(sorted((m for e in group for m in e.mentions), key=lambda m: (m.doc, m.start, m.end)))
    return Entity(key=key, kind=kind, name=name, alt_names=tuple(alts), mentions=mentions, anonymous=all(e.anonymous for e in group))


def _kinds_fit(fact: Fact, kinds: dict[str, EntityKind]) -> bool:
    """Whether a fact's entities have kinds it admits: a relation between entities the
    article typed against it (an organisation's birth place, a person's headquarters)
    is left out of the graph (:mod:`kg.facts.relations.kinds`)."""
    if not isinstance(fact, Relation):
        return True
    return relation_kinds.admits(fact.relation, kinds[fact.subject].value, kinds[fact.object].value if fact.object else None)


def _rewrite(fact: Fact, mapping: dict[str, str]) -> Fact:
    changes = {f: mapping[v] for f in fact.ENTITY_FIELDS if (v := getattr(fact, f)) is not None}
    return dataclasses.replace(fact, **changes)  # type: ignore[arg-type]
