"""Financial figures: a number, its unit, what it measures, whose it is, when.

Each MONEY or PERCENT entity is read in its clause:

* a metric noun governs it: "a turnover of 825 million U.S. dollars",
  "a loss of 22.64 million";
* or a verb does, whose subject is the metric: "revenue grow by 90 percent"
  (a change), "profits jumped 76% to $1.13bn" (a change, then a level),
  "when it amounted to 23.49 million dollars" (a level).

Change verbs come from a lexicon; "by" marks the size of a change, "to" the
level reached, "from" the earlier level.  The owner of the figure is the
possessor of the metric ("its revenue") or the subject of the clause ("the
division ... made a loss"); "that loss" refers back to the last loss reported.
The period is the date phrase of the clause, or of the clause a "when" clause
hangs on ("higher than a year earlier, when it amounted to ...").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.facts import quantities
from kg.facts.entities import DocEntities
from kg.facts.syntax import SUBJECTS, amount_span, evidence, match_phrase, subject
from kg.model import EntityKind, FinancialFigure
from kg.patterns import lexicon, load, words

QUANTITY_LABELS = ("MONEY", "PERCENT")
OWNER_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)


@dataclass(frozen=True, slots=True)
class _Lexicons:
    metrics: dict[str, str]
    rise: frozenset[str]
    fall: frozenset[str]


@cache
def _lex() -> _Lexicons:
    return _Lexicons(lexicon("metrics", "metrics"), words("metrics", "rise_verbs"), words("metrics", "fall_verbs"))


@dataclass(frozen=True, slots=True)
class _Reading:
    metric: Token | None  # the metric noun
    verb: Token | None  # the governing verb, if any
    change: bool
    sign: int


def extract(doc: Doc, ents: DocEntities) -> Iterator[FinancialFigure]:
    other_dollars = _names_other_dollar(doc.text)
    last_owner: dict[str, str] = {}  # metric -> owner of the last figure reported for it
    for ent in doc.ents:
        if ent.label_ not in QUANTITY_LABELS or _is_conversion(ent):
            continue
        label = ent.label_
        ent = amount_span(ent) if label == "MONEY" else ent
        quantity = quantities.parse(ent.text, other_dollars=other_dollars)
        if quantity is None:
            continue
        if quantity.unit is None and label == "MONEY":
            continue  # a sum of money in an unknown currency: no figure rather than a wrong one
        reading = _read(ent)
        if reading is None or reading.metric is None:
            continue
        metric = _metric(reading.metric)
        if metric is None:
            continue
        concept, metric_text = metric
        owner = (
            _owner(reading, ents)
            or (last_owner.get(concept) if _demonstrative(reading.metric) else None)
            or _topic(ent.root, ents)
        )
        if owner is None:
            continue
        last_owner[concept] = owner
        value = quantity.value * reading.sign if reading.change else quantity.value
        yield FinancialFigure(
            subject=owner,
            metric=concept,
            metric_text=metric_text,
            value=value,
            unit=quantity.unit or "count",
            change=reading.change,
            period=_period(reading, ent),
            value_text=ent.text,
            evidence=evidence(ent.sent, ents.doc_id),
        )


def _is_conversion(ent: Span) -> bool:
    """A bracketed conversion of the figure before it: "$1.13bn (£600m)"."""
    root = ent.root
    return root.dep_ == "appos" and root.head.ent_type_ == "MONEY"


def _names_other_dollar(text: str) -> bool:
    lower = text.lower()
    other = [f for code, forms in load("currencies")["words"].items() if code != "USD" for f in forms if "dollar" in f]
    return any(f in lower for f in other) or any(s in text for s in ("A$", "C$", "HK$", "NZ$", "S$"))


def _read(ent: Span) -> _Reading | None:
    """Find what governs the quantity: a metric noun or a verb."""
    lex = _lex()
    root = ent.root
    head = root.head
    prep = None
    if root.dep_ == "pobj" and head.pos_ == "ADP":
        prep, head = head.lower_, head.head
    if head.pos_ in ("NOUN", "PROPN") and _metric(head):
        # "a loss of X", "turnover of X"
        return _Reading(metric=head, verb=_governing_verb(head), change=False, sign=1)
    event = head if head.pos_ == "NOUN" else (root.head if root.dep_ in ("nummod", "amod", "compound", "quantmod") else None)
    if event is not None and event.lemma_.lower() in lex.rise | lex.fall:
        # "a 43% rise in net profits", "an increase of 4%", "a rise in sales to 2.4bn euros":
        # an event noun; the metric is what rises ("in ..."), the rise's "to" phrase a level
        metric_noun = next((o for p in event.children if p.dep_ == "prep" and p.lower_ == "in"
                            for o in p.children if o.dep_ == "pobj" and _metric(o)), None)
        is_fall = event.lemma_.lower() in lex.fall
        return _Reading(metric=metric_noun, verb=_governing_verb(event), change=prep != "to", sign=-1 if is_fall else 1)
    if head.pos_ in ("VERB", "AUX") or head.lemma_.lower() in lex.rise | lex.fall:
        lemma = head.lemma_.lower()
        is_rise, is_fall = lemma in lex.rise, lemma in lex.fall
        change = (is_rise or is_fall) and prep in (None, "by")
        metric_noun = _metric_subject(head)
        if metric_noun is None and head.pos_ == "ADV" and head.head.pos_ in ("VERB", "AUX"):
            # "posted a profit of $3.36bn, up 27%": the change is of the clause's metric
            head = head.head
            metric_noun = next((c for c in head.children if c.dep_ in ("dobj", "attr") and _metric(c)), None) or _metric_subject(head)
        return _Reading(metric=metric_noun, verb=head, change=change, sign=-1 if is_fall else 1)
    return None


TOPIC_SENTENCES = 2  # how far back the organisation a figure is implicitly about may be named


def _topic(token: Token, ents: DocEntities) -> str | None:
    """The organisation a sentence with no owner of its own is about ("Third-quarter
    sales rose 34%"): the one named as a subject most recently, within two sentences,
    else the only organisation the sentence itself names."""
    doc = token.doc
    here = ents.sentence_of(token)
    in_sentence = {k for t in token.sent if (k := ents.key(t)) and ents.kind(k) is EntityKind.ORGANIZATION}
    for i in range(token.sent.start - 1, -1, -1):
        if here - ents.sentence_of(doc[i]) > TOPIC_SENTENCES:
            break
        key = ents.key(doc[i])
        if key and ents.kind(key) is EntityKind.ORGANIZATION and doc[i].dep_ in SUBJECTS:
            return key if not in_sentence or key in in_sentence else None
    return in_sentence.pop() if len(in_sentence) == 1 else None


def _governing_verb(noun: Token) -> Token | None:
    current = noun
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _metric_subject(verb: Token) -> Token | None:
    """The metric a verb reports on: its subject, or what a pronoun subject stands for."""
    subj = subject(verb)
    if subj is None:
        return None
    if subj.pos_ == "PRON" and verb.dep_ in ("advcl", "relcl") and verb.head.pos_ in ("VERB", "AUX"):
        # "That loss is higher ..., when it amounted to X": 'it' is the loss.
        main = subject(verb.head)
        if main is not None and _metric(main):
            return main
    return subj if _metric(subj) else None


def _metric(noun: Token) -> tuple[str, str] | None:
    """(metric concept, the words as written) for a metric noun with its modifiers."""
    lex = _lex()
    mods = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ != "PROPN"]
    tokens = mods + [noun]
    for i in range(len(tokens)):
        hit = match_phrase(tokens, i, lex.metrics)
        if hit and hit[1] == len(tokens):
            return hit[0], " ".join(t.text for t in tokens[i:])
    hit = match_phrase([noun], 0, lex.metrics)
    return (hit[0], noun.text) if hit else None


def _demonstrative(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("that", "this", "these", "those") for c in noun.children)


def _owner(reading: _Reading, ents: DocEntities) -> str | None:
    """Whose figure it is: possessor of the metric, else the subject of its clause."""
    if reading.metric is not None:
        for child in reading.metric.children:
            if child.dep_ in ("poss", "compound"):
                key = ents.key(child)
                if key and ents.kind(key) in OWNER_KINDS:
                    return key
        for prep in reading.metric.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for"):
                for obj in prep.children:
                    # "profits at US media giant TimeWarner": the name may be in apposition
                    for candidate in [obj, *(c for c in obj.children if c.dep_ in ("appos", "compound"))]:
                        key = ents.key(candidate)
                        if key and ents.kind(key) in OWNER_KINDS:
                            return key
    verb = reading.verb
    seen = 0
    while verb is not None and seen < 4:
        subj = subject(verb)
        key = ents.key(subj)
        if key and ents.kind(key) in OWNER_KINDS:
            return key
        if verb.head.i == verb.i:
            break
        verb = verb.head if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") else None
        seen += 1
    return None


def _period(reading: _Reading, ent: Span) -> str | None:
    """The date phrase of the figure's clause, or of the clause a "when" clause modifies."""
    anchor = reading.verb or reading.metric
    clauses = [anchor] if anchor is not None else []
    if anchor is not None and anchor.dep_ == "advcl" and any(c.lower_ == "when" for c in anchor.children):
        clauses.append(anchor.head)
    for clause in clauses:
        if clause is None:
            continue
        dates = [d for d in ent.sent.ents if d.label_ == "DATE" and _clause_of(d.root) == clause]
        # a date phrase ("for the three months to December") before a date adjective ("quarterly")
        dates.sort(key=lambda d: (d.root.dep_ != "pobj", d.start))
        if dates:
            return _date_phrase(dates[0])
    return None


def _clause_of(token: Token) -> Token:
    current = token
    while current.head.i != current.i and current.pos_ not in ("VERB", "AUX"):
        current = current.head
    return current


def _date_phrase(date: Span) -> str:
    """The whole date phrase: "the second quarter" + "of its fiscal year"."""
    root = date.root
    tokens = list(root.subtree)
    if tokens[0].dep_ == "prep":
        tokens = tokens[1:]
    text = date.doc[tokens[0].i : tokens[-1].i + 1].text
    return text.removeprefix("than ").strip()


def _is_subject(token: Token) -> bool:
    return token.dep_ in SUBJECTS
