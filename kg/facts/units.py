"""Units of organisations: divisions, subsidiaries, and what an organisation owns.

Two sources:

* unnamed units described by a noun phrase — "Alibaba's cloud computing
  division", "the cloud computing division of Alibaba" — found while resolving
  entities (a unit is an entity, and "the department" must find it later);
* named organisations linked to a parent by the grammar:
  - apposition: "Lexus, a subsidiary of Toyota", "the Toyota subsidiary Lexus",
    "its internet business, AOL";
  - copula: "Lexus is a unit of Toyota";
  - ownership: "Saab, owned by General Motors", "Renault, which owns 44% of
    Nissan" is a stake, not ownership, so a quantity blocks it; "GM owns Saab";
  - a name inside a unit phrase: "News Corp's News International unit" (a bare
    possessive, "Pearson's Financial Times", is too loose a link: "Aston's DB9");
  - lists: "its subsidiary brands include AEG, Zanussi and Frigidaire", "its
    three marques - BMW, Mini and Rolls-Royce";
  - the parent named by a noun: "its former parent AT&T", "Airbus' owner EADS",
    "EADS - Airbus' majority owner -";
  - a possessor: "Pearson's Financial Times", "the Bank's Monetary Policy
    Committee"; a brand before what its owner possesses: "its Opel and
    Vauxhall models";
  - a publisher: "News International, which publishes The Sun";
  - a creator: "The group is to set up a new Access Services division";
  - a regional name: "Vodafone KK" beside "Vodafone", "GM Europe" beside "GM".

A link put in the past ("its former parent AT&T", "Lexus, a one-time unit of
Toyota", "Saab, formerly owned by GM") or ended by a completed sale ("Acme sold
its Widget unit", "its Yugansk unit was sold") is a former one: stated, and kept
apart from the current structure.

A unit described without a name ("its MMC Capital private equity unit") is
left to the named link when the description holds a name, or when the
document names it with a like description elsewhere ("Yukos' key oil
production unit" / "its key production unit Yuganskneftegas").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.facts.clusters import unit_modifier_stoplist
from kg.facts.entities import DocEntities
from kg.facts.naming import collections, listing_nouns
from kg.facts.syntax import base_offset, first_conjunct, subject
from kg.model import EntityKind, UnitOf
from kg.patterns import lexicon, load, words

Link = tuple[str, str, bool]  # the organisation at the other end, the relation, whether it is a former one

ORG_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)
OWNING = frozenset({"own", "control"})
DASHES = frozenset({"-", "–", "—", "--"})


@cache
def _unit_nouns() -> dict[str, str]:
    nouns = dict(lexicon("units", "relations"))
    nouns.update({w: "division" for w in words("units", "modified_heads")})
    return nouns


@cache
def _owning_verbs() -> frozenset[str]:
    return words("units", "owning_verbs")


def extract(doc: Doc, ents: DocEntities) -> Iterator[UnitOf]:
    for unit, parent, relation, mentions in ents.units():
        if _named_elsewhere(doc, ents, unit, parent):
            continue
        for mention in mentions:
            span = doc.char_span(mention.start - base_offset(doc), mention.end - base_offset(doc), alignment_mode="expand")
            if span is None or not _names_a_unit(span, ents, parent):
                former = span is not None and _former(span.root)
                yield UnitOf(unit=unit, parent=parent, relation=relation, evidence=mention.sentence, former=former)
    yield from _held_units(doc, ents)
    yield from _regional_units(doc, ents)
    for i in ents.referring():
        token = doc[i]
        key = _org(ents, token)
        # one token per name: the last word of a multi-word name
        if key is None or (token.dep_ == "compound" and ents.key(token.head) == key):
            continue
        if token.dep_ == "appos" and token.pos_ == "NOUN" and ents.key(token.head) not in (None, key):
            continue  # a description in apposition to a name describes that name ("Baikal, the little-known firm")
        links = [*_named_links(token, ents), *_listed_links(token, ents), *_possessed_links(token, ents), *_published_links(token, ents)]
        for parent, relation, former in links:
            if parent != key:
                yield UnitOf(unit=key, parent=parent, relation=relation, evidence=ents.evidence(ents.sentence(token.i)), former=former)
        for child, relation, former in _parent_nouns(token, ents):
            if child != key:
                yield UnitOf(unit=child, parent=key, relation=relation, evidence=ents.evidence(ents.sentence(token.i)), former=former)


def _former(noun: Token) -> bool:
    """Whether the phrase of a unit or parent noun puts the link in the past: "its former
    parent", "a one-time unit", "the ex-parent" (the tokenizer splits "ex-" and "one-time"
    apart, and the parser may leave their pieces outside the noun's phrase)."""
    doc = noun.doc
    start = min(noun.left_edge.i, max(noun.i - 2, 0))
    before = re.sub(r"\s*-\s*", "-", " ".join(t.lower_ for t in doc[start : noun.i])).split()
    return any(w in words("units", "past_modifiers") for w in before) or _disposed(noun)


def _disposed(noun: Token) -> bool:
    """Whether the noun is what a completed disposal let go: "Acme sold its Widget unit",
    "has spun off its insurance arm", "the unit was sold", "disposed of its unit"; not
    "agreed to sell" or "will sell" (the link still holds), nor a part ("sold half its
    finance arm").  A unit noun in apposition stands for the name it describes: "Acme
    sold Zorbex, its chemicals unit"."""
    if noun.dep_ == "appos":
        noun = noun.head
    if any(c.dep_ in ("predet", "nummod", "quantmod") for c in noun.children):
        return False
    verb, place = noun.head, noun.dep_
    if place == "pobj" and verb.lower_ in ("of", "off"):
        verb, place = verb.head, verb.lower_
    needs = load("units")["disposal_verbs"].get(verb.lemma_.lower())
    if needs is None or verb.pos_ != "VERB":
        return False
    if needs in ("of", "off") and place == needs:
        return _completed(verb)
    particle = not needs or any(c.dep_ == "prt" and c.lower_ == needs for c in verb.children)
    return place in ("dobj", "nsubjpass") and particle and _completed(verb)


def _completed(verb: Token) -> bool:
    """A verb in the simple past ("sold") or a perfect or past passive ("has sold", "was
    sold"), with no modal ("would have sold")."""
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in helpers):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.lemma_ == "have" or c.lower_ in ("was", "were") for c in helpers)


def _formerly(verb: Token) -> bool:
    """"Saab, formerly owned by GM": the owning verb is put in the past."""
    return any(c.dep_ == "advmod" and c.lower_ in words("units", "past_adverbs") for c in verb.children)


def _regional_units(doc: Doc, ents: DocEntities) -> Iterator[UnitOf]:
    """"GM Europe" beside "GM", "Vodafone KK" beside "Vodafone": another organisation's
    name followed by a place (or a local company form) names its unit there."""
    by_name = {n: k for k, c in ents.clusters.items() if c.kind is EntityKind.ORGANIZATION for n in c.names}
    places = _places()
    for i in ents.referring():
        token = doc[i]
        key = _org(ents, token)
        last = token.i + 1 == len(doc) or ents.key(doc[token.i + 1]) != key
        if key is None or not last:
            continue
        name = [t.text for t in doc[ents.name_start(token) : token.i + 1]]
        for cut in range(1, len(name)):
            parent = by_name.get(" ".join(name[:cut]))
            rest = " ".join(name[cut:])
            if parent not in (None, key) and (rest in places or rest.lower() in words("unit_links", "regional_suffixes")):
                yield UnitOf(unit=key, parent=parent, relation="division", evidence=ents.evidence(ents.sentence(token.i)))


@cache
def _places() -> frozenset[str]:
    return frozenset(load("places")["countries"])


@cache
def _settings() -> frozenset[str]:
    """Words that name where a unit works: countries, regions, demonyms."""
    places = load("places")
    return frozenset([*places["countries"], *places["demonyms"], *places["regions"]])


def _held_units(doc: Doc, ents: DocEntities) -> Iterator[UnitOf]:
    """"Verizon ... has built a successful mobile division": a unit described without a
    parent belongs to the subject of the verb that has, builds or runs it."""
    for i in ents.referring():
        token = doc[i]
        unit = ents.key(token)
        if unit is None or ents.kind(unit) is not EntityKind.UNIT or ents.parent(unit) is not None:
            continue
        if token.dep_ != "dobj" or token.head.lemma_.lower() not in _owning_verbs():
            continue
        owner = _org(ents, subject(token.head))
        if owner is not None and owner != unit:
            relation = _unit_nouns().get(token.lemma_.lower(), "division")
            yield UnitOf(unit=unit, parent=owner, relation=relation, evidence=ents.evidence(ents.sentence(token.i)), former=_former(token))


def _names_a_unit(span: Span, ents: DocEntities, parent: str) -> bool:
    """Whether a unit description holds the unit's own name ("its MMC Capital private
    equity unit", "its key production unit Yuganskneftegas"): the named link says it better."""
    tokens = list(span) + [c for t in span for c in t.children if c.dep_ in ("appos", "compound", "nmod")]
    tokens += [span.root.head] if span.root.head.pos_ == "PROPN" and span.root.dep_ in ("compound", "nmod") else []
    if any(t.pos_ == "PROPN" and (key := ents.key(t)) is not None and key != parent and ents.kind(key) is EntityKind.ORGANIZATION for t in tokens):
        return True
    # own name (not a place it works in: "its US unit", "its German unit"); the model may have
    # folded the word into the description, or mislabelled it
    settings = words("unit_links", "setting_entity_labels")
    return any(t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod") and t.head.i == span.root.i and t.text[:1].isupper()
               and ents.key(t) in (None, ents.key(span.root)) and t.ent_type_.lower() not in settings and t.text not in _settings()
               for t in span)


def _named_elsewhere(doc: Doc, ents: DocEntities, unit: str, parent: str) -> bool:
    """Whether the document names the described unit with a like description: "Yukos'
    former key oil production unit" is "its key production unit Yuganskneftegas"
    (same parent, same head noun, no modifier the first description lacks)."""
    described = (ents.clusters[unit].descriptor or "").split()
    if not described:
        return False
    stoplist = unit_modifier_stoplist()
    for i, lower in enumerate(ents.columns.lower):
        if lower != described[-1]:
            continue
        noun = doc[i]
        if ents.key(noun) == unit:
            continue
        named = [c for c in noun.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and _org(ents, c) not in (None, parent)]
        owner = next((ents.key(c) for c in noun.children if c.dep_ == "poss"), None)
        modifiers = {t.lower_ for t in noun.lefts if t.dep_ in ("compound", "amod") and ents.key(t) is None and t.lower_ not in stoplist}
        if named and owner == parent and modifiers <= set(described):
            return True
    return False


def _listed_links(name: Token, ents: DocEntities) -> Iterator[Link]:
    """Units listed after a plural unit noun: "its subsidiary brands include AEG, Zanussi
    and Frigidaire", "its three marques - BMW, Mini and Rolls-Royce"."""
    first = first_conjunct(name)
    known = collections()
    for noun in listing_nouns(name):
        relation = "subsidiary" if any(c.lower_ == "subsidiary" for c in noun.children) else known[noun.lower_]
        parent = _parent_of(noun, ents) or next(
            (k for c in first.children if c.dep_ == "poss" and (k := _org(ents, c))), None)
        if parent is not None:
            yield parent, relation, _former(noun)


def _possessed_links(name: Token, ents: DocEntities) -> Iterator[Link]:
    """A brand or company premodifying what its owner possesses: "its Opel and Vauxhall
    models", "the group's Opel workers", "its loss-making Saab factory" (a factory only
    when the name speaks elsewhere: a place names a factory as often)."""
    first = first_conjunct(name)
    noun = first.head
    if first.dep_ not in ("compound", "nmod"):
        return
    facility = noun.lower_ in words("unit_links", "facility_heads")
    if not (noun.lower_ in words("unit_links", "possessed_heads") or facility and _speaks(ents, ents.key(name))):
        return
    for child in noun.children:
        if child.dep_ == "poss" and (key := _org(ents, child)) is not None:
            yield key, "owned", _former(noun)


def _speaks(ents: DocEntities, key: str | None) -> bool:
    """Whether the entity is the named subject of a verb of speech somewhere ("Saab has
    consistently said"): a company, where "its Cowley factory" may name a place."""
    speech = words("speech", "verbs")
    return any(
        ents.key(t) == key and t.pos_ == "PROPN" and t.dep_ == "nsubj" and t.head.lemma_.lower() in speech for t in ents.doc
    )


def _published_links(name: Token, ents: DocEntities) -> Iterator[Link]:
    """"News International, which publishes The Sun and the News of the World": the
    relative clause's subject owns its named objects."""
    first = first_conjunct(name)
    verb = first.head
    if first.dep_ != "dobj" or verb.dep_ != "relcl" or verb.lemma_.lower() not in words("unit_links", "publishing_verbs"):
        return
    if name.i not in {t.i for t in _coordinated(first)}:
        return
    owner = verb.head
    key = _org(ents, owner) or next((k for c in owner.children if c.dep_ == "compound" and (k := _org(ents, c))), None)
    if key is not None:
        yield key, "owned", _formerly(verb)


def _coordinated(first: Token) -> list[Token]:
    """The members of a coordination up to the one after "and"/"or": a parse that
    chains a following list on ("The Sun and the News of the World, the Guardian
    Media Group, ...") does not extend it."""
    members = [first]
    current = first
    while True:
        nxt = next((c for c in current.children if c.dep_ == "conj"), None)
        if nxt is None:
            return members
        members.append(nxt)
        before = nxt.left_edge.i - 1
        if before >= 0 and nxt.doc[before].dep_ == "cc":
            return members
        current = nxt


def _parent_nouns(name: Token, ents: DocEntities) -> Iterator[Link]:
    """"SBC agreed to buy its former parent AT&T": the possessor of "parent" is a unit of the name."""
    described = [c for c in name.children if c.dep_ in ("appos", "compound")]
    if name.dep_ in ("appos", "conj"):
        described.append(name.head)
    for noun in described:
        if noun.lemma_.lower() in words("units", "parent_nouns"):
            for child in (c for c in noun.children if c.dep_ == "poss"):
                if (key := _org(ents, child)) is not None:
                    yield key, "owned", _former(noun)
    # "EADS - Airbus' majority owner - admitted ...": the parser hangs a dashed
    # apposition's anchor on the possessor inside it
    possessor = name.head
    dashed = any(t.text in DASHES for t in name.doc[name.i + 1 : possessor.i])
    owner_noun = possessor.head.lemma_.lower() in words("units", "parent_nouns")
    if name.dep_ in ("nmod", "compound") and possessor.dep_ == "poss" and dashed and owner_noun:
        key = _org(ents, possessor)
        if key is not None:
            yield key, "owned", _former(possessor.head)


def _org(ents: DocEntities, token: Token | None) -> str | None:
    key = ents.key(token)
    return key if key is not None and ents.kind(key) in ORG_KINDS else None


def _named_links(name: Token, ents: DocEntities) -> Iterator[Link]:
    """(parent, relation) pairs that the grammar around a named organisation states."""
    nouns = _unit_nouns()
    # "Lexus, a subsidiary of Toyota"; "its internet business, AOL" (the name in apposition)
    described = [c for c in name.children if c.dep_ == "appos"]
    if name.dep_ == "appos":
        described.append(name.head)
    # "the Toyota subsidiary Lexus": the unit noun modifies the name
    described += [c for c in name.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    # "Lexus is a unit of Toyota"
    if name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ == "be":
        described += [c for c in name.head.children if c.dep_ == "attr"]
    for noun in described:
        relation = nouns.get(noun.lemma_.lower())
        if relation is None:
            continue
        parent = _parent_of(noun, ents)
        if parent is not None:
            yield parent, relation, _former(noun)
    # "Saab, owned by General Motors" / "Saab is owned by GM" / "ONGC, which is majority-owned by ..."
    # / "News Corp's News International unit" (the name inside the unit phrase)
    named = name.pos_ == "PROPN"  # a name, not an unnamed unit ("its internet business")
    if named and name.dep_ in ("compound", "nmod") and name.head.pos_ == "NOUN" and nouns.get(name.head.lemma_.lower()):
        unit = name.head
        parent = _parent_of(unit, ents, besides=ents.key(name))
        if parent is None and unit.dep_ == "dobj" and unit.head.lemma_.lower() in words("unit_links", "creating_verbs"):
            # "The group is to set up a new Access Services division": the subject creates it
            # (not "wants to own the Fiat unit", where the name may be the unit's other parent)
            parent = _org(ents, subject(unit.head))
        if parent is not None:
            yield parent, nouns[unit.lemma_.lower()], _former(unit)
    if named:
        yield from _possessed_name(name, ents)
    relatives = [c for c in name.children if c.dep_ == "relcl" and any(s.dep_ == "nsubjpass" for s in c.children)]
    for verb in [c for c in name.children if c.dep_ == "acl"] + ([name.head] if name.dep_ == "nsubjpass" else []) + relatives:
        if verb.lemma_.lower() in OWNING:
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                parent = next((k for o in agent.children if (k := _org(ents, o))), None)
                if parent is not None:
                    yield parent, "owned", _formerly(verb)
    # "GM owns Saab" (not "owns 44% of Nissan": a stake is not ownership)
    if name.dep_ == "dobj" and name.head.lemma_.lower() in OWNING and not any(t.like_num for t in name.subtree):
        parent = _org(ents, subject(name.head))
        if parent is not None:
            yield parent, "owned", _formerly(name.head)


def _possessed_name(name: Token, ents: DocEntities) -> Iterator[Link]:
    """"Pearson's Financial Times", "the Bank of England's Monetary Policy Committee": an
    organisation named with an organisation as its possessor.  Not a product model (a
    name with a digit: "Aston's DB9") nor a short form in brackets ("Standard & Poor's (S&P)")."""
    span = ents.doc[ents.name_start(name) : name.i + 1]
    if any(any(ch.isdigit() for ch in t.text) for t in span) or (span.start > 0 and ents.doc[span.start - 1].text == "("):
        return
    for child in name.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN" and (key := _org(ents, child)) is not None:
            after = child.right_edge.i + 1  # the word after the possessive marker
            if after < len(ents.doc) and ents.key(ents.doc[after]) == key:
                continue  # the possessive is inside a name: "Barclay's Capital and Sumitomo Mitsui"
            body = any(t.lemma_.lower() in words("unit_links", "body_words") for t in span)
            yield key, "division" if body else "owned", False


def _parent_of(noun: Token, ents: DocEntities, *, besides: str | None = None) -> str | None:
    """The organisation a unit noun belongs to: "of Toyota", "Toyota's", "the Toyota
    subsidiary"; never ``besides``, the unit's own name ("a new Access Services division"),
    nor the unit the noun's own description stands for."""
    own = {besides, ents.key(noun)}
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and (key := _org(ents, child)) and key not in own:
            return key
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and (key := _org(ents, obj)) and key not in own:
                    return key
    return None
