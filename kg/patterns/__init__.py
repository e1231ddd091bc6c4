"""Rules as data: lexicons and surface patterns, one JSON file each.

Files are read on first use (never at import time) and cached for the life
of the process; they are small and immutable.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed content of ``kg/patterns/<name>.json``."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def lexicon(name: str, section: str) -> dict[str, str]:
    """A surface-form -> concept map from a ``{concept: [forms...]}`` section.

    Forms are lower-cased; a form listed under two concepts is an error in the
    data and raises.
    """
    mapping: dict[str, str] = {}
    for concept, forms in load(name)[section].items():
        for form in forms:
            key = form.lower()
            if key in mapping and mapping[key] != concept:
                raise ValueError(f"{name}.json/{section}: {form!r} listed under {mapping[key]!r} and {concept!r}")
            mapping[key] = concept
    return mapping


@cache  # immutable, and read inside per-token rules
def words(name: str, section: str) -> frozenset[str]:
    """A set of lower-cased words from a list section."""
    return frozenset(w.lower() for w in load(name)[section])
