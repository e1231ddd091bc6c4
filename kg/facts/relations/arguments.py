"""The arguments of relations: every mention in a document that can fill a
subject or object slot.

An entity mention (a name, a resolved pronoun or description), a relative
pronoun standing for the noun its clause modifies, a personal pronoun whose
referent the text never names, a run of proper nouns the statistical model
left untagged, a date, or a nationality adjective.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.facts.entities import UNNAMED, DocEntities
from kg.facts.relations.dates import date_parts
from kg.facts.relations.lexicon import lexicon
from kg.facts.relations.tokens import Tokens, tokens
from kg.facts.syntax import base_offset
from kg.model import EntityKind

UNTAGGED_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "FAC"})  # labels an organisation's name is often misread as


@dataclass(frozen=True, slots=True)
class Argument:
    """One mention that can fill a relation's subject or object slot."""

    cls: str  # "entity", "place", "date" or "norp"
    key: str | None  # entity key (None for dates and nationality adjectives)
    value: str | None  # literal value: ISO date or the adjective as written
    start: int  # token span in the document
    end: int
    head: int  # index of the syntactic head token
    pronoun: bool
    kind: str  # finer type, for features: person, organization, place, date, norp, ...
    pending: str = ""  # "pronoun" (no antecedent in the text) or "name" (untagged): ``key`` is provisional
    # what the argument denotes: its entity, or this very literal (set once,
    # as every pair of a sentence compares it)
    group: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", (self.key,) if self.key else ("literal", str(self.start), str(self.end)))

    def overlaps(self, other: Argument) -> bool:
        return self.start < other.end and other.start < self.end


def arguments(doc: Doc, ents: DocEntities, *, index: Tokens | None = None) -> list[Argument]:
    """Every argument mention of the document, in text order (``index``: the
    Doc's :func:`tokens`, when already read)."""
    ix = index if index is not None else tokens(doc)
    found: list[Argument] = []
    taken: set[int] = set()
    base = base_offset(doc)  # mentions carry document offsets; the Doc may be a piece of it
    for entity in ents.entities():
        cls = "place" if entity.kind is EntityKind.PLACE else "entity"
        for mention in entity.mentions:
            span = doc.char_span(mention.start - base, mention.end - base, alignment_mode="expand")
            if span is None or not len(span):
                continue
            pronoun = mention.rule != "name"
            found.append(Argument(cls, entity.key, None, span.start, span.end, span.root.i, pronoun, entity.kind.value))
            taken.update(range(span.start, span.end))
    names = list(_untagged_names(doc, ix, taken))
    relative = list(_relative_pronouns(doc, ix, ents, taken, names))
    taken.update(a.start for a in relative)
    found.extend(relative)
    found.extend(_unnamed(ix, taken))
    found.extend(names)
    for ent in doc.ents:
        if ent.label_ == "DATE":
            found.extend(Argument("date", None, value, start, end, end - 1, False, "date") for start, end, value in date_parts(ent))
        elif ent.label_ == "NORP" and not taken & set(range(ent.start, ent.end)):
            found.append(Argument("norp", None, ent.text, ent.start, ent.end, ent.root.i, False, "norp"))
    return sorted(found, key=lambda a: (a.start, a.end))


def _relative_pronouns(doc: Doc, ix: Tokens, ents: DocEntities, taken: set[int], names: list[Argument]) -> Iterator[Argument]:
    """A relative pronoun refers to the noun its clause modifies: in "Acme, which
    was founded in 1990", *which* is Acme; in "Harvard, where he studied",
    *where* is Harvard (a place or organisation only)."""
    lex = lexicon()
    untagged = {i: n for n in names for i in range(n.start, n.end)}
    for i, lower in enumerate(ix.lower):
        if i in taken or (lower not in lex.relative and lower not in lex.locative):
            continue
        if ix.tag[i] not in ("WDT", "WP", "WP$", "WRB"):
            continue
        token = doc[i]
        clause = token.head
        steps = 0
        while clause.dep_ != "relcl" and clause.head.i != clause.i and steps < 3:
            clause, steps = clause.head, steps + 1
        if clause.dep_ != "relcl":
            continue
        personal = lower in lex.personal_relative
        referent = _antecedent(ents, clause.head, token, personal=personal)
        if referent is None:
            name = _nearest_name(clause.head, token, untagged)
            if name is not None and not personal:
                yield Argument("entity", name.key, None, token.i, token.i + 1, token.i, True, name.kind, pending="name")
            continue
        kind = ents.kind(referent)
        if lower in lex.locative and kind is EntityKind.PERSON:
            continue
        cls = "place" if kind is EntityKind.PLACE else "entity"
        yield Argument(cls, referent, None, token.i, token.i + 1, token.i, True, kind.value)


def _antecedent(ents: DocEntities, noun: Token, pronoun: Token, *, personal: bool) -> str | None:
    """The entity a relative clause modifying ``noun`` is about."""
    key = ents.key(noun)
    if key is None and noun.dep_ == "appos":
        # "Age Wave, a firm that she co-founded": the firm is Age Wave
        key = ents.key(noun.head)
    elif key is None and noun.dep_ in ("attr", "appos") and noun.head.lemma_ == "be":
        # "Acme is a company which ...": the company is the copula's subject
        key = next((ents.key(c) for c in noun.head.children if c.dep_ == "nsubj"), None)
    if key is not None:
        return key
    # The parser often attaches the clause to the head of the noun phrase that
    # holds the name: "a member of Covenant Church, where she serves", "the
    # University's staff, where he taught".  The nearest name of a fitting type
    # inside that phrase is the antecedent.
    for t in sorted((t for t in noun.subtree if t.i < pronoun.i), key=lambda t: -t.i):
        key = ents.key(t)
        if key is not None and (ents.kind(key) is EntityKind.PERSON) == personal:
            return key
    return None


def _nearest_name(noun: Token, pronoun: Token, untagged: dict[int, Argument]) -> Argument | None:
    """An untagged name that the modified noun stands for: the noun it is in
    apposition to, the subject of the copula it completes ("Reverend is a band
    that ..."), else the untagged name inside its phrase nearest to the pronoun."""
    if noun.dep_ == "appos" and noun.head.i in untagged:
        return untagged[noun.head.i]
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.i in untagged:
            return untagged[subject.i]
    for t in sorted((t for t in noun.subtree if t.i < pronoun.i), key=lambda t: -t.i):
        if t.i in untagged:
            return untagged[t.i]
    return None


def _unnamed(ix: Tokens, taken: set[int]) -> Iterator[Argument]:
    """Personal pronouns left unresolved: the text does not name their referent
    (see :meth:`DocEntities.unnamed`); one provisional entity per pronoun class."""
    for i, pos in enumerate(ix.pos):
        if pos != "PRON" or i in taken:
            continue
        lower = ix.lower[i]
        group = next((g for g, (forms, _) in UNNAMED.items() if lower in forms), None)
        if group is None:
            continue
        kind = f"unnamed-{UNNAMED[group][1].value}"
        yield Argument("entity", f"?{group}", None, i, i + 1, i, True, kind, pending="pronoun")


def _untagged_names(doc: Doc, ix: Tokens, taken: set[int]) -> Iterator[Argument]:
    """Runs of proper nouns the statistical model tagged as no entity (or as a
    product or work of art): company names it does not know ("GlobalWare
    Solutions")."""
    tagged = {i for e in doc.ents if e.label_ not in UNTAGGED_LABELS for i in range(e.start, e.end)}
    text = ix.text
    run: list[int] = []
    for i in range(len(ix) + 1):
        if i < len(ix) and ix.pos[i] == "PROPN" and i not in taken and i not in tagged and not ix.space[i]:
            run.append(i)
            continue
        if run and any(text[t][:1].isupper() for t in run) and len("".join(text[t] for t in run)) > 1:
            if not (len(run) == 1 and ix.starts_sentence[run[0]]):
                span = doc[run[0] : run[-1] + 1]
                yield Argument("entity", f"?name:{span.text}", None, span.start, span.end, span.root.i, False, "untagged", pending="name")
        run = []
