"""The pipeline's own component: blank lines end sentences (hand-built Docs)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.nlp import paragraph_boundaries


@pytest.mark.parametrize(
    ("words", "spaces", "starts"),
    [
        # a heading, a blank line, a sentence: the sentence starts after the blank line
        (["Results", "\n\n", "Sales", "rose", "."], [False, False, True, False, False], [2]),
        # a hard-wrapped line is left to the parser
        (["Sales", "\n", "rose", "."], [False, False, False, False], []),
        # two blank lines in a row: only the word after them starts a sentence
        (["Results", "\n\n", "\n\n", "Sales", "rose"], [False, False, False, True, False], [3]),
        # a blank line at the end starts nothing
        (["Sales", "rose", "\n\n"], [True, False, False], []),
    ],
)
def test_a_blank_line_starts_a_sentence(words: list[str], spaces: list[bool], starts: list[int]) -> None:
    doc = paragraph_boundaries(Doc(spacy.blank("en").vocab, words=words, spaces=spaces))
    assert [t.i for t in doc[1:] if t.is_sent_start] == starts
