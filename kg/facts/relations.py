"""Relations between people, organisations, places and dates (KnowledgeNet's 15 properties).

Every pair of arguments named in one sentence is a candidate: an entity mention
(a name, a resolved pronoun or description, or a relative pronoun standing for
the noun its clause modifies) as subject; an entity, a place, a date or a
nationality adjective as object.  A candidate is described by how the two are
connected in the dependency parse -- the path between their heads with its
words ("X, CEO of Y" is ``appos ↑ X ↓ prep of ↓ pobj``), the words between
them, the verbs and nouns that govern them, and which trigger words of
``patterns/relations.json`` ("born", "subsidiary", "married") lie on that
path -- and a linear model per relation (``models/relations.json``, trained by
``scripts/train_relations.py`` on KnowledgeNet) weighs those features.

Candidates are whole entity pairs within a sentence: every mention pair of the
two entities in the sentence contributes features, and an accepted pair yields
one :class:`~kg.model.Relation` per mention pair, so that a relation read
through a pronoun is also anchored at the pronoun.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from kg.facts.entities import UNNAMED, DocEntities
from kg.facts.syntax import base_offset, evidence
from kg.model import EntityKind, Relation
from kg.patterns import load, words

MAX_PATH = 8  # dependency edges; longer paths say nothing specific
MAX_BETWEEN = 12  # tokens between the arguments that still count as a phrase
DASHES = frozenset({"-", "–", "—", "--"})


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

    @property
    def group(self) -> tuple[str, ...]:
        """What the argument denotes: its entity, or this very literal."""
        return (self.key,) if self.key else ("literal", str(self.start), str(self.end))


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two arguments in one sentence, every pair of their mentions, and the
    features of how they are connected."""

    subject: Argument
    object: Argument
    pairs: tuple[tuple[Argument, Argument], ...]
    features: frozenset[str]
    sentence: Span

    @property
    def signature(self) -> tuple[str, str]:
        return (self.subject.cls, self.object.cls)


@dataclass(frozen=True, slots=True)
class Model:
    """A linear scorer per relation: bias, feature weights and decision threshold."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]

    def probability(self, relation: str, features: Iterable[str]) -> float:
        table = self.weights.get(relation)
        if table is None:
            return 0.0
        z = self.bias[relation] + sum(table.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model() -> Model:
    """The shipped relation model (read on first use)."""
    text = resources.files("kg.models").joinpath("relations.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return Model(
        weights={r: dict(d["weights"]) for r, d in data["relations"].items()},
        bias={r: float(d["bias"]) for r, d in data["relations"].items()},
        threshold={r: float(d["threshold"]) for r, d in data["relations"].items()},
    )


@dataclass(frozen=True, slots=True)
class _Lexicons:
    signatures: dict[str, tuple[tuple[str, str], ...]]
    triggers: dict[str, str]  # lemma -> trigger class
    relative: frozenset[str]
    locative: frozenset[str]


@cache
def _lexicons() -> _Lexicons:
    data = load("relations")
    triggers: dict[str, str] = {}
    for cls, forms in data["triggers"].items():
        for form in forms:
            triggers.setdefault(form.lower(), cls)
    return _Lexicons(
        signatures={r: tuple((a, b) for a, b in sigs) for r, sigs in data["signatures"].items()},
        triggers=triggers,
        relative=words("relations", "relative_pronouns"),
        locative=words("relations", "locative_relative_pronouns"),
    )


def extract(doc: Doc, ents: DocEntities, *, scorer: Model | None = None) -> Iterator[Relation]:
    """Relations the model accepts between arguments of one sentence, one per mention pair."""
    scorer = scorer or model()
    lex = _lexicons()
    for candidate in candidates(doc, ents):
        for relation, signatures in lex.signatures.items():
            if candidate.signature not in signatures:
                continue
            if scorer.probability(relation, candidate.features) < scorer.threshold.get(relation, 1.0):
                continue
            yield from _relations(relation, candidate, doc, ents)


def _relations(relation: str, candidate: Candidate, doc: Doc, ents: DocEntities) -> Iterator[Relation]:
    proof = evidence(candidate.sentence, ents.doc_id)
    base = base_offset(doc)
    for s, o in candidate.pairs:
        if s.pending and o.pending:
            # two referents the text does not name: nothing a reader could use
            continue
        subject = _entity(s, relation, "subject", doc, ents)
        object_ = _entity(o, relation, "object", doc, ents)
        if subject is None or (o.cls == "entity" and object_ is None):
            continue
        yield Relation(
            relation=relation,
            subject=subject,
            object=object_,
            value=None if object_ else o.value,
            subject_span=(base + doc[s.start].idx, base + doc[s.end - 1].idx + len(doc[s.end - 1])),
            object_span=(base + doc[o.start].idx, base + doc[o.end - 1].idx + len(doc[o.end - 1])),
            evidence=proof,
        )


# Entity types that a relation's argument positions imply, for names the
# statistical model left untagged: what is based somewhere is an organisation.
_PERSON_SUBJECT = frozenset({"employee_of", "educated_at", "nationality", "residence", "birth_place", "death_date", "birth_date", "spouse", "child_of", "political_party"})
_PERSON_OBJECT = frozenset({"founded_by", "ceo", "spouse", "child_of"})


def _entity(arg: Argument, relation: str, role: str, doc: Doc, ents: DocEntities) -> str | None:
    """The entity key of an argument, registering pending referents and names."""
    if arg.pending == "pronoun":
        return ents.unnamed(doc[arg.start])
    if arg.pending == "name":
        person = relation in (_PERSON_SUBJECT if role == "subject" else _PERSON_OBJECT)
        return ents.named(doc[arg.start : arg.end], EntityKind.PERSON if person else EntityKind.ORGANIZATION)
    return arg.key


# --- candidates ----------------------------------------------------------------------


def candidates(doc: Doc, ents: DocEntities) -> Iterator[Candidate]:
    """Every (subject entity, object) pair of arguments named in one sentence."""
    arguments = _arguments(doc, ents)
    by_sentence: dict[int, list[Argument]] = {}
    for arg in arguments:
        by_sentence.setdefault(doc[arg.head].sent.start, []).append(arg)
    for sent_start, args in sorted(by_sentence.items()):
        sentence = doc[sent_start].sent
        groups: dict[tuple[str, ...], list[Argument]] = {}
        for arg in args:
            groups.setdefault(arg.group, []).append(arg)
        for s_group, subjects in groups.items():
            if subjects[0].cls not in ("entity", "place"):
                continue
            for o_group, objects in groups.items():
                if o_group == s_group:
                    continue
                pairs = tuple((s, o) for s in subjects for o in objects if not _overlap(s, o))
                if not pairs:
                    continue
                features: set[str] = set()
                for s, o in pairs:
                    features.update(pair_features(doc, s, o, args))
                yield Candidate(_best(subjects), _best(objects), pairs, frozenset(features), sentence)


def _best(args: list[Argument]) -> Argument:
    """The most informative mention: a name before a pronoun, then the first."""
    return next((a for a in args if not a.pronoun), args[0])


def _overlap(a: Argument, b: Argument) -> bool:
    return a.start < b.end and b.start < a.end


def _arguments(doc: Doc, ents: DocEntities) -> list[Argument]:
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
    relative = list(_relative_pronouns(doc, ents, taken))
    found.extend(relative)
    taken.update(a.start for a in relative)
    found.extend(_unnamed(doc, taken))
    found.extend(_untagged_names(doc, taken))
    for ent in doc.ents:
        if ent.label_ == "DATE":
            found.extend(_dates(ent))
        elif ent.label_ == "NORP" and not taken & set(range(ent.start, ent.end)):
            found.append(Argument("norp", None, ent.text, ent.start, ent.end, ent.root.i, False, "norp"))
    return sorted(found, key=lambda a: (a.start, a.end))


def _relative_pronouns(doc: Doc, ents: DocEntities, taken: set[int]) -> Iterator[Argument]:
    """A relative pronoun refers to the noun its clause modifies: in "Acme, which
    was founded in 1990", *which* is Acme; in "Harvard, where he studied",
    *where* is Harvard (a place or organisation only)."""
    lex = _lexicons()
    for token in doc:
        lower = token.lower_
        if token.i in taken or (lower not in lex.relative and lower not in lex.locative):
            continue
        if token.tag_ not in ("WDT", "WP", "WP$", "WRB"):
            continue
        clause = token.head
        steps = 0
        while clause.dep_ != "relcl" and clause.head.i != clause.i and steps < 3:
            clause, steps = clause.head, steps + 1
        if clause.dep_ != "relcl":
            continue
        antecedent = clause.head
        key = ents.key(antecedent)
        if key is None and antecedent.dep_ == "appos":
            # "Age Wave, a firm that she co-founded": the firm is Age Wave
            key = ents.key(antecedent.head)
        elif key is None and antecedent.dep_ in ("attr", "appos") and antecedent.head.lemma_ == "be":
            # "Acme is a company which ...": the company is the copula's subject
            key = next((ents.key(c) for c in antecedent.head.children if c.dep_ == "nsubj"), None)
        if key is None:
            continue
        kind = ents.kind(key)
        if lower in lex.locative and kind is EntityKind.PERSON:
            continue
        cls = "place" if kind is EntityKind.PLACE else "entity"
        yield Argument(cls, key, None, token.i, token.i + 1, token.i, True, kind.value)


def _unnamed(doc: Doc, taken: set[int]) -> Iterator[Argument]:
    """Personal pronouns left unresolved: the text does not name their referent
    (see :meth:`DocEntities.unnamed`); one provisional entity per pronoun class."""
    for token in doc:
        if token.i in taken or token.pos_ != "PRON":
            continue
        group = next((g for g, (forms, _) in UNNAMED.items() if token.lower_ in forms), None)
        if group is None:
            continue
        kind = f"unnamed-{UNNAMED[group][1].value}"
        yield Argument("entity", f"?{group}", None, token.i, token.i + 1, token.i, True, kind, pending="pronoun")


def _untagged_names(doc: Doc, taken: set[int]) -> Iterator[Argument]:
    """Runs of proper nouns the statistical model tagged as no entity (or as a
    product or work of art): company names it does not know ("GlobalWare
    Solutions")."""
    tagged = {t.i for e in doc.ents if e.label_ not in ("PRODUCT", "WORK_OF_ART") for t in e}
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in taken and token.i not in tagged and not token.is_space:
            run.append(token)
            continue
        if run and any(t.text[:1].isupper() for t in run) and len("".join(t.text for t in run)) > 1:
            if not (len(run) == 1 and run[0].is_sent_start):
                span = doc[run[0].i : run[-1].i + 1]
                yield Argument("entity", f"?name:{span.text}", None, span.start, span.end, span.root.i, False, "untagged", pending="name")
        run = []


def _dates(ent: Span) -> Iterator[Argument]:
    """The dates of a DATE entity; a range ("1856 – 3 October 1902") gives both ends."""
    parts: list[list[Token]] = [[]]
    for token in ent:
        if token.text in DASHES or token.lower_ in ("to", "until"):
            parts.append([])
        else:
            parts[-1].append(token)
    for part in parts:
        if not part:
            continue
        text = ent.doc[part[0].i : part[-1].i + 1].text
        value = iso_date(text)
        if value is None:
            continue
        yield Argument("date", None, value, part[0].i, part[-1].i + 1, part[-1].i, False, "date")


_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{3,4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]+)\.?,?\s+(\d{3,4})\b")
_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")


def iso_date(text: str) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for a written date with a year, else None."""
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        m = pattern.search(text)
        if m:
            parts = dict(zip(order, m.groups()))
            month = _MONTHS.get(parts["m"].lower())
            day = int(parts["d"])
            if month and 1 <= day <= 31:
                return f"{int(parts['y']):04d}-{month:02d}-{day:02d}"
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return f"{int(m.group(2)):04d}-{_MONTHS[m.group(1).lower()]:02d}"
    m = _YEAR.search(text)
    return m.group(1) if m else None


# --- features ------------------------------------------------------------------------


def _path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """The dependency path from ``a`` up to the lowest common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    down = [b, *b.ancestors]
    down_ids = {t.i: n for n, t in enumerate(down)}
    for n, t in enumerate(up):
        if t.i in down_ids:
            return up[:n], t, down[: down_ids[t.i]]
    return None


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def pair_features(doc: Doc, s: Argument, o: Argument, args: list[Argument]) -> Iterator[str]:
    """Features of one subject-object mention pair in one sentence."""
    lex = _lexicons()
    sh, oh = doc[s.head], doc[o.head]
    yield f"K={s.kind}>{o.kind}"
    yield f"S={'pron' if s.pronoun else 'name'}"
    yield f"Ob={'pron' if o.pronoun else 'name'}"
    yield "ORD=so" if s.start < o.start else "ORD=os"
    # the dependency path
    path = _path(sh, oh)
    if path is None or len(path[0]) + len(path[2]) > MAX_PATH:
        yield "P=long"
    else:
        up, top, down = path
        top_word = "" if top.i in (sh.i, oh.i) else _lemma(top)
        deps = [f"{t.dep_}^" for t in up] + [f"[{top.pos_}]"] + [f"{t.dep_}v" for t in reversed(down)]
        yield "P=" + " ".join(deps)
        yield f"PK={s.cls}>{o.cls} " + " ".join(deps)
        inner = [t for t in up[1:] + down[1:] if not s.start <= t.i < s.end and not o.start <= t.i < o.end]
        lexical = [f"{t.dep_}^{_lemma(t)}" for t in up[1:]] + [f"[{top_word}]"] + [f"{t.dep_}v{_lemma(t)}" for t in reversed(down[1:])]
        yield "PL=" + " ".join(lexical)
        yield f"TOP={top_word}|{top.dep_ if top_word else 'end'}"
        for t in inner + ([top] if top_word else []):
            yield f"L={_lemma(t)}"
            trigger = lex.triggers.get(_lemma(t)) or lex.triggers.get(t.lower_)
            if trigger:
                yield f"TP={trigger}"
        yield f"PN={min(len(up) + len(down), 6)}"
    # the words between
    first, second = (s, o) if s.start < o.start else (o, s)
    between = list(doc[first.end : second.start])
    if len(between) <= MAX_BETWEEN:
        for t in between:
            yield f"B={_lemma(t)}"
            trigger = lex.triggers.get(_lemma(t)) or lex.triggers.get(t.lower_)
            if trigger:
                yield f"TB={trigger}"
        yield f"BN={len(between)}"
        if len(between) <= 3:
            yield "BS=" + " ".join(_lemma(t) for t in between)
    else:
        yield "B=far"
    others = sum(1 for a in args if first.end <= a.start and a.end <= second.start and a.group not in (s.group, o.group))
    yield f"BM={min(others, 3)}"
    # what governs each argument
    yield f"SH={sh.dep_}|{_lemma(sh.head)}"
    yield f"OH={oh.dep_}|{_lemma(oh.head)}"
    if oh.dep_ == "pobj":
        yield f"OHH={_lemma(oh.head)}|{_lemma(oh.head.head)}"
    # the words just before and after the object (dates: "born", "died", "(", "–")
    if o.start > 0:
        yield f"O-1={_lemma(doc[o.start - 1])}"
        if o.start > 1:
            yield f"O-2={_lemma(doc[o.start - 2])}"
    if o.end < len(doc):
        yield f"O+1={_lemma(doc[o.end])}"
    if s.end < len(doc):
        yield f"S+1={_lemma(doc[s.end])}"
    window = doc[max(o.start - 3, 0) : min(o.end + 2, len(doc))]
    for t in window:
        trigger = lex.triggers.get(_lemma(t)) or lex.triggers.get(t.lower_)
        if trigger:
            yield f"TW={trigger}"
