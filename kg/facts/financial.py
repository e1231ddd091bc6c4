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

Counted figures are CARDINAL numbers that count a metric noun ("employs 40,000
staff", "lost 464,000 subscribers") or the object of a verb that names the
metric ("sold 95,000 cars": sales).  A percentage owned ("owns 8% of Google",
"a 44% stake") is a stake.  A bracketed conversion ("$1.13bn (£600m)") is the
same figure, not a second one.  Figures in a clause about the future ("expects
sales to grow 16%", "will cut 500 jobs") are goals, not reported figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.facts import quantities
from kg.facts.entities import DocEntities
from kg.facts.syntax import SUBJECTS, amount_span, evidence, is_money_word, match_phrase, subject
from kg.model import EntityKind, FinancialFigure
from kg.patterns import lexicon, load, words

QUANTITY_LABELS = ("MONEY", "PERCENT", "CARDINAL")
OWNER_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)


@dataclass(frozen=True, slots=True)
class _Lexicons:
    metrics: dict[str, str]
    rise: frozenset[str]
    fall: frozenset[str]
    verb_metrics: dict[str, str]
    progressive: frozenset[str]
    deal_verbs: frozenset[str]
    stake_verbs: frozenset[str]
    stake_nouns: frozenset[str]
    counted: dict[str, frozenset[str]]
    future: frozenset[str]
    forecast: frozenset[str]


@cache
def _lex() -> _Lexicons:
    return _Lexicons(
        lexicon("metrics", "metrics"),
        words("metrics", "rise_verbs"),
        words("metrics", "fall_verbs"),
        dict(load("metrics")["verb_metrics"]),
        words("goals", "progressive_plans"),
        words("metrics", "deal_verbs"),
        words("metrics", "stake_verbs"),
        words("metrics", "stake_nouns"),
        {concept: frozenset(verbs) for concept, verbs in load("metrics")["counted"].items()},
        words("metrics", "future_auxiliaries"),
        words("metrics", "forecast_verbs"),
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    metric: Token | None  # the metric noun
    verb: Token | None  # the governing verb, if any
    change: bool
    sign: int
    concept: tuple[str, str] | None = None  # the metric when no noun names it: "sold 95,000 cars"


def extract(doc: Doc, ents: DocEntities) -> Iterator[FinancialFigure]:
    other_dollars = _names_other_dollar(doc.text)
    last_owner: dict[str, str] = {}  # metric -> owner of the last figure reported for it
    for ent in doc.ents:
        if ent.label_ not in QUANTITY_LABELS:
            continue
        label = ent.label_
        # "2.4bn euros": the model often tags the number alone, as a CARDINAL
        ent = amount_span(ent) if label != "PERCENT" else ent
        if _is_conversion(ent):
            continue
        quantity = quantities.parse(ent.text, other_dollars=other_dollars)
        if quantity is None:
            continue
        if quantity.unit is None and label == "MONEY":
            continue  # a sum of money in an unknown currency: no figure rather than a wrong one
        counted = label == "CARDINAL" and quantity.unit is None
        reading = _read_count(ent) if counted else _read(ent)
        if reading is None or _about_future(reading):
            continue
        metric = reading.concept or (_metric(reading.metric) if reading.metric is not None else None)
        if metric is None:
            continue
        concept, metric_text = metric
        owner = (
            _owner(reading, ents)
            or (last_owner.get(concept) if reading.metric is not None and _demonstrative(reading.metric) else None)
            # a stake's holder must be named: "Mr Murray ... holding a 37.6% stake" is no firm's
            or (_topic(ent.root, ents) if concept != "stake" else None)
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
    """A bracketed conversion of the figure before it: "$1.13bn (£600m)",
    "2.4bn euros ($3.1bn; £2.9bn)".  The parser attaches it as an apposition,
    or not at all; the brackets after an amount say the same."""
    root = ent.root
    if root.dep_ == "appos" and (root.head.ent_type_ in ("MONEY", "CARDINAL") or is_money_word(root.head)):
        return True
    doc = ent.doc
    before = doc[ent.start - 2] if ent.start >= 2 else None
    return (
        before is not None
        and doc[ent.start - 1].text in ("(", ";")
        and (before.ent_type_ in ("MONEY", "CARDINAL") or is_money_word(before) or before.text == "(")
    )


def _about_future(reading: _Reading) -> bool:
    """A figure in a clause about the future or a forecast ("expects sales to grow
    16%", "will cut 500 jobs", "is projecting growth of 5%") is a goal, not a report."""
    lex = _lex()
    verb = reading.verb
    for _ in range(3):
        if verb is None:
            return False
        auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
        obligation = verb.dep_ == "xcomp" and verb.head.lemma_ == "have" and verb.head.tag_ == "VBD"  # "had to pay"
        if verb.lemma_.lower() in lex.forecast or (any(c.lower_ in lex.future for c in auxiliaries) and not obligation):
            return True
        if verb.tag_ == "VBG" and verb.lemma_.lower() in lex.progressive and any(c.lemma_ == "be" for c in auxiliaries):
            return True  # "are axing 90 jobs": a plan in the present progressive
        if verb.lemma_ == "be" and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
            return True  # "2,500 jobs are to go"
        verb = verb.head if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i else None
    return False


def _read_count(ent: Span) -> _Reading | None:
    """A number that counts something: a metric noun ("40,000 staff"), or the
    object of a verb that names the metric ("sold 95,000 cars", "sold 100 of ...")."""
    lex = _lex()
    root = ent.root
    noun = root.head if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") else root
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB" else None
    lemma = verb.lemma_.lower() if verb is not None else ""
    sign = -1 if lemma in lex.fall else 1
    concept = _metric(noun) if noun is not root else None
    if concept is not None and noun.lemma_.lower() == "job" and lemma not in lex.fall:
        return None  # "157,000 new jobs were added" counts no cuts
    if concept is not None and concept[0] in lex.counted:
        # "employs 40,000 staff"; "lost 464,000 subscribers" is a change, "cut 1,000 jobs" a count of cuts
        needs = lex.counted[concept[0]]
        if needs and lemma not in needs and not any(c.dep_ == "poss" for c in noun.children):
            return None  # "130,000 people lost money" counts people, not a firm's staff
        event = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if event is not None and event.lemma_.lower() in lex.rise | lex.fall | {"loss", "gain"}:
            # "a net loss of 58,000 customers": the event noun makes it a change
            sign = -1 if event.lemma_.lower() in lex.fall | {"loss"} else 1
            return _Reading(metric=noun, verb=_governing_verb(event), change=True, sign=sign)
        change = (lemma in lex.rise | lex.fall) and concept[0] != "job cuts"
        return _Reading(metric=noun, verb=verb or _governing_verb(noun), change=change, sign=sign)
    if verb is not None and lemma in lex.verb_metrics:
        return _Reading(metric=None, verb=verb, change=False, sign=1, concept=_verb_concept(verb))
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "from"):
        # "sales rose 2.3% to 80,600": a level reached or left
        return _read(ent)
    return None


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
        verb = _governing_verb(event)
        # "sold 2.4 million vehicles, an increase of 4%": the verb names what increased
        concept = _verb_concept(verb) if metric_noun is None and verb is not None else None
        return _Reading(metric=metric_noun, verb=verb, change=prep != "to", sign=-1 if is_fall else 1, concept=concept)
    if ent.label_ == "PERCENT" and root.dep_ in ("compound", "nummod", "amod") and head.lemma_.lower() in lex.stake_nouns:
        # "a 44% stake", "a 30% shareholder in Mitsubishi Motors"
        return _Reading(metric=head, verb=_governing_verb(head), change=False, sign=1, concept=("stake", head.text))
    if root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and head.pos_ in ("NOUN", "ADJ") and _metric(head):
        # "an $850m payout", "a 684bn yen loss", "a 44% stake" (the tagger may call "payout" an adjective)
        return _Reading(metric=head, verb=_governing_verb(head), change=False, sign=1)
    if head.lower_ == "worth" and head.head.pos_ == "NOUN" and _metric(head.head):
        # "a deal worth 1bn euros"
        return _Reading(metric=head.head, verb=_governing_verb(head.head), change=False, sign=1)
    if head.lemma_.lower() in lex.stake_verbs and root.dep_ == "dobj" and ent.label_ == "PERCENT":
        # "it now owns 8% of search-engine Google"
        return _Reading(metric=None, verb=head, change=False, sign=1, concept=("stake", head.text))
    if head.pos_ in ("VERB", "AUX") or head.lemma_.lower() in lex.rise | lex.fall:
        lemma = head.lemma_.lower()
        is_rise, is_fall = lemma in lex.rise, lemma in lex.fall
        change = (is_rise or is_fall) and prep in (None, "by")
        metric_noun = _metric_subject(head)
        if metric_noun is None and head.pos_ == "ADV" and head.head.pos_ in ("VERB", "AUX"):
            # "posted a profit of $3.36bn, up 27%": the change is of the clause's metric
            head = head.head
            metric_noun = next((c for c in head.children if c.dep_ in ("dobj", "attr") and _metric(c)), None) or _metric_subject(head)
        if metric_noun is None and (is_rise or is_fall):
            # "reduced Nissan's overheads by 20%": a transitive change; its object is the metric
            metric_noun = next((c for c in head.children if c.dep_ == "dobj" and _metric(c)), None)
        # "paid $250m", "sold 2.4 million vehicles, up 4%" name the metric; "sold its arm for
        # $11.5bn" is the price of a deal, "sold shares at $85" a price per share
        concept = None
        if metric_noun is None and prep == "for" and head.lemma_.lower() in lex.deal_verbs:
            concept = ("deal value", head.text)
        elif metric_noun is None and prep in (None, "by"):
            concept = _verb_concept(head)
        return _Reading(metric=metric_noun, verb=head, change=change, sign=-1 if is_fall else 1, concept=concept)
    return None


def _verb_concept(verb: Token) -> tuple[str, str] | None:
    """The metric a verb names when no noun does: "sold" -> sales, "paid" -> cost."""
    concept = _lex().verb_metrics.get(verb.lemma_.lower())
    return (concept, verb.text) if concept else None


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
        if reading.metric.dep_ == "appos":
            # "DaimlerChrysler, a 30% shareholder in Mitsubishi Motors"
            key = ents.key(reading.metric.head)
            if key and ents.kind(key) in OWNER_KINDS:
                return key
    verb = reading.verb
    seen = 0
    while verb is not None and seen < 4:
        subj = subject(verb)
        if subj is not None and subj.tag_ == "WDT" and verb.dep_ == "relcl":
            subj = verb.head  # "its brokerage unit, which employs 40,000 staff"
        key = _named(subj, ents)
        if key:
            return key
        if verb.head.i == verb.i:
            break
        verb = verb.head if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") else None
        seen += 1
    return None


def _named(noun: Token | None, ents: DocEntities) -> str | None:
    """The organisation a noun phrase names: itself, or a name modifying its head
    ("the two Telegraph titles", "the Lagardere group")."""
    if noun is None:
        return None
    for token in [noun, *(c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN")]:
        key = ents.key(token)
        if key and ents.kind(key) in OWNER_KINDS:
            return key
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
