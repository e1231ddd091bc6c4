"""The record a document's entities are built in, shared by the passes of :mod:`kg.facts.entities`.

:class:`DocEntities` holds the clusters (entities under construction) and the
entity each token refers to: the passes add to it, fact extractors query it.
Also here is what more than one pass needs: the lexicons, the pronoun classes,
:func:`normal_form` (the comparison key of a name) and the test for an
expletive 'it'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.attrs import LEMMA, LOWER, POS
from spacy.tokens import Doc, Span, Token

from kg.facts.syntax import base_offset, evidence
from kg.model import Entity, EntityKind, Evidence, Mention, Merge
from kg.patterns import lexicon, load, words

LEGAL_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "limited", "plc", "llc", "ag", "sa", "nv", "co", "co.", "group", "holdings", "company"}
)
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
# Pronoun classes whose referent may be left unnamed by the text (see DocEntities.unnamed).
UNNAMED: dict[str, tuple[frozenset[str], EntityKind]] = {
    "he": (MALE, EntityKind.PERSON),
    "she": (FEMALE, EntityKind.PERSON),
    "i": (frozenset({"i", "me", "my", "mine", "myself"}), EntityKind.PERSON),
    "we": (frozenset({"we", "us", "our", "ours", "ourselves"}), EntityKind.ORGANIZATION),
    "it": (NEUTER, EntityKind.ORGANIZATION),
}
QUOTES = frozenset({'"', "“", "”", "``", "''"})


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
    org_heads: frozenset[str]
    stake_nouns: frozenset[str]
    org_subject_verbs: frozenset[str]
    place_suffixes: frozenset[str]
    generic_org_words: frozenset[str]
    public_posts: frozenset[str]
    public_bodies: frozenset[str]
    shared_posts: frozenset[str]
    speech_verbs: frozenset[str]
    org_name_words: frozenset[str]
    person_heads: frozenset[str]


@cache
def unit_modifier_stoplist() -> frozenset[str]:
    """Words before a unit noun that do not describe the unit: "its own unit", "its former
    unit", "a one-time subsidiary" (the pieces of a hyphenated word too: the parser may
    hang "time" of "one-time" on the noun)."""
    past = words("units", "past_modifiers")
    return words("units", "modifier_stoplist") | past | {piece for w in past for piece in w.split("-") if piece}


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
        unit_stoplist=unit_modifier_stoplist(),
        org_descriptions=words("descriptions", "organization"),
        unit_descriptions=words("descriptions", "unit"),
        determiners=words("descriptions", "determiners"),
        places=frozenset(load("places")["countries"]),
        # Nouns whose possessor or "of"-object is an organisation: its parts,
        # its posts, its accounts.
        org_nouns=frozenset(relations) | frozenset(corporate_titles) | frozenset(metrics) | {"shares", "shareholders", "board", "headquarters", "stake"}
        | words("naming", "owned_nouns"),
        owning_verbs=words("units", "owning_verbs"),
        org_heads=words("naming", "org_heads"),
        stake_nouns=words("naming", "stake_nouns"),
        org_subject_verbs=words("naming", "org_subject_verbs"),
        place_suffixes=words("naming", "place_suffixes"),
        generic_org_words=words("naming", "generic_org_words"),
        public_posts=words("naming", "public_posts"),
        public_bodies=words("naming", "public_bodies"),
        shared_posts=words("naming", "shared_posts"),
        speech_verbs=words("speech", "verbs"),
        org_name_words=words("naming", "org_name_words"),
        person_heads=words("naming", "person_heads"),
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
    public: bool = False  # a regulator, ministry, union...: not what "the company" refers to

    @property
    def name(self) -> str:
        if self.kind is EntityKind.UNIT or not self.names:
            return self.names[0] if self.names else self.key
        # The most complete name: most words, then earliest.
        return max(self.names, key=lambda n: (len(n.split()), -self.names.index(n)))


@dataclass(frozen=True, slots=True)
class Columns:
    """Attributes of a Doc's tokens as lists indexed by token, read from the Doc in one go.

    A rule that looks for a word in every sentence filters on these instead of
    making a spaCy Token and asking it for strings at every position."""

    pos: list[str]  # token.pos_
    lemma: list[str]  # token.lemma_.lower()
    lower: list[str]  # token.lower_

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        strings = doc.vocab.strings
        rows = doc.to_array([POS, LEMMA, LOWER]).T.tolist() if len(doc) else [[], [], []]

        def spelled(ids: list[int], change: Callable[[str], str] = str) -> list[str]:
            text = {h: change(strings[h]) for h in set(ids)}
            return [text[h] for h in ids]

        return cls(pos=spelled(rows[0]), lemma=spelled(rows[1], str.lower), lower=spelled(rows[2]))


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
        self.sentences: list[Span] = list(doc.sents)
        # the sentence of every token, so that no lookup walks the parse for its boundaries
        self._sentence_of = [n for n, s in enumerate(self.sentences) for _ in range(len(s))]
        self._evidence: dict[tuple[int, int], Evidence] = {}
        self._unnamed: dict[str, str] = {}

    # --- queries used by fact extractors --------------------------------

    def key(self, token: Token | None) -> str | None:
        """The entity a token refers to (a name, unit, pronoun or description)."""
        if token is None:
            return None
        return self._token_key.get(token.i)

    def name_start(self, token: Token) -> int:
        """Where the run of tokens of ``token``'s entity that ends at ``token`` begins."""
        key, start = self.key(token), token.i
        while start > 0 and self._token_key.get(start - 1) == key:
            start -= 1
        return start

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

    def referring(self) -> list[int]:
        """The tokens that refer to an entity (so far), in text order."""
        return sorted(self._token_key)

    @property
    def mentioned(self) -> int:
        """How many tokens refer to an entity: grows with every mention added, never shrinks."""
        return len(self._token_key)

    def sentence_of(self, token: Token) -> int:
        """The number of the sentence ``token`` is in."""
        return self._sentence_of[token.i]

    def sentence(self, i: int) -> Span:
        """The sentence token ``i`` is in (``doc[i].sent``, found without walking the parse)."""
        return self.sentences[self._sentence_of[i]]

    def evidence(self, span: Span) -> Evidence:
        """``span`` (a sentence) as evidence; made once per sentence, as many facts share one."""
        where = (span.start, span.end)
        proof = self._evidence.get(where)
        if proof is None:
            proof = self._evidence[where] = evidence(span, self.doc_id, doc_text=self.text)
        return proof

    @cached_property
    def text(self) -> str:
        """The text of the Doc (spaCy joins its tokens on every ``doc.text``)."""
        return self.doc.text

    def text_of(self, span: Span) -> str:
        """``span.text``, cut from the Doc's text."""
        return self.text[span.start_char : span.end_char]

    @cached_property
    def columns(self) -> Columns:
        """Word attributes of every token, read once for rules that scan sentences for a word."""
        return Columns.of(self.doc)

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
        if group in ("i", "we") and any(t.text in QUOTES for t in self.sentence(token.i)):
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
        for i in range(tokens.start, tokens.end):
            self._token_key.setdefault(i, cluster.key)
        sent = self.evidence(self.sentence(tokens.start) if tokens.start < len(self.doc) else tokens.sent)
        base = base_offset(self.doc)
        start, end = tokens.start_char, tokens.end_char
        cluster.mentions.append(Mention(self.doc_id, base + start, base + end, self.text[start:end], rule, sent))


def normal_form(name: str, kind: EntityKind) -> str:
    """The comparison key of a name: case, articles, possessives and legal suffixes removed."""
    tokens = name.replace("’", "'").replace("'s", "").lower().replace(",", " ").split()
    tokens = [t for t in tokens if t not in ("the",)]
    if kind is EntityKind.ORGANIZATION:
        while len(tokens) > 1 and tokens[-1].rstrip(".") in {s.rstrip(".") for s in LEGAL_SUFFIXES}:
            tokens.pop()
    return " ".join(tokens)


def _pleonastic(token: Token) -> bool:
    """'it' as the subject of a copula or an adjective: "it is important that ...",
    "it becomes difficult to ...", "make it easy to ...".  Such an 'it' is most
    often expletive, and a company is rarely described this way; leaving it
    unresolved costs little and avoids wrong links."""
    head = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return head.pos_ == "ADJ" or head.lemma_ in ("be", "become", "seem", "appear", "remain") or head.lower_ in ("’s", "'s")
