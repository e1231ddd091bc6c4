"""The relation lexicon (``patterns/relations.json``): which argument classes each
relation admits, and the trigger words that signal one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from kg.patterns import load, words


@dataclass(frozen=True, slots=True)
class Lexicon:
    signatures: dict[str, tuple[tuple[str, str], ...]]
    triggers: dict[str, str]  # lemma or form -> trigger class
    relative: frozenset[str]
    locative: frozenset[str]
    personal_relative: frozenset[str]  # "who": refers to a person

    def trigger(self, token: Token) -> str | None:
        """The trigger class of a token, by lemma or by form."""
        return self.triggers.get(lemma(token)) or self.triggers.get(token.lower_)


@cache
def lexicon() -> Lexicon:
    """The relation lexicon (read on first use)."""
    data = load("relations")
    triggers: dict[str, str] = {}
    for cls, forms in data["triggers"].items():
        for form in forms:
            triggers.setdefault(form.lower(), cls)
    return Lexicon(
        signatures={r: tuple((a, b) for a, b in sigs) for r, sigs in data["signatures"].items()},
        triggers=triggers,
        relative=words("relations", "relative_pronouns"),
        locative=words("relations", "locative_relative_pronouns"),
        personal_relative=words("relations", "personal_relative_pronouns"),
    )


def lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()
