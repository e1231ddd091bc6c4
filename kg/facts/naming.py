"""Pass 1 of :mod:`kg.facts.entities`: the names of a document and their types.

Named spans come from the statistical entities (trimmed of determiners,
honorifics and possessives) and from proper nouns the model missed in a
position only an organisation fits.  Every occurrence of a name votes for a
type (one sense per discourse): the statistical label once, a syntactic
context that only one type fits three times (an organisation owns shares and
posts, stands beside "the firm" or before "chief executive X"; a person has an
honorific, an age or a post; "X-based" is a place), a known country name five
times; a brand's position (listed under "its brands", before "models")
is organisation evidence too.  A one-word name with organisation evidence
and no person evidence is an organisation whatever the labels say (a person
is introduced by a full name or an honorific).  An acronym the model took for
a place votes for an organisation unless the gazetteer knows it, and a tie
between place and organisation goes to the organisation.  Occurrences of a
known name that the model did not tag are then added.  The context words are
data, in ``kg/patterns/naming.json`` and ``kg/patterns/unit_links.json``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import LOWER, ORTH, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from kg.facts.clusters import LEGAL_SUFFIXES, _Lexicons
from kg.facts.syntax import first_conjunct
from kg.model import EntityKind
from kg.patterns import load, words

LABELS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
}
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "dame"})

CONTEXT_VOTE = 3
GAZETTEER_VOTE = 5


@dataclass(frozen=True, slots=True)
class _Name:
    span: Span
    label: EntityKind | None  # the statistical label, None if the model missed it
    cue: EntityKind | None  # the type its syntactic context demands
    text: str = field(init=False)  # the span's text, read many times by the later passes

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self.span.text)


@cache
def collections() -> dict[str, str]:
    """Plural nouns that list units ("brands", "marques"), each with its relation."""
    return dict(load("units")["collections"])


def listing_nouns(name: Token) -> list[Token]:
    """The plural unit nouns a name is listed under: "its subsidiary brands include AEG,
    Zanussi and Frigidaire", "its three marques - BMW, Mini and Rolls-Royce"."""
    first = first_conjunct(name)
    known = collections()
    nouns = [c for c in first.children if c.dep_ in ("nmod", "appos", "compound") and c.lower_ in known]
    if first.dep_ in ("dobj", "attr") and first.head.lemma_.lower() in words("units", "listing_verbs"):
        nouns += [s for s in first.head.children if s.dep_ == "nsubj" and s.lower_ in known]
    if first.dep_ == "appos" and first.head.lower_ in known:
        nouns.append(first.head)
    return list(dict.fromkeys(nouns))


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and honorifics, an unclosed bracket and what follows it
    ("Hindustan Aeronautics (HAL"), trailing possessives and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].lower_ in HONORIFICS):
        start += 1
    texts = [t.text for t in doc[start:end]]
    for opening, closing in (("(", ")"), ("[", "]")):
        if opening in texts and closing not in texts[texts.index(opening) :]:
            end = min(end, start + texts.index(opening))
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "PUNCT" or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if start < end else None


def _named_spans(doc: Doc, lex: _Lexicons) -> list[_Name]:
    names: list[_Name] = []
    taken: set[int] = set()
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        span = _trim(ent) if label else None
        if label is None or span is None:
            continue
        # A PERSON without a proper noun is a common noun the model misread ("Mom").
        if label is EntityKind.PERSON and not any(t.pos_ == "PROPN" for t in span):
            continue
        names.append(_Name(span, label, _context_cue(span, label, lex)))
        taken.update(range(span.start, span.end))
    proper = [doc[i] for i in _proper_nouns(doc)]
    # Proper nouns the model missed, in a position only an organisation fits:
    # the possessor of a unit or post ("Alibaba's cloud computing division").
    for token in proper:
        if token.i in taken or token.dep_ != "poss":
            continue
        if _governs_org_noun(token.head, lex):
            start = min([c.i for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token.i])
            span = doc[start : token.i + 1]
            names.append(_Name(span, None, EntityKind.ORGANIZATION))
            taken.update(range(span.start, span.end))
    # ... and the employer premodifying a post and its holder ("BT chief executive Ben Verwaayen").
    for token in proper:
        if token.i in taken or token.dep_ not in ("compound", "nmod") or token.lower_ in lex.titles:
            continue
        span = doc[token.i : token.i + 1]
        if token.text[:1].isupper() and token.text not in lex.places and _premodifies_post(span, lex):
            names.append(_Name(span, None, EntityKind.ORGANIZATION))
            taken.add(token.i)
    # ... and a company's name by its legal form ("Gamma Inc agreed to sell ...", "Zorbex plc").
    for token in proper:
        if token.i in taken or token.lower_ not in LEGAL_SUFFIXES:
            continue
        span = _legal_name(token)
        if span is not None and not taken.intersection(range(span.start, span.end)):
            names.append(_Name(span, None, EntityKind.ORGANIZATION))
            taken.update(range(span.start, span.end))
    return sorted(names, key=lambda n: n.span.start)


def _legal_name(suffix: Token) -> Span | None:
    """The name a legal form ends: the capitalised proper nouns right before it that
    modify it ("Gamma Inc", "Shivaji Works Limited"); None when there are none."""
    start = suffix.i
    while start > 0:
        before = suffix.doc[start - 1]
        inside = start <= before.head.i <= suffix.i  # it modifies a word of the name
        if before.pos_ != "PROPN" or not before.text[:1].isupper() or before.dep_ != "compound" or not inside:
            break
        start -= 1
    return suffix.doc[start : suffix.i + 1] if start < suffix.i else None


def _proper_nouns(doc: Doc) -> list[int]:
    """The positions of the proper nouns (read from the Doc's array, not token by token)."""
    return [i for i, pos in enumerate(doc.to_array(POS).tolist()) if pos == PROPN]


def _governs_org_noun(noun: Token, lex: _Lexicons) -> bool:
    """True for nouns naming a part, post or account of an organisation."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    head = noun.lemma_.lower()
    if head in lex.org_nouns or noun.lower_ in lex.org_nouns:
        return True
    # multi-word posts: "chief executive", "finance director"
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod")]
    phrase = " ".join([t.lower_ for t in left] + [noun.lower_])
    return phrase in lex.org_nouns


def _context_cue(span: Span, label: EntityKind, lex: _Lexicons) -> EntityKind | None:
    """The type the name's syntactic position requires, if any.

    Only a known country or region resists the evidence of an organisation;
    a name the model took for a person yields to organisation evidence only
    when nothing in its context marks a person."""
    last = span[-1].lower_
    if len(span) > 1 and (last in LEGAL_SUFFIXES or any(t.lower_ in lex.org_name_words for t in span)):
        # "Shivaji Works Limited", "Air Deccan" are companies whatever the model's label
        return EntityKind.ORGANIZATION
    if span.text in lex.places:
        return EntityKind.PLACE
    if _place_compound(span, lex):
        return EntityKind.PLACE
    # A person's own evidence comes first for a name the model took for a person
    # ("said Paul Hofheinz of the Lisbon Council, a Brussels-based group").
    if label is EntityKind.PERSON and _person_cue(span, lex, label):
        return EntityKind.PERSON
    if _org_apposition(span, lex) or _brand_position(span):
        return EntityKind.ORGANIZATION
    if _person_cue(span, lex, label):
        return EntityKind.PERSON
    if _org_cue(span, lex, weak=label is not EntityKind.PERSON):
        return EntityKind.ORGANIZATION
    return None


def _place_compound(span: Span, lex: _Lexicons) -> bool:
    """"London-based", "Detroit-headquartered": the name before the hyphen is a place."""
    doc = span.doc
    end = span.end
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in lex.place_suffixes


def _person_cue(span: Span, lex: _Lexicons, label: EntityKind) -> bool:
    """An honorific before the name ("Mr Black"), a post premodifying it ("chairman
    Azim Premji") or in apposition ("Azim Premji, Wipro's chairman"), or an age
    in apposition ("John Smith, 54,"), a person noun ("richest man X"), or a
    first name and surname as a speaker."""
    doc = span.doc
    root = span.root
    if span.start > 0 and doc[span.start - 1].lower_ in HONORIFICS:
        return True
    left = [t for t in doc[max(0, span.start - 3) : span.start] if t.head.i == root.i and t.dep_ in ("compound", "amod")]
    post = " ".join(t.lower_ for t in left) if left else ""
    post = post if post in lex.titles else (left[-1].lower_ if left else "")
    # The post is a noun ("chairman X"; an adjective, as in "the official Xinhua
    # News Agency", is not one) that no organisation may hold ("partner Mitsubishi Motors").
    noun_post = bool(left) and left[-1].pos_ in ("NOUN", "PROPN") and post in lex.titles
    if noun_post and post not in lex.shared_posts and lex.titles[post] not in lex.shared_posts:
        return True
    if any(c.pos_ == "NOUN" and c.lower_ in lex.person_heads and c.dep_ in ("compound", "nmod") and c.i < span.start for c in root.children):
        # "India's richest man Azim Premji" (singular: "bankers JP Morgan" names
        # a firm; a following appositive is too often misattached)
        return True
    if len(span) > 1 and label is EntityKind.PERSON and root.dep_ == "nsubj" and root.head.lemma_ == "say":
        # "said Paul Hofheinz": a first name and surname as the speaker
        return True
    for child in root.children:
        if child.i < span.end or child.dep_ not in ("appos", "npadvmod", "amod", "nummod"):
            continue
        between_commas = child.i + 1 < len(doc) and doc[child.i - 1].text == "," and doc[child.i + 1].text == ","
        if between_commas and child.text.isdigit() and 18 <= int(child.text) <= 99:
            return True
        if child.dep_ == "appos" and child.pos_ != "PROPN":
            phrase = [t.lower_ for t in child.lefts if t.dep_ in ("compound", "amod")] + [child.lower_]
            if " ".join(phrase) in lex.titles or child.lower_ in lex.titles:
                return True
    return False


def _org_head(noun: Token, lex: _Lexicons) -> bool:
    # "analysts Ovum": the plural names a firm, the singular ("analyst John Smith") a person
    return noun.lemma_.lower() in lex.org_heads or noun.lower_ in lex.org_heads


def _org_apposition(span: Span, lex: _Lexicons) -> bool:
    """A common noun naming an organisation in apposition: "X, the telecoms firm",
    "carmaker X", "the Swedish firm X"."""
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and (_org_head(head, lex) or head.lemma_.lower() in lex.unit_relations):
        # "its key production unit Yuganskneftegas" names a unit, an organisation
        return True
    # A following appositive is a full noun phrase with its own determiner or
    # possessor ("X, the telecoms firm", "X, India's biggest software firm");
    # without one it is more often a misparse ("the Jacksonville, Florida-based firm").
    return any(
        child.pos_ == "NOUN"
        and _org_head(child, lex)
        and (
            (child.dep_ == "appos" and child.i >= span.end and any(c.dep_ in ("det", "poss") for c in child.children))
            or (child.dep_ in ("compound", "nmod") and child.i < span.start)
        )
        for child in root.children
    )


def _brand_position(span: Span) -> bool:
    """A position only a brand or company fits: listed under a unit noun ("its three
    marques - BMW, Mini and Rolls-Royce"), premodifying a product noun ("Mini models",
    "its Opel and Vauxhall models"), or the named object of a publisher ("which
    publishes The Sun")."""
    root = span.root
    if listing_nouns(root):
        return True
    first = first_conjunct(root)
    if first.dep_ in ("compound", "nmod") and first.head.lower_ in words("unit_links", "product_heads"):
        return True
    return first.dep_ == "dobj" and first.head.lemma_.lower() in words("unit_links", "publishing_verbs")


def _premodifies_post(span: Span, lex: _Lexicons) -> bool:
    """"Wipro chairman Azim Premji": the employer premodifying a post and its holder."""
    doc = span.doc
    end = span.end
    while end < len(doc) and end - span.end < 4 and doc[end].pos_ in ("NOUN", "ADJ"):
        end += 1
    if end == span.end or end >= len(doc) or doc[end].pos_ != "PROPN":
        return False
    post = " ".join(t.lower_ for t in doc[span.end : end])
    return post in lex.titles and lex.titles[post] not in lex.public_posts and post not in lex.public_posts


def _org_cue(span: Span, lex: _Lexicons, *, weak: bool) -> bool:
    """A position only an organisation fits: it owns a part, post, account or
    shares ("X's division", "chairman of X", "shares in X"), or it employs the
    holder of a post ("Wipro chairman Azim Premji").  ``weak`` adds the subject
    of a verb of corporate reporting ("X reported", "X said in a statement")
    and a cited source."""
    root = span.root
    head = root.head
    if root.dep_ == "poss" and _governs_org_noun(head, lex):
        return True
    if root.dep_ == "pobj" and head.lower_ == "of" and _governs_org_noun(head.head, lex):
        return True
    if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lower_ in lex.stake_nouns:
        # "shares in X", "its interest in X", but not "Carnival's shares in
        # London" (where they trade)
        traded = head.head.lemma_.lower() in ("share", "stock") and any(c.dep_ == "poss" for c in head.head.children)
        if not traded:
            return True
    if root.dep_ == "compound" and head.lemma_.lower() in lex.unit_relations:
        return True
    if root.dep_ in ("compound", "nmod") and _premodifies_post(span, lex):
        return True
    if not weak:
        return False
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex.org_subject_verbs:
        return True
    if root.dep_ == "nsubj" and head.lemma_ == "say" and any(
        p.lower_ == "in" and any(o.lower_ == "statement" for o in p.children) for p in head.children
    ):
        return True
    # A cited source that is not a known place: "according to ZDNet".
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _vote(names: list[_Name], lex: _Lexicons) -> dict[str, EntityKind]:
    votes: dict[str, Counter[EntityKind]] = {}
    cues: dict[str, set[EntityKind]] = {}
    for name in names:
        tally = votes.setdefault(name.text, Counter())
        label = name.label
        if label is EntityKind.PLACE and name.text.isupper() and name.text not in lex.places:
            # an acronym the model took for a place is, outside the gazetteer, an organisation ("BT")
            label = EntityKind.ORGANIZATION
        if label is not None:
            tally[label] += 1
        if name.cue is not None:
            tally[name.cue] += GAZETTEER_VOTE if name.cue is EntityKind.PLACE else CONTEXT_VOTE
            cues.setdefault(name.text, set()).add(name.cue)
    surnames = {n.text.split()[-1] for n in names if n.label is EntityKind.PERSON and " " in n.text}
    # Ties go to an organisation over a place (the gazetteer has already spoken
    # for known places), else to the first label seen (Counter keeps insertion order).
    kinds = {text: _winner(tally) for text, tally in votes.items() if tally}
    addressed = _addressed(names[0].span.doc) if names else set()
    for text, kind in kinds.items():
        # "Deutsche Bank's Simon Champion ... Mr Champion": a full name the model took
        # for a place outside the gazetteer, whose last word is addressed with an
        # honorific elsewhere in the article, is that person.
        if kind is EntityKind.PLACE and " " in text and text not in lex.places and text.rsplit(" ", 1)[1] in addressed:
            kinds[text] = EntityKind.PERSON
        # A person is introduced by a full name or an honorific; a one-word name
        # with organisation evidence and no person evidence anywhere is a company
        # the model kept misreading ("Yukos is being broken up").
        if kind is EntityKind.PERSON and " " not in text and text not in surnames and cues.get(text) == {EntityKind.ORGANIZATION}:
            kinds[text] = EntityKind.ORGANIZATION
    return kinds


def _addressed(doc: Doc) -> set[str]:
    """Capitalised proper nouns right after an honorific ("Mr Champion"), tagged or not."""
    honorifics = {doc.vocab.strings[word] for word in HONORIFICS}
    lowers = doc.to_array(LOWER).tolist()  # compared by hash, with no Token per position
    return {
        doc[i + 1].text
        for i, lower in enumerate(lowers[:-1])
        if lower in honorifics and doc[i + 1].pos == PROPN and doc[i + 1].text[:1].isupper()
    }


def _winner(tally: Counter[EntityKind]) -> EntityKind:
    best = tally.most_common(1)[0]
    if best[0] is EntityKind.PLACE and tally[EntityKind.ORGANIZATION] == best[1]:
        return EntityKind.ORGANIZATION
    return best[0]


def _propagate(doc: Doc, names: list[_Name], kinds: dict[str, EntityKind]) -> list[_Name]:
    """Add occurrences of known names that the model did not tag."""
    taken = {i for n in names for i in range(n.span.start, n.span.end)}
    by_first: dict[str, list[list[str]]] = {}
    for text in kinds:
        parts = text.split()
        by_first.setdefault(parts[0], []).append(parts)
    found = list(names)
    # a name's first word, compared by its hash in the Doc's string store (no Token per position)
    firsts = {doc.vocab.strings[word] for word in by_first}
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        if orth not in firsts or i in taken:
            continue
        token = doc[i]
        if token.text not in by_first or not token.text[:1].isupper():
            continue
        for parts in sorted(by_first[token.text], key=len, reverse=True):
            end = token.i + len(parts)
            if end <= len(doc) and [t.text for t in doc[token.i : end]] == parts and not taken & set(range(token.i, end)):
                found.append(_Name(doc[token.i : end], None, None))
                taken.update(range(token.i, end))
                break
    return sorted(found, key=lambda n: n.span.start)
