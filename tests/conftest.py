"""Shared test helpers: hand-built spaCy parses for rule tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import spacy
from spacy.tokens import Doc


@dataclass
class Tok:
    text: str
    head: int  # absolute index of the head token (itself for the root)
    dep: str
    pos: str
    lemma: str | None = None
    ent: str = "O"  # IOB tag with label, e.g. "B-ORG"
    tag: str = ""


def make_doc(tokens: list[Tok]) -> Doc:
    """A Doc with the given parse and entities, as a statistical model would annotate it."""
    vocab = spacy.blank("en").vocab
    words = [t.text for t in tokens]
    spaces = [not (i + 1 < len(tokens) and tokens[i + 1].pos == "PUNCT" and tokens[i + 1].text in ",.’s'") for i in range(len(tokens))]
    spaces[-1] = False
    for i, t in enumerate(tokens):
        if t.text in ("’s", "'s") and i:
            spaces[i - 1] = False
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=[t.head for t in tokens],
        deps=[t.dep for t in tokens],
        pos=[t.pos for t in tokens],
        tags=[t.tag or ("POS" if t.text in ("’s", "'s") else t.pos) for t in tokens],
        lemmas=[t.lemma or t.text.lower() for t in tokens],
        ents=[t.ent for t in tokens],
    )


@pytest.fixture
def doc_from():
    return make_doc
