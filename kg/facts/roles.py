"""Posts people hold: org:Membership with an org:Role.

Four constructions, all read off the parse:

* apposition to a name: "Jack Ma, currently chairman of the board of directors";
* a title before a name: "chairman and chief executive Richard Parsons",
  "Microsoft chief executive Steve Ballmer";
* a copula: "Parsons is the chief executive of Time Warner";
* a name in apposition to a title: "Time Warner's chief executive, Richard Parsons".

The organisation is the "of" object or possessor of the title, or an
organisation name inside the title phrase.  A post on a board with no
organisation named ("chairman of the board of directors") belongs to the
organisation the text is about: the nearest organisation named before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from kg.facts.entities import DocEntities
from kg.facts.syntax import evidence, match_phrase, phrase_text
from kg.model import EntityKind, Membership
from kg.patterns import lexicon, words

ORG_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)


@cache
def _titles() -> dict[str, str]:
    return lexicon("roles", "titles")


@cache
def _board_words() -> frozenset[str]:
    return words("roles", "board_words")


@dataclass(frozen=True, slots=True)
class _Title:
    role: str
    tokens: list[Token]  # the title phrase as written, including its "of" phrase
    region: tuple[Token, ...] = ()  # the noun phrase around the title, where its organisation may be named


def extract(doc: Doc, ents: DocEntities) -> Iterator[Membership]:
    seen: set[tuple[int, str]] = set()
    for sent in doc.sents:
        for token in sent:
            person = ents.key(token)
            if person is None or ents.kind(person) is not EntityKind.PERSON or token.dep_ == "compound":
                continue
            for title in _titles_for(token, ents):
                if (token.i, title.role) in seen:
                    continue
                seen.add((token.i, title.role))
                org = _organisation(title, ents, token)
                yield Membership(
                    person=person,
                    org=org,
                    role=title.role,
                    role_text=phrase_text(title.tokens),
                    evidence=evidence(sent, ents.doc_id),
                )


def _titles_for(name: Token, ents: DocEntities) -> Iterator[_Title]:
    # apposition: "Jack Ma, currently chairman of ..."
    for child in name.children:
        if child.dep_ == "appos":
            yield from _read_titles(child, ents)
    # title before the name: "chairman and chief executive Richard Parsons"
    left = [t for t in name.lefts if t.dep_ in ("compound", "amod", "nmod", "cc", "conj", "poss") and ents.key(t) != ents.key(name)]
    if left:
        # the whole premodifier, with the modifiers' own modifiers: "chief" in
        # "chief executive Lee Strafford" hangs from "executive", not from the name
        region = list(name.doc[min(t.left_edge.i for t in left) : name.i])
        for title in _titles_in(region, ents):
            yield _Title(title.role, title.tokens, tuple(region))
    # copula: "X is (the) chief executive of Y"
    if name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ in ("be", "become", "remain", "serve"):
        for attr in name.head.children:
            if attr.dep_ in ("attr", "acomp", "oprd") or (attr.dep_ == "prep" and attr.lower_ == "as"):
                target = next((c for c in attr.children if c.dep_ == "pobj"), attr) if attr.dep_ == "prep" else attr
                yield from _read_titles(target, ents)
    # name in apposition to a title: "Time Warner's chief executive, Richard Parsons"
    if name.dep_ == "appos":
        yield from _read_titles(name.head, ents)


def _read_titles(head: Token, ents: DocEntities) -> Iterator[_Title]:
    """Titles in the noun phrase headed by ``head``, with its "of" phrase."""
    phrase = [t for t in head.subtree if t.i <= head.i and t.pos_ not in ("DET", "ADV", "PUNCT") and t.dep_ != "advmod"]
    titles = list(_titles_in(phrase, ents))
    if not titles:
        return
    of = _of_phrase(head)
    for title in titles:
        if title.tokens and title.tokens[-1].i == head.i and of:
            yield _Title(title.role, title.tokens + of, tuple(phrase))
        else:
            yield _Title(title.role, title.tokens, tuple(phrase))


def _titles_in(tokens: list[Token], ents: DocEntities) -> Iterator[_Title]:
    i = 0
    while i < len(tokens):
        hit = match_phrase(tokens, i, _titles())
        if hit is None or ents.key(tokens[i]) is not None:
            i += 1
            continue
        role, end = hit
        yield _Title(role, tokens[i:end])
        i = end


def _of_phrase(head: Token) -> list[Token]:
    """The "of ..." phrase of a title, as contiguous tokens ("of the board of directors")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at"):
            sub = list(prep.subtree)
            return list(head.doc[sub[0].i : sub[-1].i + 1])
    return []


def _organisation(title: _Title, ents: DocEntities, person: Token) -> str | None:
    """The organisation of the post: named in the title phrase ("chief executive of
    Acme", "Acme chief executive", "Acme's chief executive"), else, for a post on a
    board or a company post named with no organisation ("chairman and chief
    executive Richard Parsons said"), the organisation the text is about: the
    nearest one named before, within a few sentences."""
    head = title.tokens[-1]
    for token in [*title.tokens, *title.region]:
        key = ents.key(token)
        if key and ents.kind(key) in ORG_KINDS:
            return key
    candidates = [c for c in head.head.children if c.dep_ == "poss"] if head.head.dep_ in ("compound",) else []
    title_head = next((t for t in title.tokens if t.dep_ not in ("compound", "amod", "cc", "conj") or t.head.i > t.i), title.tokens[0])
    for t in (title_head, person):
        candidates += [c for c in t.children if c.dep_ in ("poss", "compound")]
    for candidate in candidates:
        key = ents.key(candidate)
        if key and ents.kind(key) in ORG_KINDS + (EntityKind.PLACE,):
            return key
    text = " ".join(t.lower_ for t in title.tokens)
    if any(board in text for board in _board_words()) or title.role in _company_posts():
        return _nearest_org_before(person, ents)
    return None


@cache
def _company_posts() -> frozenset[str]:
    return words("roles", "company_posts")


CONTEXT_SENTENCES = 3  # how far back "the organisation the text is about" may be named


def _nearest_org_before(token: Token, ents: DocEntities) -> str | None:
    """The organisation most recently named before ``token``, within a few sentences."""
    doc: Doc = token.doc
    sentence = ents.sentence_of(token)
    for i in range(token.i - 1, -1, -1):
        key = ents.key(doc[i])
        if key and ents.kind(key) is EntityKind.ORGANIZATION:
            return key if sentence - ents.sentence_of(doc[i]) <= CONTEXT_SENTENCES else None
    return None

