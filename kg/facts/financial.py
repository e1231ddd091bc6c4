"""Financial figures: a number, its unit, what it measures, whose it is, when.

Each MONEY, PERCENT or CARDINAL entity is read in its clause (:mod:`kg.facts.readings`):

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
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from kg.facts import quantities, readings
from kg.facts.entities import DocEntities
from kg.facts.syntax import SUBJECTS, amount_span, subject
from kg.model import EntityKind, FinancialFigure
from kg.patterns import load

QUANTITY_LABELS = ("MONEY", "PERCENT", "CARDINAL")
OWNER_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT)


def extract(doc: Doc, ents: DocEntities) -> Iterator[FinancialFigure]:
    other_dollars = _names_other_dollar(ents.text)
    last_owner: dict[str, str] = {}  # metric -> owner of the last figure reported for it
    for ent in _quantities(doc, ents.text):
        label = ent.label_
        # "2.4bn euros": the model often tags the number alone, as a CARDINAL
        ent = amount_span(ent) if label != "PERCENT" else ent
        if readings.is_conversion(ent):
            continue
        quantity = quantities.parse(ent.text, other_dollars=other_dollars)
        if quantity is None:
            continue
        if quantity.unit is None and label == "MONEY":
            continue  # a sum of money in an unknown currency: no figure rather than a wrong one
        counted = label == "CARDINAL" and quantity.unit is None
        reading = readings.read_count(ent) if counted else readings.read(ent)
        if reading is None or readings.about_future(reading):
            continue
        metric = reading.concept or (readings.metric(reading.metric) if reading.metric is not None else None)
        if metric is None:
            continue
        concept, metric_text = metric
        change, sign = reading.change, reading.sign
        if concept == "employees" and change and sign < 0 and quantity.unit is None:
            # "trimmed its workforce by 200,000": a fall in staff counted in people is job cuts
            concept, change, sign = "job cuts", False, 1
        owner = (
            _owner(reading, ents)
            or (last_owner.get(concept) if reading.metric is not None and readings.demonstrative(reading.metric) else None)
            # a stake's holder must be named: "Mr Murray ... holding a 37.6% stake" is no firm's
            or (_topic(ent.root, ents) if concept != "stake" else None)
        )
        if owner is None:
            continue
        last_owner[concept] = owner
        value = quantity.value * sign if change else quantity.value
        yield FinancialFigure(
            subject=owner,
            metric=concept,
            metric_text=metric_text,
            value=value,
            unit=quantity.unit or "count",
            change=change,
            period=_period(reading, ent),
            value_text=ent.text,
            evidence=ents.evidence(ents.sentence(ent.start)),
        )
    yield from _proportions(doc, ents)


def _proportions(doc: Doc, ents: DocEntities) -> Iterator[FinancialFigure]:
    """A change stated as a proportion: "halving its dividend payment", "with losses halved
    in 2004" (-50%), "profits more than doubled", "a doubling in profit" (+100%); "a
    fivefold rise in profits", "revenue rose 10-fold" (a multiple: 5 and 10 times the
    earlier level); of the metric the word has as object, subject or head, or in its
    "in"/"of" phrase."""
    lex = load("metrics")
    words = ents.columns
    for i, lemma in enumerate(words.lemma):
        # the Doc's columns first: a Token object only for a word that may state a proportion
        if lemma not in lex["proportion_verbs"] and lemma not in lex["proportion_nouns"] and not words.lower[i].endswith("fold"):
            continue
        token = doc[i]
        found = _proportion(token)
        if found is None:
            continue
        word, value, unit = found
        nouns = [c for c in word.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
        nouns += [word.head] if word.dep_ in ("acl", "amod") and word.pos_ == "VERB" else []
        nouns += [o for p in word.children if p.dep_ == "prep" and p.lower_ in ("in", "of") for o in p.children if o.dep_ == "pobj"]
        noun = next((n for n in nouns if readings.metric(n) is not None), None)
        if noun is None:
            continue
        verb = word if word.pos_ == "VERB" else readings.governing_verb(word)
        reading = readings.Reading(metric=noun, verb=verb, change=True, sign=1)
        if readings.about_future(reading):
            continue
        owner = _owner(reading, ents) or _topic(word, ents)
        concept, metric_text = readings.metric(noun) or ("", "")
        if owner is None or concept == "stake":
            continue
        yield FinancialFigure(
            subject=owner,
            metric=concept,
            metric_text=metric_text,
            value=Decimal(value),
            unit=unit,
            change=True,
            period=_period(reading, doc[word.i : word.i + 1]),
            value_text=doc[min(token.i, word.i) : max(token.i, word.i) + 1].text,
            evidence=ents.evidence(ents.sentence(word.i)),
        )


def _proportion(token: Token) -> tuple[Token, int, str] | None:
    """The word that states a proportional change, the change and its unit: a verb or
    noun by its meaning, in percent ("doubled", "a halving"), or the rise a multiple
    modifies, as the multiple ("fivefold" or "10-fold" on "rise", "jumped", "increase")."""
    lex = load("metrics")
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in lex["proportion_verbs"]:
        return token, lex["proportion_verbs"][lemma], "percent"
    if token.pos_ == "NOUN" and lemma in lex["proportion_nouns"]:
        return token, lex["proportion_nouns"][lemma], "percent"
    times = _multiple(token)
    rise = token.head
    if times is not None and times > 1 and rise.i != token.i and rise.lemma_.lower() in (*lex["rise_verbs"], *lex["rise_nouns"]):
        return rise, times, "multiple"
    return None


def _multiple(token: Token) -> int | None:
    """N of "Nfold", "N-fold" (the tokenizer splits the hyphen off), with N a digit or a number word."""
    lower = token.lower_
    if lower == "fold" and token.i >= 2 and token.nbor(-1).text == "-":
        number = token.nbor(-2).lower_
    elif lower.endswith("fold") and len(lower) > 4:
        number = lower[: -len("fold")].rstrip("-")
    else:
        return None
    if number.isdigit():
        return int(number)
    value = load("numbers")["units"].get(number)
    return value if isinstance(value, int) and value > 1 else None


def _quantities(doc: Doc, text: str) -> list[Span]:
    """The quantity entities, and the sums of money the model did not tag ("A$246bn",
    "4.3bn rupees"), found by their surface format in ``text`` (the Doc's), in text order."""
    tagged = [e for e in doc.ents if e.label_ in QUANTITY_LABELS]
    taken = {i for e in doc.ents if e.label_ in (*QUANTITY_LABELS, "DATE") for i in range(e.start, e.end)}
    found = []
    for start, end in quantities.money_in(text):
        span = doc.char_span(start, end, label="MONEY", alignment_mode="expand")
        if span is not None and not taken & set(range(span.start, span.end)):
            found.append(span)
    return sorted(tagged + found, key=lambda e: e.start)


def _names_other_dollar(text: str) -> bool:
    lower = text.lower()
    other = [f for code, forms in load("currencies")["words"].items() if code != "USD" for f in forms if "dollar" in f]
    return any(f in lower for f in other) or any(s in text for s in ("A$", "C$", "HK$", "NZ$", "S$"))


TOPIC_SENTENCES = 2  # how far back the organisation a figure is implicitly about may be named


def _topic(token: Token, ents: DocEntities) -> str | None:
    """The organisation a sentence with no owner of its own is about ("Third-quarter
    sales rose 34%"): the one named as a subject most recently, within two sentences,
    else the only organisation the sentence itself names."""
    doc = token.doc
    here = ents.sentence_of(token)
    sentence = ents.sentences[here]
    in_sentence = {k for t in sentence if (k := ents.key(t)) and ents.kind(k) is EntityKind.ORGANIZATION}
    earliest = ents.sentences[max(here - TOPIC_SENTENCES, 0)].start
    for i in range(sentence.start - 1, earliest - 1, -1):
        key = ents.key(doc[i])
        if key and ents.kind(key) is EntityKind.ORGANIZATION and doc[i].dep_ in SUBJECTS:
            return key if not in_sentence or key in in_sentence else None
    return in_sentence.pop() if len(in_sentence) == 1 else None


def _owner(reading: readings.Reading, ents: DocEntities) -> str | None:
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
        # a participle modifying a noun ("the cuts announced last year") reports in the noun's clause
        verb = verb.head if verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") else (
            readings.governing_verb(verb.head) if verb.dep_ == "acl" else None)
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


def _period(reading: readings.Reading, ent: Span) -> str | None:
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
