"""Dense context of a mention pair, read from the pipeline's own token vectors.

spaCy's ``tok2vec`` layer leaves a vector per token in ``doc.tensor`` (96
numbers for en_core_web_sm) that the tagger, parser and entity recogniser all
read: it encodes each word in its context of a few words either side.  The
context of a pair is the vector of each argument's head and the mean over the
words between the two ("X, who joined Y as ...", "X's parent Y"), which speak
where the sparse features of :mod:`.features` see a word too rare to weigh.
They cost nothing beyond the parse.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

from kg.facts.relations.arguments import Argument
from kg.facts.relations.features import MAX_BETWEEN


def has_vectors(doc: Doc) -> bool:
    """Whether ``doc`` carries a token vector per token (a hand-built Doc does not)."""
    tensor = doc.tensor
    return getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(doc) and tensor.shape[1] > 0


def pair_vector(doc: Doc, s: Argument, o: Argument) -> np.ndarray:
    """The subject's head vector, the object's head vector and the mean vector of
    the words between the two mentions (zeros when they are adjacent or far
    apart), concatenated.  ``doc`` must carry vectors (:func:`has_vectors`)."""
    tensor = doc.tensor
    first, second = (s, o) if s.start < o.start else (o, s)
    between = tensor[first.end : second.start]
    if 0 < len(between) <= MAX_BETWEEN:
        middle = between.mean(axis=0)
    else:
        middle = np.zeros(tensor.shape[1], dtype=tensor.dtype)
    return np.concatenate([tensor[s.head], tensor[o.head], middle]).astype(np.float32)
