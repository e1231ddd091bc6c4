"""Dense context of a mention pair, read from the pipeline's own token vectors.

spaCy's ``tok2vec`` layer leaves a vector per token in ``doc.tensor`` (96
numbers for en_core_web_sm) that the tagger, parser and entity recogniser all
read: it encodes each word in its context of a few words either side.  The
context of a pair is the vector of each argument's head, the mean over the
words between the two ("X, who joined Y as ...", "X's parent Y") and the mean
over the words on the dependency path between them ("X, which Y founded in
1990 with ..."), which speak where the sparse features of :mod:`.features`
see a word too rare to weigh.
They cost nothing beyond the parse.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc

from kg.facts.relations.arguments import Argument
from kg.facts.relations.features import MAX_BETWEEN


def has_vectors(doc: Doc) -> bool:
    """Whether ``doc`` carries a token vector per token (a hand-built Doc does not)."""
    tensor = doc.tensor
    return getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(doc) and tensor.shape[1] > 0


def pair_vector(doc: Doc, s: Argument, o: Argument, path: Sequence[int] = ()) -> np.ndarray:
    """The subject's head vector, the object's head vector, the mean vector of
    the words between the two mentions (zeros when they are adjacent or far
    apart) and the mean vector of the words on the dependency ``path`` between
    them outside both mentions (zeros when none), concatenated.  ``doc`` must
    carry vectors (:func:`has_vectors`)."""
    tensor = doc.tensor
    inner = [t for t in path if not s.start <= t < s.end and not o.start <= t < o.end]
    on_path = tensor[inner].mean(axis=0) if inner else np.zeros(tensor.shape[1], dtype=tensor.dtype)
    first, second = (s, o) if s.start < o.start else (o, s)
    between = tensor[first.end : second.start]
    if 0 < len(between) <= MAX_BETWEEN:
        middle = between.mean(axis=0)
    else:
        middle = np.zeros(tensor.shape[1], dtype=tensor.dtype)
    return np.concatenate([tensor[s.head], tensor[o.head], middle, on_path]).astype(np.float32)
