"""Records that travel between the stages of the pipeline.

Everything here is a frozen dataclass of plain Python values: this module
imports neither spaCy nor rdflib, so every stage can be tested without them.

Facts name entities by *key*.  Extraction mints document-local keys
(``"<doc>#<n>"``); :mod:`kg.resolve` maps them onto corpus-wide keys.  Fields
holding entity keys are listed in each fact class's ``ENTITY_FIELDS`` so that
resolution can rewrite any fact kind without knowing it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    UNIT = "unit"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Furniture:
    """A stretch of page furniture (not article content) found while reading."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One input article.

    ``text`` is the text exactly as read from the file: every offset in the
    graph indexes into it.  ``content`` has the same length, with page
    furniture blanked out, and is what the NLP stage reads.
    """

    id: str
    source: str
    text: str
    content: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    translated_from: str | None = None
    url: str | None = None
    furniture: tuple[Furniture, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a fact was read from: ``text == document.text[start:end]``."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a document where an entity is referred to."""

    doc: str
    start: int
    end: int
    text: str
    rule: str  # how the mention was tied to its entity: "name", "pronoun", "surname", ...
    sentence: Evidence


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, unit or place, with every mention of it."""

    key: str
    kind: EntityKind
    name: str
    alt_names: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    anonymous: bool = False  # a referent the text never names ("He was born in ..."); kept out of the graph


@dataclass(frozen=True, slots=True)
class Merge:
    """A record that two names or mentions were taken to denote one entity."""

    into: str
    merged: str
    rule: str
    doc: str
    evidence: Evidence | None = None  # a sentence where the merged name is used


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A period or deadline phrase resolved against its document's date (:mod:`kg.time.anchor`).

    ``value`` is the TIMEX3 value ("2016-Q2", "2015", "P3Y", "XXXX" when the
    anchor is missing), or an ISO 8601 interval ("2019-04/2020-03") for a
    fiscal period that no calendar unit names; None when the phrase could not
    be read as a time at all.  ``begin`` and ``end`` are the first and last
    days (ISO dates) of the span it denotes, when that is known.  ``status``
    says why a value is or is not resolved: "resolved", "no-anchor" (relative,
    and the document has no date) or "unparsed".
    """

    text: str
    value: str | None
    status: str  # resolved | no-anchor | unparsed
    anchor: str | None = None  # the document date it was resolved against (ISO)
    begin: str | None = None
    end: str | None = None
    fiscal: bool = False  # read on the subject's fiscal calendar


# --- facts -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Membership:
    """A person holds a post in an organisation (org:Membership)."""

    KIND: ClassVar[str] = "role"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("person", "org")

    person: str
    org: str | None
    role: str  # normalised title, e.g. "chief executive"
    role_text: str  # as written, e.g. "chairman of the board of directors"
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class UnitOf:
    """An organisational unit and the organisation it belongs to."""

    KIND: ClassVar[str] = "unit"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("unit", "parent")

    unit: str
    parent: str
    relation: str  # division | subsidiary | owned
    evidence: Evidence
    former: bool = False  # "its former parent AT&T": the link held once, not now


@dataclass(frozen=True, slots=True)
class FinancialFigure:
    """A reported number about an organisation: a level or a change."""

    KIND: ClassVar[str] = "financial"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("subject",)

    subject: str
    metric: str  # concept id in the metric scheme, e.g. "revenue"
    metric_text: str
    value: Decimal
    unit: str  # ISO 4217 code, "percent" or "count"; "multiple" for a change stated as one ("fivefold")
    change: bool
    period: str | None
    value_text: str
    evidence: Evidence
    period_time: TimeValue | None = None  # ``period`` resolved (kg.time.anchor); None until then


@dataclass(frozen=True, slots=True)
class Goal:
    """An intention, plan or target held by a person or organisation."""

    KIND: ClassVar[str] = "goal"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("holder", "stated_by")

    holder: str
    action: str  # verb lemma
    quantity: Decimal | None
    unit: str | None
    object: str | None
    scope: str | None
    deadline: str | None  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    deadline_text: str | None
    stated_by: str | None
    modality: str  # the cue as written: "aims", "plans", "will", ...
    evidence: Evidence
    deadline_time: TimeValue | None = None  # ``deadline_text`` resolved (kg.time.anchor); None until then


@dataclass(frozen=True, slots=True)
class Statement:
    """Something said, with who said it and who reported it."""

    KIND: ClassVar[str] = "statement"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("speaker", "source")

    speaker: str | None
    source: str | None  # the cited source ("according to ZDNet")
    cue: str  # "says", "according to", ...
    content: str
    quoted: bool
    evidence: Evidence


RELATIONS = (
    "subsidiary_of",  # organisation -> parent organisation
    "founded_by",  # organisation -> founder (person or organisation)
    "employee_of",  # person -> organisation they work for or are a member of
    "ceo",  # organisation -> its chief executive (person)
    "date_founded",  # organisation -> date (literal)
    "headquarters",  # organisation -> place
    "educated_at",  # person -> school or university (organisation)
    "nationality",  # person -> country (place)
    "residence",  # person -> place they live or lived in
    "birth_place",  # person -> place
    "death_date",  # person -> date (literal)
    "birth_date",  # person -> date (literal)
    "spouse",  # person -> person
    "child_of",  # person -> parent (person)
    "political_party",  # person -> party (organisation)
)


@dataclass(frozen=True, slots=True)
class Relation:
    """A binary relation between an entity and an entity or a date.

    ``object`` is an entity key, or None when the object is a literal
    (``value``: an ISO date such as "1998" or "1998-03-02", or the text as
    written when it cannot be normalised).  ``subject_span`` and
    ``object_span`` are the document character offsets of the mentions the
    relation was read from (a pronoun when found through coreference).
    """

    KIND: ClassVar[str] = "relation"
    ENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("subject", "object")

    relation: str  # one of RELATIONS
    subject: str
    object: str | None
    value: str | None
    subject_span: tuple[int, int]
    object_span: tuple[int, int]
    evidence: Evidence


Fact = Membership | UnitOf | FinancialFigure | Goal | Statement | Relation


@dataclass(frozen=True, slots=True)
class ConsistencyWarning:
    """Two figures that do not agree (:mod:`kg.consistency`).

    ``kind`` is "contradiction" (a comparative claim the numbers contradict:
    ``figure`` is said to be higher or lower than ``other``, its baseline, and
    is not) or "duplicate" (two values for one subject, metric and period).
    ``evidence`` is the sentence that makes the claim (for a duplicate, the
    sentence of ``other``).
    """

    kind: str  # contradiction | duplicate
    figure: FinancialFigure
    other: FinancialFigure
    evidence: Evidence
    message: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document."""

    document: Document
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """The resolved result of a build: corpus-wide entities and facts."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    merges: tuple[Merge, ...] = field(default=())
    warnings: tuple[ConsistencyWarning, ...] = ()


@dataclass(frozen=True, slots=True)
class CorpusCounts:
    """What a build tells of its corpus once the graph is made: the documents' ids (in
    corpus order) and how many entities and facts of each kind, by kind.  Small beside
    the corpus, so the build can let the corpus go before the views are drawn."""

    documents: tuple[str, ...]
    entities: tuple[tuple[str, int], ...] = ()
    facts: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, corpus: Corpus) -> CorpusCounts:
        entities = Counter(e.kind.value for e in corpus.entities)
        facts = Counter(f.KIND for f in corpus.facts)
        return cls(tuple(d.id for d in corpus.documents), tuple(sorted(entities.items())), tuple(sorted(facts.items())))
