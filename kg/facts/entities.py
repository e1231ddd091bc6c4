"""The entities of one document: who and what it talks about, and every mention.

Three passes over the parse, each a standard technique kept deliberately small:

1. **Typing by vote** (one sense per discourse).  Every occurrence of a name
   votes for a type: the statistical label counts once, a syntactic context
   that only an organisation fits ("X's division", "chairman of X", a legal
   suffix) counts three times, a known country name five times.  The winner
   types every occurrence, so one misread sentence cannot split an entity.
2. **Name clustering.**  Names of one type that denote the same thing are
   merged: legal-suffix variants, surnames of a full name, acronyms, spacing
   variants ("TimeWarner"), and a short name whose only longer form adds a
   generic word of industry ("Hyundai" / "Hyundai Motor"; never "GM Europe").
3. **Left-to-right reference resolution.**  Pronouns, definite descriptions
   ("the company", "the department", "the chairman") and unnamed units
   ("Alibaba's cloud computing division") are resolved against the entities
   mentioned so far, preferring the subject of the current or the previous
   sentence (a salience ordering in the spirit of Hobbs and Lappin & Leass).

Every merge and every resolution is recorded with the rule that made it.

The passes live in :mod:`kg.facts.naming` (1) and :mod:`kg.facts.coref` (3);
name clustering (2) and :func:`analyse`, which runs all three, are here.  The
record they build, :class:`DocEntities`, is in :mod:`kg.facts.clusters` and is
importable from here, as are :func:`normal_form`, ``UNNAMED`` and ``QUOTES``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.facts.clusters import (
    QUOTES,
    UNNAMED,
    DocEntities,
    _Cluster,
    _lexicons,
    normal_form,
)
from kg.facts.coref import _resolve
from kg.facts.naming import _Name, _named_spans, _propagate, _vote
from kg.model import EntityKind, Merge
from kg.overrides import EMPTY, Overrides

__all__ = ["QUOTES", "UNNAMED", "DocEntities", "analyse", "normal_form"]


def analyse(doc: Doc, doc_id: str, overrides: Overrides = EMPTY) -> DocEntities:
    """Find, type, cluster and resolve the entities of ``doc``; names the user keeps
    apart (``overrides``) are never merged."""
    lex = _lexicons()
    spans = _named_spans(doc, lex)
    kinds = _vote(spans, lex)
    spans = _propagate(doc, spans, kinds)
    ents = DocEntities(doc, doc_id)
    clusters = _cluster_names(ents, spans, kinds, overrides)
    _resolve(ents, spans, clusters, lex)
    return ents


# --- pass 2: clustering names --------------------------------------------------


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _org_variant(form: str, by_form: dict[tuple[EntityKind, str], _Cluster], generic: frozenset[str]) -> tuple[_Cluster | None, str]:
    """An organisation already named under a variant of ``form``.

    "TimeWarner" is "Time Warner" written without its space; "Hyundai" is the
    short form of "Hyundai Motor" when the longer name adds only a generic
    word of industry ("Motor", "Bank", "Airlines") and no other organisation
    of the document begins with the short form.  A name with a word that is
    not generic ("GM Europe") is another entity and is never merged here."""
    orgs = {f: c for (k, f), c in by_form.items() if k is EntityKind.ORGANIZATION}
    squeezed = form.replace(" ", "").replace("-", "")
    spelled = {c.key: c for f, c in orgs.items() if f.replace(" ", "").replace("-", "") == squeezed}
    if len(spelled) == 1:
        return next(iter(spelled.values())), "spelling"
    extended = {c.key: c for f, c in orgs.items() if f.startswith(form + " ")}
    if len(extended) != 1:
        return None, "same-name"
    longer = [f for f, c in orgs.items() if f.startswith(form + " ")]
    if all(w in generic for f in longer for w in f[len(form) + 1 :].split()):
        return next(iter(extended.values())), "generic-extension"
    return None, "same-name"


def _cluster_names(ents: DocEntities, names: list[_Name], kinds: dict[str, EntityKind], overrides: Overrides) -> dict[str, str]:
    """Map each name text to a cluster key, merging variants of one name."""
    by_form: dict[tuple[EntityKind, str], _Cluster] = {}
    lex_generic = _lexicons().generic_org_words
    text_key: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    first_span: dict[str, Span] = {}
    for n in names:
        first_seen.setdefault(n.text, n.span.start)
        first_span.setdefault(n.text, n.span)
    # Longer names first, so short forms ("Ma", "IBM") find the full name.
    for text in sorted(first_seen, key=lambda t: (-len(t.split()), first_seen[t])):
        kind = kinds.get(text)
        if kind is None:
            continue
        form = normal_form(text, kind)
        cluster = by_form.get((kind, form))
        rule = "same-name"
        if cluster is None and kind is EntityKind.PERSON and len(form.split()) == 1:
            full = [c for (k, f), c in by_form.items() if k is kind and len(f.split()) > 1 and f.split()[-1] == form]
            cluster, rule = (full[0], "surname") if len({c.key for c in full}) == 1 else (None, rule)
        if cluster is None and kind is EntityKind.ORGANIZATION:
            cluster, rule = _org_variant(form, by_form, lex_generic)
        if cluster is None and kind is EntityKind.ORGANIZATION and text.isupper() and len(text) > 1:
            full = [c for (k, f), c in by_form.items() if k is kind and any(_acronym(n) == text for n in c.names)]
            cluster, rule = (full[0], "acronym") if len({c.key for c in full}) == 1 else (None, rule)
        if cluster is not None and overrides.forbids(text, cluster.names):
            cluster, form = None, f"{form}\x00{text}"  # kept apart by the user
        if cluster is None:
            cluster = ents._new(kind)
        elif text not in cluster.names:
            proof = ents.evidence(ents.sentence(first_span[text].start))
            ents.merges.append(Merge(into=cluster.key, merged=text, rule=rule, doc=ents.doc_id, evidence=proof))
        if text not in cluster.names:
            cluster.names.append(text)
        by_form[(kind, form)] = cluster
        text_key[text] = cluster.key
    return text_key
