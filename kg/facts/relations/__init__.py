"""Relations between people, organisations, places and dates (KnowledgeNet's 15 properties).

Every pair of arguments named in one sentence is a candidate
(:mod:`.arguments`, :mod:`.candidates`): an entity mention (a name, a resolved
pronoun or description, or a relative pronoun standing for the noun its
clause modifies) as subject; an entity, a place, a date or a nationality
adjective as object.  A candidate is described by how the two are connected
in the dependency parse (:mod:`.features`) and by the pipeline's token vectors
around the two (:mod:`.context`), and a logistic model per relation
(:mod:`.scorer`, ``models/relations.json``, trained by
``scripts/train_relations.py`` on KnowledgeNet) weighs both.

Candidates are whole entity pairs within a sentence: every mention pair of the
two entities in the sentence contributes features, and an accepted pair yields
one :class:`~kg.model.Relation` per mention pair, so that a relation read
through a pronoun is also anchored at the pronoun.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.facts.entities import DocEntities
from kg.facts.relations.arguments import Argument, arguments
from kg.facts.relations.candidates import Candidate, candidates
from kg.facts.relations.dates import iso_date
from kg.facts.relations.features import pair_features
from kg.facts.relations.lexicon import lexicon
from kg.facts.relations.scorer import Model, model
from kg.facts.syntax import base_offset, evidence
from kg.model import EntityKind, Evidence, Relation

__all__ = ["Argument", "Candidate", "Model", "arguments", "candidates", "extract", "iso_date", "model", "pair_features", "signatures"]

# Entity types that a relation's argument positions imply, for names the
# statistical model left untagged: who founded or runs something is a person.
PERSON_SUBJECT = frozenset({"employee_of", "educated_at", "nationality", "residence", "birth_place", "death_date", "birth_date", "spouse", "child_of", "political_party"})
PERSON_OBJECT = frozenset({"founded_by", "ceo", "spouse", "child_of"})


def signatures() -> dict[str, tuple[tuple[str, str], ...]]:
    """The argument classes (subject, object) each relation admits."""
    return lexicon().signatures


def extract(doc: Doc, ents: DocEntities, *, scorer: Model | None = None) -> Iterator[Relation]:
    """Relations the model accepts between arguments of one sentence, one per mention pair."""
    scorer = scorer or model()
    admits = signatures()
    admitted = {signature for sigs in admits.values() for signature in sigs}
    proofs: dict[int, Evidence] = {}  # the evidence of each sentence, by its first token
    # the relations each signature fits, in the lexicon's order
    fits = {signature: [relation for relation, sigs in admits.items() if signature in sigs] for signature in admitted}
    for candidate in candidates(doc, ents, admitted=admitted):
        fitting = fits[candidate.signature]
        accepted = scorer.accepted(fitting, candidate.features, candidate.vector)
        for relation in fitting:
            if relation in accepted:
                sentence = candidate.sentence
                if sentence.start not in proofs:
                    proofs[sentence.start] = evidence(sentence, ents.doc_id)
                yield from _relations(relation, candidate, proofs[sentence.start], doc, ents)


def _relations(relation: str, candidate: Candidate, proof: Evidence, doc: Doc, ents: DocEntities) -> Iterator[Relation]:
    base = base_offset(doc)
    for s, o in candidate.pairs:
        if s.pending and o.pending:
            # two referents the text does not name: nothing a reader could use
            continue
        subject = _entity(s, relation, "subject", doc, ents)
        object_ = _entity(o, relation, "object", doc, ents)
        if subject is None or (o.cls == "entity" and object_ is None):
            continue
        yield Relation(
            relation=relation,
            subject=subject,
            object=object_,
            value=None if object_ else o.value,
            subject_span=(base + doc[s.start].idx, base + doc[s.end - 1].idx + len(doc[s.end - 1])),
            object_span=(base + doc[o.start].idx, base + doc[o.end - 1].idx + len(doc[o.end - 1])),
            evidence=proof,
        )


def _entity(arg: Argument, relation: str, role: str, doc: Doc, ents: DocEntities) -> str | None:
    """The entity key of an argument, registering pending referents and names."""
    if arg.pending == "pronoun":
        return ents.unnamed(doc[arg.start])
    if arg.pending == "name":
        person = relation in (PERSON_SUBJECT if role == "subject" else PERSON_OBJECT)
        return ents.named(doc[arg.start : arg.end], EntityKind.PERSON if person else EntityKind.ORGANIZATION)
    return arg.key
