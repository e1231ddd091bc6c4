"""Posts people hold: org:Membership with an org:Role.

Four constructions, all read off the parse:

* apposition to a name: "Jack Ma, currently chairman of the board of directors";
* a title before a name: "chairman and chief executive Richard Parsons",
  "Microsoft chief executive Steve Ballmer";
* a copula: "Parsons is the chief executive of Time Warner";
* a name in apposition to a title: "Time Warner's chief executive, Richard Parsons";
* a post taken up: "X is to become chairman of Y", "X, who will become chairman",
  "X will succeed Y as president of Z" (both hold it), "As chief operating
  officer, X will run Y", "X is to succeed Y at the head of Z";
* a title written right before a quoted speaker's name that the parser
  attached elsewhere: '"...," chairman and chief executive Richard Parsons said'.

Founders and owners come from verbs: "X set up Kingfisher Airlines", "Wipro is
majority owned by X".

The organisation is the "of" (or "at", "with") object or possessor of the title,
or an organisation or place name inside the title phrase; a demonym names the
country of a government post ("French finance minister": France, when the
text names France).  A post on a board with no
organisation named ("chairman of the board of directors") belongs to the
organisation the text is about: the nearest organisation named before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from kg.facts.entities import DocEntities
from kg.facts.syntax import match_phrase, phrase_text
from kg.model import EntityKind, Membership
from kg.patterns import lexicon, load, words

ORG_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)
BECOMING = frozenset({"be", "become", "remain", "serve"})
TITLE_BREAKS = frozenset({"PUNCT", "VERB", "AUX", "DET", "ADP", "PRON", "SCONJ"})


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
    """Memberships; a post written once without its organisation ("President Putin")
    is the one the text names it with elsewhere ("Russian president Vladimir Putin")."""
    found = list(_memberships(doc, ents))
    placed = {(m.person, m.role) for m in found if m.org is not None}
    yield from (m for m in found if m.org is not None or (m.person, m.role) not in placed)


def _memberships(doc: Doc, ents: DocEntities) -> Iterator[Membership]:
    seen: set[tuple[int, str]] = set()
    stated: set[tuple[str, str, str | None]] = set()  # one fact per (person, role, organisation)
    for i in ents.referring():
        token = doc[i]
        person = ents.key(token)
        if person is None or ents.kind(person) is not EntityKind.PERSON or token.dep_ == "compound":
            continue
        sent = ents.sentence(i)
        for title in _titles_for(token, ents):
            if (token.i, title.role) in seen:
                continue
            seen.add((token.i, title.role))
            org = _organisation(title, ents, token)
            if org == person or (person, title.role, org) in stated:
                continue
            stated.add((person, title.role, org))
            yield Membership(
                person=person,
                org=org,
                role=title.role,
                role_text=phrase_text(title.tokens),
                evidence=ents.evidence(sent),
            )
        for role, org in _posts_by_verb(token, ents):
            if (token.i, role) not in seen:
                seen.add((token.i, role))
                yield Membership(person=person, org=org, role=role, role_text=role, evidence=ents.evidence(sent))


def _posts_by_verb(name: Token, ents: DocEntities) -> Iterator[tuple[str, str]]:
    """Founders and owners: "X set up Kingfisher Airlines", "Acme, founded by X",
    "Wipro is majority owned by X"."""
    verb = name.head
    phrase = _verb_phrase(verb)
    if name.dep_ == "nsubj" and phrase in _founding_verbs():
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            if (org := _org_key(obj, ents)) is not None:
                yield "founder", org
    if name.dep_ == "pobj" and verb.dep_ == "agent":
        action = verb.head
        target = action.head if action.dep_ == "acl" else next((c for c in action.children if c.dep_ == "nsubjpass"), None)
        org = _org_key(target, ents)
        if org is not None and _verb_phrase(action) in _founding_verbs():
            yield "founder", org
        elif org is not None and action.lemma_.lower() in ("own", "control"):
            yield "owner", org


def _verb_phrase(verb: Token) -> str:
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()} {particle}" if particle else verb.lemma_.lower()


def _org_key(token: Token | None, ents: DocEntities) -> str | None:
    key = ents.key(token)
    return key if key is not None and ents.kind(key) in ORG_KINDS else None


@cache
def _founding_verbs() -> frozenset[str]:
    return words("roles", "founding_verbs")


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
    # copula: "X is (the) chief executive of Y", "X is to become chairman of Y",
    # "X, who will become chairman"
    clauses = []
    if name.dep_ in ("nsubj", "nsubjpass"):
        clauses.append(name.head)
    clauses += [c for c in name.children if c.dep_ == "relcl" and any(s.dep_ == "nsubj" and s.tag_ in ("WP", "WDT") for s in c.children)]
    for clause in list(clauses):
        clauses += [c for c in clause.children if c.dep_ == "xcomp" and (c.lemma_ in BECOMING or c.lemma_.lower() in _succession_verbs())]
    for clause in clauses:
        if clause.lemma_ in BECOMING:
            for attr in clause.children:
                if attr.dep_ in ("attr", "acomp", "oprd") or (attr.dep_ == "prep" and attr.lower_ == "as"):
                    target = next((c for c in attr.children if c.dep_ == "pobj"), attr) if attr.dep_ == "prep" else attr
                    yield from _read_titles(target, ents)
        else:
            # "As chief operating officer, X will run Y"; "X will succeed Y as president of Z"
            # (the "as" phrase may hang on the one succeeded)
            holders = [clause]
            if clause.lemma_.lower() in _succession_verbs():
                holders += [c for c in clause.children if c.dep_ == "dobj"]
            for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("as", "at")):
                for target in (c for c in prep.children if c.dep_ == "pobj"):
                    yield from _read_titles(target, ents)
    # the one succeeded held the post: "X will succeed Y as president of Z"
    if name.dep_ == "dobj" and name.head.lemma_.lower() in _succession_verbs():
        for prep in (c for c in name.head.children if c.dep_ == "prep" and c.lower_ in ("as", "at")):
            for target in (c for c in prep.children if c.dep_ == "pobj"):
                yield from _read_titles(target, ents)
    # name in apposition to a title: "Time Warner's chief executive, Richard Parsons"
    if name.dep_ == "appos":
        yield from _read_titles(name.head, ents)
    # a title written right before the name, attached elsewhere by the parser
    if not left:
        region = _words_before(name, ents)
        for title in _titles_in(region, ents):
            yield _Title(title.role, title.tokens, tuple(region))


def _words_before(name: Token, ents: DocEntities) -> list[Token]:
    """The run of nouns, adjectives and names right before a name ("chairman and
    chief executive" in '"...," chairman and chief executive Richard Parsons said')."""
    doc = name.doc
    start = i = ents.name_start(name)
    sentence_start = ents.sentence(name.i).start
    while i > sentence_start and not doc[i - 1].is_space and (
        doc[i - 1].pos_ not in TITLE_BREAKS or (doc[i - 1].pos_ == "VERB" and doc[i - 1].lower_ in _titles())
    ):
        i -= 1  # the tagger sometimes reads a title as a verb: "Airbus head Noel Forgeard"
    return list(doc[i:start])


@cache
def _succession_verbs() -> frozenset[str]:
    return words("roles", "succession_verbs")


def _read_titles(head: Token, ents: DocEntities) -> Iterator[_Title]:
    """Titles in the noun phrase headed by ``head``, with its "of" phrase; coordinated
    titles share the "of" phrase written after the last one ("chairman and chief
    executive of Renault")."""
    heads = sorted({head, *(c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN"))}, key=lambda t: t.i)
    of = next((o for h in reversed(heads) if (o := _of_phrase(h))), [])
    for one in heads:
        phrase = [t for t in one.subtree if t.i <= one.i and t.pos_ not in ("DET", "ADV", "PUNCT", "CCONJ")
                  and t.dep_ not in ("advmod", "cc") and (t is one or t.dep_ != "conj")]
        if one is head:
            phrase = [t for t in phrase if t.i > max((c.i for c in head.lefts if c.dep_ == "conj"), default=-1)]
        for title in _titles_in(phrase, ents):
            if title.tokens and title.tokens[-1].i == one.i and of:
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
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "with"):
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
    # a place in the title phrase is the state of a government post ("New York attorney
    # general"); before a company post it is a firm the model took for a place ("BT chief executive")
    government = title.role in _government_posts()
    for token in [*title.tokens, *title.region]:
        key = ents.key(token)
        if key is not None and ents.name(key).lower() in _title_words():
            continue  # "Finance Minister X": the model took "Finance" for an organisation
        if key and key != ents.key(person) and (
            ents.kind(key) in ORG_KINDS or (ents.kind(key) is EntityKind.PLACE and (government or token.dep_ in ("compound", "nmod", "poss")))
        ):
            return key
    for token in [*title.tokens, *title.region] if government else []:
        country = _demonyms().get(token.text)
        if country is not None and (key := _named_in(token.doc, country, ents)) is not None:
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
        return _nearest_org_before(person, ents) or _main_org(ents)
    unknown_names = [t for t in title.region if t.pos_ == "PROPN" and ents.key(t) is None and t not in title.tokens]
    if title.role in words("roles", "national_posts") and not unknown_names:
        # "Trade Minister Mark Vaile" in an article about Australia ("Australian mining firm ...")
        return _main_country(person.doc, ents)
    return None


def _main_country(doc: Doc, ents: DocEntities) -> str | None:
    """The country an article is about: named, or named by its demonym, clearly more
    often than any other country the text names."""
    countries = frozenset(load("places")["countries"]) - frozenset(load("places")["regions"])
    named = {e.name: e for e in ents.entities() if e.kind is EntityKind.PLACE and e.name in countries}
    score = {name: len(e.mentions) for name, e in named.items()}
    for token in doc:
        country = _demonyms().get(token.text)
        if country in score:
            score[country] += 1
    ranked = sorted(((n, name) for name, n in score.items()), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
        return None
    return named[ranked[0][1]].key


def _main_org(ents: DocEntities) -> str | None:
    """The organisation the article is about: the one mentioned most often, if
    clearly more often than any other (a name the model took for a place counts
    unless it is a known country: "Wipro")."""
    countries = frozenset(load("places")["countries"])
    counts = sorted(
        ((len(e.mentions), e.key) for e in ents.entities()
         if e.kind is EntityKind.ORGANIZATION or (e.kind is EntityKind.PLACE and e.name not in countries)),
        reverse=True,
    )
    if not counts or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None
    return counts[0][1]


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for form in _titles() for w in form.split())


@cache
def _government_posts() -> frozenset[str]:
    return words("roles", "government_posts")


@cache
def _demonyms() -> dict[str, str]:
    return dict(load("places")["demonyms"])


def _named_in(doc: Doc, name: str, ents: DocEntities) -> str | None:
    """The entity of the document with this name, if the text names it."""
    for token in doc:
        key = ents.key(token)
        if key is not None and ents.name(key) == name:
            return key
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

