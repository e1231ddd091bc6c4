"""Relation candidates: two entities (or an entity and a literal) named in one
sentence, with every pair of their mentions there and the features of how the
pairs are connected."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Span

from kg.facts.entities import DocEntities
from kg.facts.relations.arguments import Argument, arguments
from kg.facts.relations.context import has_vectors, pair_vector
from kg.facts.relations.features import MAX_PATH, pair_features, path_length
from kg.facts.relations.tokens import Tokens, tokens

SUBJECT_CLASSES = frozenset({"entity", "place"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two arguments in one sentence, every pair of their mentions, and the
    features of how they are connected."""

    subject: Argument
    object: Argument
    pairs: tuple[tuple[Argument, Argument], ...]
    features: frozenset[str]
    sentence: Span
    # the dense context of the most direct mention pair (:mod:`.context`);
    # None when the Doc carries no token vectors
    vector: np.ndarray | None = field(default=None, compare=False)

    @property
    def signature(self) -> tuple[str, str]:
        return (self.subject.cls, self.object.cls)


def candidates(doc: Doc, ents: DocEntities, *, admitted: Collection[tuple[str, str]] | None = None) -> Iterator[Candidate]:
    """Every (subject entity, object) pair of arguments named in one sentence
    (only those whose signature is in ``admitted``, when given: the others'
    features are not computed)."""
    index = tokens(doc)
    dense = has_vectors(doc)
    by_sentence: dict[int, list[Argument]] = {}
    for arg in arguments(doc, ents, index=index):
        by_sentence.setdefault(index.sent_start[arg.head], []).append(arg)
    for sent_start, args in sorted(by_sentence.items()):
        sentence = doc[sent_start].sent
        groups: dict[tuple[str, ...], list[Argument]] = {}
        for arg in args:
            groups.setdefault(arg.group, []).append(arg)
        for s_group, subjects in groups.items():
            if subjects[0].cls not in SUBJECT_CLASSES:
                continue
            subject = _best(subjects)
            for o_group, objects in groups.items():
                if o_group == s_group:
                    continue
                object_ = _best(objects)
                if admitted is not None and (subject.cls, object_.cls) not in admitted:
                    continue
                pairs = tuple((s, o) for s in subjects for o in objects if not s.overlaps(o))
                if not pairs:
                    continue
                features: set[str] = set()
                of_pair: list[list[str]] = []
                for s, o in pairs:
                    found = list(pair_features(index, s, o, args))
                    of_pair.append(found)
                    features.update(found)
                # the most direct of the mention pairs also speaks on its own
                best = 0 if len(pairs) == 1 else min(range(len(pairs)), key=lambda n: (path_length(index, *pairs[n]), abs(pairs[n][0].head - pairs[n][1].head)))
                features.update(["1" + f for f in of_pair[best]])
                vector = pair_vector(doc, *pairs[best], _path_tokens(index, *pairs[best])) if dense else None
                yield Candidate(subject, object_, pairs, frozenset(features), sentence, vector)


def _path_tokens(index: Tokens, s: Argument, o: Argument) -> list[int]:
    """The tokens on the dependency path between the heads of two arguments
    (none when they are unconnected or further apart than a phrase)."""
    path = index.path(s.head, o.head)
    if path is None or len(path[0]) + len(path[2]) > MAX_PATH:
        return []
    up, top, down = path
    return [*up, top, *down]


def _best(args: list[Argument]) -> Argument:
    """The most informative mention: a name before a pronoun, then the first."""
    return next((a for a in args if not a.pronoun), args[0])
