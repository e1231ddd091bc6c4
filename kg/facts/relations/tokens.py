"""A document's tokens as plain arrays, read once per document for the relation
features: the lemma, form, dependency label, part of speech, head and trigger
class of every token, and the noun modifiers of each.

The features of every mention pair look at the same few tokens again and again;
reading them from plain lists instead of creating spaCy ``Token`` views each
time keeps relation extraction cheap.  The values are exactly those the
``Token`` attributes give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, TAG
from spacy.tokens import Doc

from kg.facts.relations.lexicon import lexicon

MODIFIERS = ("compound", "amod")  # noun modifiers that name a kind: "parent company"


@dataclass(frozen=True, slots=True)
class Tokens:
    """Per-token attributes of one Doc, indexed by token position."""

    lemma: list[str]  # lower-cased lemma (the form when there is none)
    dep: list[str]
    pos: list[str]
    head: list[int]
    trigger: list[str | None]  # trigger class of patterns/relations.json
    modifiers: list[list[int]]  # compound and amod children, in text order
    sent_start: list[int]  # first token of the token's sentence
    text: list[str]  # the form as written
    lower: list[str]  # the lower-cased form
    tag: list[str]  # fine-grained part of speech
    space: list[bool]  # whitespace tokens
    starts_sentence: list[bool]  # as ``Token.is_sent_start``
    paths: dict[tuple[int, int], tuple[list[int], int, list[int]] | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lemma)

    def ancestors(self, i: int) -> list[int]:
        """``i`` and the tokens above it up to the root of its sentence."""
        chain = [i]
        head = self.head
        while head[i] != i:
            i = head[i]
            chain.append(i)
        return chain

    def path(self, a: int, b: int) -> tuple[list[int], int, list[int]] | None:
        """The dependency path from ``a`` up to the lowest common ancestor and down to ``b``
        (as :func:`kg.facts.relations.features.dependency_path`, by index; remembered)."""
        key = (a, b)
        if key in self.paths:
            return self.paths[key]
        up = self.ancestors(a)
        down = self.ancestors(b)
        down_ids = {t: n for n, t in enumerate(down)}
        found: tuple[list[int], int, list[int]] | None = None
        for n, t in enumerate(up):
            if t in down_ids:
                found = (up[:n], t, down[: down_ids[t]])
                break
        self.paths[key] = found
        return found


def tokens(doc: Doc) -> Tokens:
    """The per-token attributes of ``doc``."""
    triggers = lexicon().triggers
    n = len(doc)
    # one array read instead of a Token view per attribute and token; each
    # distinct string is looked up once
    array = doc.to_array([LEMMA, ORTH, LOWER, DEP, POS, TAG, HEAD, IS_SPACE, SENT_START]) if n else np.zeros((0, 9), dtype=np.uint64)
    strings = doc.vocab.strings
    table = {key: strings[key] for key in np.unique(array[:, :6]).tolist()}
    table[0] = ""
    lemma_ids, orths, lower_ids, dep_ids, pos_ids, tag_ids = (array[:, c].tolist() for c in range(6))
    texts = [table[k] for k in orths]
    lowers = [table[k] for k in lower_ids]
    lemmas = [(table[k] or form).lower() for k, form in zip(lemma_ids, texts)]
    deps = [table[k] for k in dep_ids]
    heads = [i + offset for i, offset in enumerate(array[:, 6].astype(np.int64).tolist())]
    trigger = [triggers.get(lemma) or triggers.get(lower) for lemma, lower in zip(lemmas, lowers)]
    modifiers: list[list[int]] = [[] for _ in range(n)]
    for i, (dep, head) in enumerate(zip(deps, heads)):
        if dep in MODIFIERS and head != i:
            modifiers[head].append(i)
    starts = [flag == 1 for flag in array[:, 8].tolist()]
    return Tokens(
        lemmas, deps, [table[k] for k in pos_ids], heads, trigger, modifiers, _sentence_starts(doc, starts), texts, lowers,
        [table[k] for k in tag_ids], [bool(v) for v in array[:, 7].tolist()], starts,
    )


def _sentence_starts(doc: Doc, starts: list[bool]) -> list[int]:
    """The first token of each token's sentence, as ``Doc.sents`` divides them."""
    if not doc.has_annotation("SENT_START") or "sents" in doc.user_hooks:
        out = [0] * len(doc)
        for sent in doc.sents:
            out[sent.start : sent.end] = [sent.start] * len(sent)
        return out
    first = 0
    out = []
    for i, start in enumerate(starts):
        if start:
            first = i
        out.append(first)
    return out
