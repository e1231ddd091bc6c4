"""The entities of one document: who and what it talks about, and every mention.

Three passes over the parse, each a standard technique kept deliberately small:

1. **Typing by vote** (one sense per discourse).  Every occurrence of a name
   votes for a type: the statistical label counts once, a syntactic context
   that only an organisation fits ("X's division", "chairman of X", a legal
   suffix) counts three times, a known country name five times.  The winner
   types every occurrence, so one misread sentence cannot split an entity.
2. **Name clustering.**  Names of one type that denote the same thing are
   merged: legal-suffix variants, surnames of a full name, acronyms.
3. **Left-to-right reference resolution.**  Pronouns, definite descriptions
   ("the company", "the department", "the chairman") and unnamed units
   ("Alibaba's cloud computing division") are resolved against the entities
   mentioned so far, preferring the subject of the current or the previous
   sentence (a salience ordering in the spirit of Hobbs and Lappin & Leass).

Every merge and every resolution is recorded with the rule that made it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.facts.syntax import SUBJECTS, base_offset, evidence, match_phrase, subject
from kg.model import Entity, EntityKind, Mention, Merge
from kg.patterns import lexicon, load, words

LABELS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
}
LEGAL_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "limited", "plc", "llc", "ag", "sa", "nv", "co", "co.", "group", "holdings", "company"}
)
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "dame"})
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
ORG_LIKE = (EntityKind.ORGANIZATION, EntityKind.UNIT)
# Pronoun classes whose referent may be left unnamed by the text (see DocEntities.unnamed).
UNNAMED: dict[str, tuple[frozenset[str], EntityKind]] = {
    "he": (MALE, EntityKind.PERSON),
    "she": (FEMALE, EntityKind.PERSON),
    "i": (frozenset({"i", "me", "my", "mine", "myself"}), EntityKind.PERSON),
    "we": (frozenset({"we", "us", "our", "ours", "ourselves"}), EntityKind.ORGANIZATION),
    "it": (NEUTER, EntityKind.ORGANIZATION),
}
QUOTES = frozenset({'"', "“", "”", "``", "''"})

CONTEXT_VOTE = 3
GAZETTEER_VOTE = 5
PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
DESCRIPTION_WINDOW = 6  # sentences back that "the company" may reach


@dataclass(frozen=True, slots=True)
class _Lexicons:
    titles: dict[str, str]
    unit_relations: dict[str, str]
    unit_modified_heads: frozenset[str]
    unit_stoplist: frozenset[str]
    org_descriptions: frozenset[str]
    unit_descriptions: frozenset[str]
    determiners: frozenset[str]
    places: frozenset[str]
    org_nouns: frozenset[str]
    owning_verbs: frozenset[str]


@cache
def _lexicons() -> _Lexicons:
    titles = lexicon("roles", "titles")
    relations = lexicon("units", "relations")
    metrics = lexicon("metrics", "metrics")
    government = {"minister", "prime minister", "chancellor", "governor", "president", "finance minister", "trade minister"}
    corporate_titles = {form for form, title in titles.items() if title not in government}
    return _Lexicons(
        titles=titles,
        unit_relations=relations,
        unit_modified_heads=words("units", "modified_heads"),
        unit_stoplist=words("units", "modifier_stoplist"),
        org_descriptions=words("descriptions", "organization"),
        unit_descriptions=words("descriptions", "unit"),
        determiners=words("descriptions", "determiners"),
        places=frozenset(load("places")["countries"]),
        # Nouns whose possessor or "of"-object is an organisation: its parts,
        # its posts, its accounts.
        org_nouns=frozenset(relations) | frozenset(corporate_titles) | frozenset(metrics) | {"shares", "shareholders", "board", "headquarters", "stake"},
        owning_verbs=words("units", "owning_verbs"),
    )


@dataclass(slots=True)
class _Cluster:
    key: str
    kind: EntityKind
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    parent: str | None = None  # for units
    descriptor: str | None = None  # for units: "cloud computing division"
    relation: str | None = None  # for units: division | subsidiary
    anonymous: bool = False  # stands for a pronoun whose antecedent the text never names

    @property
    def name(self) -> str:
        if self.kind is EntityKind.UNIT or not self.names:
            return self.names[0] if self.names else self.key
        # The most complete name: most words, then earliest.
        return max(self.names, key=lambda n: (len(n.split()), -self.names.index(n)))


@dataclass(frozen=True, slots=True)
class _Seen:
    """An entity mention in the left-to-right pass."""

    key: str
    kind: EntityKind
    token: int
    sentence: int
    subject: bool


class DocEntities:
    """The entities of one document and where each is mentioned.

    Fact extractors ask :meth:`key` which entity a token refers to; nothing
    outside ``kg.facts`` sees this class.
    """

    def __init__(self, doc: Doc, doc_id: str) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.clusters: dict[str, _Cluster] = {}
        self.merges: list[Merge] = []
        self._token_key: dict[int, str] = {}
        self._sent_index = {s.start: n for n, s in enumerate(doc.sents)}
        self._unnamed: dict[str, str] = {}

    # --- queries used by fact extractors --------------------------------

    def key(self, token: Token | None) -> str | None:
        """The entity a token refers to (a name, unit, pronoun or description)."""
        if token is None:
            return None
        return self._token_key.get(token.i)

    def kind(self, key: str) -> EntityKind:
        return self.clusters[key].kind

    def name(self, key: str) -> str:
        return self.clusters[key].name

    def parent(self, key: str) -> str | None:
        return self.clusters[key].parent

    def relation(self, key: str) -> str | None:
        return self.clusters[key].relation

    def units(self) -> list[tuple[str, str, str, list[Mention]]]:
        """(unit, parent, relation, the mentions that describe it with its parent)."""
        return [
            (c.key, c.parent, c.relation or "division", [m for m in c.mentions if m.rule == "unit-description"])
            for c in self.clusters.values()
            if c.kind is EntityKind.UNIT and c.parent is not None
        ]

    def holders_of(self, title: str) -> list[str]:
        """People known (so far) to hold a title, in order of first mention."""
        return [k for k, c in self.clusters.items() if c.kind is EntityKind.PERSON and title in c.titles]

    def entities(self) -> tuple[Entity, ...]:
        out = []
        for cluster in self.clusters.values():
            if not cluster.mentions:
                continue
            name = cluster.name
            alts = tuple(sorted({n for n in cluster.names if n != name}))
            out.append(Entity(cluster.key, cluster.kind, name, alts, tuple(cluster.mentions), cluster.anonymous))
        return tuple(out)

    def sentence_of(self, token: Token) -> int:
        return self._sent_index[token.sent.start]

    def unnamed(self, token: Token) -> str | None:
        """The entity a personal pronoun refers to when the text names no antecedent.

        A passage may open with "He was born in ..." after its antecedent was
        cut away, and a profile may speak of its author as "I" or of its
        company as "we".  Such a pronoun still denotes someone: one unnamed
        entity per document and pronoun class (he, she, I, we, it) stands for
        it, named after the pronoun and the document so that documents never
        share it.  First-person pronouns inside a quotation belong to the
        speaker, not the author, and get none; nor does an expletive "it".
        Tokens that already refer to an entity get that entity.
        """
        known = self.key(token)
        if known is not None or token.pos_ != "PRON":
            return known
        lower = token.lower_
        group = next((g for g, (forms, _) in UNNAMED.items() if lower in forms), None)
        if group is None or (group == "it" and (_pleonastic(token) or token.dep_ == "expl")):
            return None
        if group in ("i", "we") and any(t.text in QUOTES for t in token.sent):
            return None
        key = self._unnamed.get(group)
        if key is None:
            cluster = self._new(UNNAMED[group][1])
            cluster.names = [f"{group} ({self.doc_id})"]
            cluster.anonymous = True
            key = self._unnamed[group] = cluster.key
        self._mention(self.clusters[key], self.doc[token.i : token.i + 1], "unnamed-pronoun")
        return key

    def named(self, span: Span, kind: EntityKind) -> str:
        """The entity of a proper name the statistical model did not tag.

        A fact extractor that finds a name in an argument position ("GlobalWare
        Solutions, based in Haverhill") types it by the position (an
        organisation is what is based somewhere) and registers it here: an
        existing entity of that type with the same normal form of name, else a
        new one.  Tokens that already refer to an entity get that entity.
        """
        known = self.key(span.root)
        if known is not None:
            return known
        form = normal_form(span.text, kind)
        cluster = next((c for c in self.clusters.values() if c.kind is kind and form in {normal_form(n, kind) for n in c.names}), None)
        if cluster is None:
            cluster = self._new(kind)
            cluster.names = [span.text]
        self._mention(cluster, span, "untagged-name")
        return cluster.key

    # --- building ------------------------------------------------------------

    def _new(self, kind: EntityKind) -> _Cluster:
        piece = base_offset(self.doc)
        key = f"{self.doc_id}@{piece}#{len(self.clusters) + 1}" if piece else f"{self.doc_id}#{len(self.clusters) + 1}"
        cluster = _Cluster(key, kind)
        self.clusters[key] = cluster
        return cluster

    def _mention(self, cluster: _Cluster, tokens: Span, rule: str) -> None:
        for token in tokens:
            self._token_key.setdefault(token.i, cluster.key)
        sent = evidence(tokens.sent, self.doc_id)
        base = base_offset(self.doc)
        cluster.mentions.append(Mention(self.doc_id, base + tokens.start_char, base + tokens.end_char, tokens.text, rule, sent))


def analyse(doc: Doc, doc_id: str) -> DocEntities:
    """Find, type, cluster and resolve the entities of ``doc``."""
    lex = _lexicons()
    spans = _named_spans(doc, lex)
    kinds = _vote(spans, lex)
    spans = _propagate(doc, spans, kinds)
    ents = DocEntities(doc, doc_id)
    clusters = _cluster_names(ents, spans, kinds)
    _resolve(ents, spans, clusters, lex)
    return ents


# --- pass 1: names and their types -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    span: Span
    label: EntityKind | None  # the statistical label, None if the model missed it
    cue: EntityKind | None  # the type its syntactic context demands

    @property
    def text(self) -> str:
        return self.span.text


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and honorifics, trailing possessives and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].lower_ in HONORIFICS):
        start += 1
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
    # Proper nouns the model missed, in a position only an organisation fits:
    # the possessor of a unit or post ("Alibaba's cloud computing division").
    for token in doc:
        if token.i in taken or token.pos_ != "PROPN" or token.dep_ != "poss":
            continue
        if _governs_org_noun(token.head, lex):
            start = min([c.i for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token.i])
            span = doc[start : token.i + 1]
            names.append(_Name(span, None, EntityKind.ORGANIZATION))
            taken.update(range(span.start, span.end))
    return sorted(names, key=lambda n: n.span.start)


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
    """The type the name's syntactic position requires, if any."""
    root = span.root
    last = span[-1].lower_
    if label is not EntityKind.PERSON and last in LEGAL_SUFFIXES and len(span) > 1:
        return EntityKind.ORGANIZATION
    if span.text in lex.places:
        return EntityKind.PLACE
    if label is EntityKind.PERSON:
        return None
    if root.dep_ == "poss" and _governs_org_noun(root.head, lex):
        return EntityKind.ORGANIZATION
    if root.dep_ == "pobj" and root.head.lower_ == "of" and _governs_org_noun(root.head.head, lex):
        return EntityKind.ORGANIZATION
    if root.dep_ == "compound" and root.head.lemma_.lower() in lex.unit_relations:
        return EntityKind.ORGANIZATION
    # A cited source that is not a known place: "according to ZDNet".
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return EntityKind.ORGANIZATION
    return None


def _vote(names: list[_Name], lex: _Lexicons) -> dict[str, EntityKind]:
    votes: dict[str, Counter[EntityKind]] = {}
    for name in names:
        tally = votes.setdefault(name.text, Counter())
        if name.label is not None:
            tally[name.label] += 1
        if name.cue is not None:
            tally[name.cue] += GAZETTEER_VOTE if name.cue is EntityKind.PLACE else CONTEXT_VOTE
    # Ties go to the first label seen (Counter keeps insertion order).
    return {text: tally.most_common(1)[0][0] for text, tally in votes.items() if tally}


def _propagate(doc: Doc, names: list[_Name], kinds: dict[str, EntityKind]) -> list[_Name]:
    """Add occurrences of known names that the model did not tag."""
    taken = {i for n in names for i in range(n.span.start, n.span.end)}
    by_first: dict[str, list[list[str]]] = {}
    for text in kinds:
        parts = text.split()
        by_first.setdefault(parts[0], []).append(parts)
    found = list(names)
    for token in doc:
        if token.i in taken or token.text not in by_first or not token.text[:1].isupper():
            continue
        for parts in sorted(by_first[token.text], key=len, reverse=True):
            end = token.i + len(parts)
            if end <= len(doc) and [t.text for t in doc[token.i : end]] == parts and not taken & set(range(token.i, end)):
                found.append(_Name(doc[token.i : end], None, None))
                taken.update(range(token.i, end))
                break
    return sorted(found, key=lambda n: n.span.start)


# --- pass 2: clustering names --------------------------------------------------


def normal_form(name: str, kind: EntityKind) -> str:
    """The comparison key of a name: case, articles, possessives and legal suffixes removed."""
    tokens = name.replace("’", "'").replace("'s", "").lower().replace(",", " ").split()
    tokens = [t for t in tokens if t not in ("the",)]
    if kind is EntityKind.ORGANIZATION:
        while len(tokens) > 1 and tokens[-1].rstrip(".") in {s.rstrip(".") for s in LEGAL_SUFFIXES}:
            tokens.pop()
    return " ".join(tokens)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _cluster_names(ents: DocEntities, names: list[_Name], kinds: dict[str, EntityKind]) -> dict[str, str]:
    """Map each name text to a cluster key, merging variants of one name."""
    by_form: dict[tuple[EntityKind, str], _Cluster] = {}
    text_key: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    for n in names:
        first_seen.setdefault(n.text, n.span.start)
    # Longer names first, so short forms ("Ma", "IBM") find the full name.
    for text in sorted(first_seen, key=lambda t: (-len(t.split()), first_seen[t])):
        kind = kinds.get(text)
        if kind is None:
            continue
        form = normal_form(text, kind)
        cluster = by_form.get((kind, form))
        rule = "same-name"
        if cluster is None and kind is EntityKind.PERSON and len(form.split()) == 1:
            full = [c for (k, f), c in by_form.items() if k is kind and len(f.split()) > 1 and f.split()[-1] == form]
            cluster, rule = (full[0], "surname") if len({c.key for c in full}) == 1 else (None, rule)
        if cluster is None and kind is EntityKind.ORGANIZATION and text.isupper() and len(text) > 1:
            full = [c for (k, f), c in by_form.items() if k is kind and any(_acronym(n) == text for n in c.names)]
            cluster, rule = (full[0], "acronym") if len({c.key for c in full}) == 1 else (None, rule)
        if cluster is None:
            cluster = ents._new(kind)
        elif text not in cluster.names:
            ents.merges.append(Merge(into=cluster.key, merged=text, rule=rule, doc=ents.doc_id))
        if text not in cluster.names:
            cluster.names.append(text)
        by_form[(kind, form)] = cluster
        text_key[text] = cluster.key
    return text_key


# --- pass 3: left-to-right resolution --------------------------------------


def _resolve(ents: DocEntities, names: list[_Name], text_key: dict[str, str], lex: _Lexicons) -> None:
    doc = ents.doc
    starts = {n.span.start: n for n in names if n.text in text_key}
    # Names are known before the pass, so "the division of Alibaba" finds its
    # parent even though the parent's name comes after the unit noun.
    for n in starts.values():
        for token in n.span:
            ents._token_key[token.i] = text_key[n.text]
    history: list[_Seen] = []
    skip_until = -1
    for token in doc:
        if token.i < skip_until or token.is_space:
            continue
        name = starts.get(token.i)
        if name is not None:
            cluster = ents.clusters[text_key[name.text]]
            ents._mention(cluster, name.span, "name")
            if cluster.kind is EntityKind.PERSON:
                cluster.titles.update(_titles_of(name.span, lex))
            _remember(ents, history, cluster, name.span.root)
            skip_until = name.span.end
            continue
        unit = _unit_at(ents, token, history, lex)
        if unit is not None:
            cluster, span = unit
            ents._mention(cluster, span, "unit-description")
            _remember(ents, history, cluster, token)
            continue
        resolved = _refer(ents, token, history, lex)
        if resolved is not None:
            cluster, rule = resolved
            start = min([c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound")] + [token.i])
            ents._mention(cluster, doc[start : token.i + 1], rule)
            if rule == "pronoun" and cluster.kind is EntityKind.PERSON and cluster.gender is None:
                cluster.gender = "m" if token.lower_ in MALE else "f" if token.lower_ in FEMALE else None
            _remember(ents, history, cluster, token)


def _remember(ents: DocEntities, history: list[_Seen], cluster: _Cluster, head: Token) -> None:
    subject = head.dep_ in SUBJECTS
    history.append(_Seen(cluster.key, cluster.kind, head.i, ents.sentence_of(head), subject))


def _titles_of(span: Span, lex: _Lexicons) -> set[str]:
    """Titles given to a named person in apposition or as a premodifier."""
    titles: set[str] = set()
    root = span.root
    for child in root.children:
        if child.dep_ == "appos":
            phrase = [t for t in child.subtree if t.i <= child.i and t.pos_ not in ("DET", "ADV", "PUNCT")]
            for i in range(len(phrase)):
                hit = match_phrase(phrase, i, lex.titles)
                if hit:
                    titles.add(hit[0])
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "cc", "nmod") and doc[i].head.i >= span.start:
        i -= 1
    left = list(doc[i + 1 : span.start])
    for j in range(len(left)):
        hit = match_phrase(left, j, lex.titles)
        if hit:
            titles.add(hit[0])
    return titles


def _unit_at(ents: DocEntities, token: Token, history: list[_Seen], lex: _Lexicons) -> tuple[_Cluster, Span] | None:
    """An organisational unit described by the noun phrase headed by ``token``.

    "Alibaba's cloud computing division" and "the cloud computing division of
    Alibaba" both name a unit: a unit noun, a descriptive modifier and a parent
    given by a possessor or an "of" phrase.  The unit is the same entity
    whenever parent and descriptor agree.
    """
    if token.pos_ != "NOUN":
        return None
    head = token.lemma_.lower()
    relation = lex.unit_relations.get(head)
    if relation is None and head not in lex.unit_modified_heads:
        return None
    modifiers = [
        t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod") and t.lower_ not in lex.unit_stoplist and ents.key(t) is None
    ]
    if not modifiers:
        return None
    parent_token: Token | None = None
    for child in token.children:
        if child.dep_ == "poss":
            parent_token = child
    if parent_token is None:
        of = [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        parent_token = of[0] if of else None
    if parent_token is None:
        parent_token = next((t for t in token.lefts if t.dep_ == "compound" and ents.key(t) is not None), None)
    if parent_token is None and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in lex.owning_verbs:
        # "Verizon ... has built a successful mobile division": the subject owns it
        parent_token = subject(token.head)
    if parent_token is None:
        return None
    parent_key = ents.key(parent_token)
    if parent_key is None and parent_token.lower_ in NEUTER | PLURAL:
        resolved = _pronoun(ents, parent_token, history, ORG_LIKE)
        if resolved is not None:
            ents._mention(ents.clusters[resolved], ents.doc[parent_token.i : parent_token.i + 1], "pronoun")
            parent_key = resolved
    if parent_key is None or ents.kind(parent_key) not in ORG_LIKE:
        return None
    first = min([m.i for m in modifiers] + [token.i])
    descriptor = " ".join([t.lower_ for t in ents.doc[first : token.i]] + [token.lower_])
    for cluster in ents.clusters.values():
        if cluster.kind is EntityKind.UNIT and cluster.parent == parent_key and cluster.descriptor == descriptor:
            break
    else:
        cluster = ents._new(EntityKind.UNIT)
        cluster.parent, cluster.descriptor = parent_key, descriptor
        cluster.relation = relation or "division"
        cluster.names = [f"{ents.name(parent_key)} {descriptor}", descriptor]
    left = min([t.i for t in token.lefts if t.dep_ in ("det", "poss") and t.i != parent_token.i] + [first])
    return cluster, ents.doc[left : token.i + 1]


def _refer(ents: DocEntities, token: Token, history: list[_Seen], lex: _Lexicons) -> tuple[_Cluster, str] | None:
    """Resolve a pronoun or definite description to an entity seen before."""
    lower = token.lower_
    if token.pos_ == "PRON" and token.dep_ != "expl":
        if lower in MALE or lower in FEMALE:
            key = _pronoun(ents, token, history, (EntityKind.PERSON,))
        elif lower in NEUTER and not _pleonastic(token):
            key = _pronoun(ents, token, history, ORG_LIKE)
        elif lower in PLURAL:
            key = _pronoun(ents, token, history, (EntityKind.ORGANIZATION,), window=1)
        else:
            key = None
        return (ents.clusters[key], "pronoun") if key else None
    if token.pos_ != "NOUN" or not _definite(token, lex):
        return None
    lemma = token.lemma_.lower()
    if lemma in lex.unit_descriptions:
        key = _latest(ents, token, history, (EntityKind.UNIT,), DESCRIPTION_WINDOW)
        return (ents.clusters[key], "definite-description") if key else None
    if lemma in lex.org_descriptions:
        key = _latest(ents, token, history, (EntityKind.ORGANIZATION,), DESCRIPTION_WINDOW)
        return (ents.clusters[key], "definite-description") if key else None
    # "the chairman": the person this document has given that title.
    if any(p.lower_ == "of" for p in token.children):
        return None
    phrase = [t for t in token.lefts if t.dep_ in ("compound", "amod")] + [token]
    hit = match_phrase(phrase, 0, lex.titles)
    if hit and hit[1] == len(phrase):
        holders = [s.key for s in reversed(history) if hit[0] in ents.clusters[s.key].titles]
        return (ents.clusters[holders[0]], "title") if holders else None
    return None


def _definite(token: Token, lex: _Lexicons) -> bool:
    """A bare definite noun phrase: a determiner, no name, no possessor."""
    dets = [c for c in token.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in lex.determiners:
        return False
    return not any(c.dep_ in ("poss", "compound", "appos") or (c.dep_ == "amod" and c.pos_ == "PROPN") for c in token.children)


def _pleonastic(token: Token) -> bool:
    """'it' as the subject of a copula or an adjective: "it is important that ...",
    "it becomes difficult to ...", "make it easy to ...".  Such an 'it' is most
    often expletive, and a company is rarely described this way; leaving it
    unresolved costs little and avoids wrong links."""
    head = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return head.pos_ == "ADJ" or head.lemma_ in ("be", "become", "seem", "appear", "remain") or head.lower_ in ("’s", "'s")


def _pronoun(ents: DocEntities, token: Token, history: list[_Seen], kinds: Iterable[EntityKind], *, window: int = PRONOUN_WINDOW) -> str | None:
    """Antecedent of a pronoun: the subject of its own clause's sentence first, then
    the subject of the nearest earlier sentence, then the nearest compatible mention."""
    kinds = tuple(kinds)
    sentence = ents.sentence_of(token)
    gender = "m" if token.lower_ in MALE else "f" if token.lower_ in FEMALE else None
    candidates = [
        s
        for s in history
        if s.kind in kinds
        and sentence - s.sentence <= window
        and s.token < token.i
        and (gender is None or ents.clusters[s.key].gender in (None, gender))
    ]
    if not candidates:
        # A personal pronoun may reach further back when only one person fits.
        if kinds == (EntityKind.PERSON,):
            far = {
                s.key
                for s in history
                if s.kind is EntityKind.PERSON
                and sentence - s.sentence <= DESCRIPTION_WINDOW
                and (gender is None or ents.clusters[s.key].gender in (None, gender))
            }
            return far.pop() if len(far) == 1 else None
        return None
    if kinds != (EntityKind.PERSON,) and token.dep_ in SUBJECTS and _competing_subject(ents, token):
        return None
    for back in range(window + 1):
        in_sentence = [s for s in candidates if s.sentence == sentence - back]
        subjects = [s for s in in_sentence if s.subject]
        if subjects:
            return subjects[-1].key
        if in_sentence:
            return _most_salient(in_sentence, history)
    return candidates[-1].key


def _most_salient(candidates: list[_Seen], history: list[_Seen]) -> str:
    """Among candidates in one sentence, none a subject: the entity mentioned most
    often so far (the story's topic), ties going to the most recent."""
    counts = Counter(s.key for s in history)
    best = max(range(len(candidates)), key=lambda i: (counts[candidates[i].key], i))
    return candidates[best].key


def _competing_subject(ents: DocEntities, token: Token) -> bool:
    """A common-noun subject earlier in the pronoun's sentence is a closer antecedent
    than any entity: in "That loss is higher ..., when it amounted to ...", 'it'
    is the loss, not the company."""
    return any(
        t.dep_ in SUBJECTS and t.pos_ == "NOUN" and ents.key(t) is None
        for t in token.sent
        if t.i < token.i
    )


def _latest(ents: DocEntities, token: Token, history: list[_Seen], kinds: tuple[EntityKind, ...], window: int) -> str | None:
    """Antecedent of a definite description ("the company"): the most recent
    compatible entity that was a sentence subject (the topic), else the most
    recent compatible mention.  A regulator named in passing does not become
    "the company" when the story's subject was named one sentence earlier."""
    sentence = ents.sentence_of(token)
    recent = [s for s in history if s.kind in kinds and sentence - s.sentence <= window]
    subjects = [s for s in recent if s.subject]
    if subjects:
        return subjects[-1].key
    return recent[-1].key if recent else None

