"""Relation candidates: two entities (or an entity and a literal) named in one
sentence, with every pair of their mentions there and the features of how the
pairs are connected."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.facts.entities import DocEntities
from kg.facts.relations.arguments import Argument, arguments
from kg.facts.relations.features import pair_features, path_length

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

    @property
    def signature(self) -> tuple[str, str]:
        return (self.subject.cls, self.object.cls)


def candidates(doc: Doc, ents: DocEntities) -> Iterator[Candidate]:
    """Every (subject entity, object) pair of arguments named in one sentence."""
    by_sentence: dict[int, list[Argument]] = {}
    for arg in arguments(doc, ents):
        by_sentence.setdefault(doc[arg.head].sent.start, []).append(arg)
    for sent_start, args in sorted(by_sentence.items()):
        sentence = doc[sent_start].sent
        groups: dict[tuple[str, ...], list[Argument]] = {}
        for arg in args:
            groups.setdefault(arg.group, []).append(arg)
        for s_group, subjects in groups.items():
            if subjects[0].cls not in SUBJECT_CLASSES:
                continue
            for o_group, objects in groups.items():
                if o_group == s_group:
                    continue
                pairs = tuple((s, o) for s in subjects for o in objects if not s.overlaps(o))
                if not pairs:
                    continue
                features: set[str] = set()
                for s, o in pairs:
                    features.update(pair_features(doc, s, o, args))
                # the most direct of the mention pairs also speaks on its own
                s, o = min(pairs, key=lambda p: (path_length(doc, p[0], p[1]), abs(p[0].head - p[1].head)))
                features.update("1" + f for f in pair_features(doc, s, o, args))
                yield Candidate(_best(subjects), _best(objects), pairs, frozenset(features), sentence)


def _best(args: list[Argument]) -> Argument:
    """The most informative mention: a name before a pronoun, then the first."""
    return next((a for a in args if not a.pronoun), args[0])
