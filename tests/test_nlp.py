"""The pipeline's own component: blank lines end sentences, bare words do not (hand-built Docs)."""

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


def test_no_sentence_starts_right_after_a_word() -> None:
    # "SBC buys AT&T\n\nSBC Communications agreed. Acme Inc. rose ($91m)."
    words = ["SBC", "buys", "AT&T", "\n\n", "SBC", "Communications", "agreed", ".", "Acme", "Inc.", "rose", "(", "$", "91", "m", ")", "."]
    spaces = [True, True, False, False, True, True, False, True, True, True, True, False, False, False, False, False, False]
    doc = paragraph_boundaries(Doc(spacy.blank("en").vocab, words=words, spaces=spaces))
    not_starts = [t.i for t in doc if t.is_sent_start is False]
    # after "SBC", "buys", "Communications", "agreed", "Acme", "rose", "91", "m" (the word before a
    # blank line too): never after punctuation, "Inc.", a bracket or a sign
    assert not_starts == [1, 2, 3, 5, 6, 7, 9, 11, 14, 15]
    assert doc[4].is_sent_start and doc[8].is_sent_start is None and doc[10].is_sent_start is None
