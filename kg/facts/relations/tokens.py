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
    strings = doc.vocab.strings
    text: dict[int, str] = {0: ""}

    def string(key: int) -> str:
        found = text.get(key)
        if found is None:
            found = text[key] = strings[key]
        return found

    # one array read instead of a Token view per attribute and token
    rows = doc.to_array([LEMMA, ORTH, LOWER, DEP, POS, HEAD, TAG, IS_SPACE, SENT_START]).tolist() if len(doc) else []
    lemmas: list[str] = []
    texts: list[str] = []
    lowers: list[str] = []
    tags: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    deps: list[str] = []
    pos: list[str] = []
    heads: list[int] = []
    trigger: list[str | None] = []
    modifiers: list[list[int]] = [[] for _ in range(len(doc))]
    for i, (lemma_id, orth, lower, dep_id, pos_id, head_offset, tag_id, space, sent_flag) in enumerate(rows):
        form = string(orth)
        texts.append(form)
        lowers.append(string(lower))
        tags.append(string(tag_id))
        spaces.append(bool(space))
        starts.append(sent_flag == 1)
        lemma = (string(lemma_id) or form).lower()
        lemmas.append(lemma)
        dep = string(dep_id)
        deps.append(dep)
        pos.append(string(pos_id))
        head = i + _signed(head_offset)
        heads.append(head)
        trigger.append(triggers.get(lemma) or triggers.get(lowers[-1]))
        if dep in MODIFIERS and head != i:
            modifiers[head].append(i)
    sent_start = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sent_start[i] = sent.start
    return Tokens(lemmas, deps, pos, heads, trigger, modifiers, sent_start, texts, lowers, tags, spaces, starts)


def _signed(value: int) -> int:
    """A HEAD offset read from ``Doc.to_array`` (unsigned 64-bit) as the signed offset it is."""
    return value - (1 << 64) if value >= 1 << 63 else value
