"""Small, reusable readings of a spaCy dependency parse.

Every helper here is about grammar, not about any fact kind: phrases,
conjuncts, clause subjects, multi-word lexicon lookups.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.model import Evidence
from kg.patterns import load

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECTS = frozenset({"dobj", "obj", "attr", "oprd"})


OFFSET_KEY = "kg_offset"


def base_offset(doc: Doc) -> int:
    """Where this Doc's text starts in its document: 0, or the start of the piece
    when a long document is parsed in pieces."""
    return int(doc.user_data.get(OFFSET_KEY, 0))


def evidence(sent: Span, doc_id: str, *, doc_text: str | None = None) -> Evidence:
    """The sentence as evidence, trimmed of surrounding whitespace, with document offsets.
    ``doc_text``, the Doc's text if the caller has it, spares joining the sentence's tokens."""
    text = sent.text if doc_text is None else doc_text[sent.start_char : sent.end_char]
    lead = len(text) - len(text.lstrip())
    trimmed = text.strip()
    start = base_offset(sent.doc) + sent.start_char + lead
    return Evidence(doc=doc_id, start=start, end=start + len(trimmed), text=trimmed)


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it, in text order."""
    return sorted({token, *token.conjuncts}, key=lambda t: t.i)


def first_conjunct(token: Token) -> Token:
    """The first member of the coordination ``token`` belongs to ("AEG" for "Zanussi" in
    "AEG, Zanussi and Frigidaire")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited through coordination and control.

    "X turned ... but made a loss": *made* takes X from *turned*; "X aims to
    serve": *serve* takes X from *aims* (subject control).
    """
    seen: set[int] = set()
    current: Token | None = verb
    while current is not None and current.i not in seen:
        seen.add(current.i)
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            current = None
    return None


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def prep_object(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions: ``prep_object(division, "of")``."""
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            found.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return found


def phrase_text(tokens: list[Token]) -> str:
    """The source text covered by ``tokens`` (which must be contiguous)."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def subtree_span(token: Token) -> Span:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1]


def match_phrase(tokens: list[Token] | Span, start: int, lexicon: Mapping[str, str], *, max_words: int = 5) -> tuple[str, int] | None:
    """Longest lexicon entry starting at ``tokens[start]``: (concept, end index).

    Entries are lower-cased word sequences; a hyphenated token matches its
    hyphenated form ("co-founder") and the spaced one.
    """
    best: tuple[str, int] | None = None
    words: list[str] = []
    for end in range(start, min(len(tokens), start + max_words)):
        token = tokens[end]
        words.append(token.lower_)
        key = " ".join(words).replace(" - ", "-")
        if key in lexicon:
            best = (lexicon[key], end + 1)
        lemma_key = " ".join(words[:-1] + [token.lemma_.lower()]).replace(" - ", "-")
        if best is None or best[1] < end + 1:
            if lemma_key in lexicon:
                best = (lexicon[lemma_key], end + 1)
    return best


def sentences(doc_sents: Iterator[Span]) -> Iterator[Span]:
    """Sentences that hold at least one non-space token."""
    return (s for s in doc_sents if any(not t.is_space for t in s))


@cache
def _money_words() -> frozenset[str]:
    money = load("currencies")
    forms = {f for forms in money["words"].values() for f in forms} | set(money["symbols"]) | set(money["codes"])
    return frozenset(forms | set(load("numbers")["scales"]) | set(money["minor"]))


def is_money_word(token: Token) -> bool:
    """A currency word, sign, code or scale word: "euros", "$", "bn"."""
    return token.lower_ in _money_words() or token.text in _money_words()


def amount_span(ent: Span) -> Span:
    """The money expression with the currency sign and scale the model left out:
    the model often tags "1.13bn" in "$1.13bn", or "600" in "£600m"."""
    doc = ent.doc
    words = _money_words()
    start, end = ent.start, ent.end
    sent = ent.sent
    while start > sent.start and (doc[start - 1].tag_ == "$" or doc[start - 1].text in words):
        start -= 1
        if doc[start].tag_ == "$":
            break
    while end < sent.end and doc[end].lower_ in words and not doc[end].is_space:
        end += 1
    return doc[start:end]
