"""How a number in a sentence is governed: the metric noun or verb it belongs to.

A quantity entity is read in its clause (see :mod:`kg.facts.financial` for the
constructions): a metric noun governs it ("a loss of 22.64 million", "an $850m
payout", "a 44% stake"), an event noun ("a 43% rise in net profits"), or a verb
whose subject or object is the metric ("profits jumped 76%", "reduced overheads
by 20%"), or whose own meaning names it ("sold 95,000 cars": sales).  Change
verbs come from a lexicon; "by" marks the size of a change, "to" the level
reached, "from" the earlier level.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from kg.facts.syntax import is_money_word, match_phrase, subject
from kg.patterns import lexicon, load, words


@dataclass(frozen=True, slots=True)
class Lexicons:
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
def lexicons() -> Lexicons:
    return Lexicons(
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
class Reading:
    metric: Token | None  # the metric noun
    verb: Token | None  # the governing verb, if any
    change: bool
    sign: int
    concept: tuple[str, str] | None = None  # the metric when no noun names it: "sold 95,000 cars"


def is_conversion(ent: Span) -> bool:
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


def about_future(reading: Reading) -> bool:
    """A figure in a clause about the future or a forecast ("expects sales to grow
    16%", "will cut 500 jobs", "is projecting growth of 5%") is a goal, not a report."""
    lex = lexicons()
    if reading.metric is not None and (found := metric(reading.metric)) is not None and found[0] == "deal value":
        # the value of a deal is said of the deal, whatever the tense of the clause it sits in:
        # "is to supply 50 planes in a deal that could be worth $6bn"
        return False
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


def read_count(ent: Span) -> Reading | None:
    """A number that counts something: a metric noun ("40,000 staff"), or the
    object of a verb that names the metric ("sold 95,000 cars", "sold 100 of ...")."""
    lex = lexicons()
    root = ent.root
    noun = root.head if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") else root
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB" else None
    lemma = verb.lemma_.lower() if verb is not None else ""
    sign = -1 if lemma in lex.fall else 1
    concept = metric(noun) if noun is not root else None
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
            return Reading(metric=noun, verb=governing_verb(event), change=True, sign=sign)
        change = (lemma in lex.rise | lex.fall) and concept[0] != "job cuts"
        # "the 12,000 job cuts announced last year": the noun's own participle is its clause
        participle = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        return Reading(metric=noun, verb=verb or participle or governing_verb(noun), change=change, sign=sign)
    if verb is not None and lemma in lex.verb_metrics and noun.lemma_.lower() not in lex.stake_nouns | {"stock"}:
        # "sold 95,000 cars" (not "sold 7 million shares", a change of holders)
        return Reading(metric=None, verb=verb, change=False, sign=1, concept=verb_concept(verb))
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "from", "by"):
        # "sales rose 2.3% to 80,600": a level reached or left; "trimmed its workforce by 200,000"
        return read(ent)
    counted = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("for", "of") else None
    if counted is not None and counted.pos_ == "NOUN" and (found := metric(counted)) is not None and found[0] in lex.counted \
            and not lex.counted[found[0]]:
        # "has orders for 56 so far" (an order book; "made an order for 30" places one: a goal)
        verb = governing_verb(counted)
        if verb is None or verb.lemma_.lower() not in load("goals")["placing_verbs"]:
            return Reading(metric=counted, verb=verb, change=False, sign=1)
    return None


def read(ent: Span) -> Reading | None:
    """Find what governs the quantity: a metric noun or a verb."""
    lex = lexicons()
    root = ent.root
    head = root.head
    prep = None
    if root.dep_ == "pobj" and head.pos_ == "ADP":
        prep, head = head.lower_, head.head
    if head.pos_ in ("NOUN", "PROPN") and metric(head):
        # "a loss of X", "turnover of X"
        return Reading(metric=head, verb=governing_verb(head), change=False, sign=1)
    event = head if head.pos_ == "NOUN" else (root.head if root.dep_ in ("nummod", "amod", "compound", "quantmod") else None)
    if event is not None and event.lemma_.lower() in lex.rise | lex.fall:
        # "a 43% rise in net profits", "an increase of 4%", "a rise in sales to 2.4bn euros":
        # an event noun; the metric is what rises ("in ..."), the rise's "to" phrase a level
        metric_noun = next((o for p in event.children if p.dep_ == "prep" and p.lower_ == "in"
                            for o in p.children if o.dep_ == "pobj" and metric(o)), None)
        is_fall = event.lemma_.lower() in lex.fall
        verb = governing_verb(event)
        # "sold 2.4 million vehicles, an increase of 4%": the verb names what increased
        concept = verb_concept(verb) if metric_noun is None and verb is not None else None
        return Reading(metric=metric_noun, verb=verb, change=prep != "to", sign=-1 if is_fall else 1, concept=concept)
    if ent.label_ == "PERCENT" and root.dep_ in ("compound", "nummod", "amod") and head.lemma_.lower() in lex.stake_nouns:
        # "a 44% stake", "a 30% shareholder in Mitsubishi Motors"
        return Reading(metric=head, verb=governing_verb(head), change=False, sign=1, concept=("stake", head.text))
    if root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and head.pos_ in ("NOUN", "ADJ") and metric(head):
        # "an $850m payout", "a 684bn yen loss", "a 44% stake" (the tagger may call "payout" an adjective)
        return Reading(metric=head, verb=governing_verb(head), change=False, sign=1)
    if head.lower_ == "worth" and head.head.pos_ == "NOUN" and metric(head.head):
        # "a deal worth 1bn euros"
        return Reading(metric=head.head, verb=governing_verb(head.head), change=False, sign=1)
    if head.lower_ == "worth" and head.dep_ == "acomp" and head.head.dep_ == "relcl" and metric(head.head.head):
        # "a deal that could be worth as much as $6bn": the relative clause describes the deal
        deal = head.head.head
        return Reading(metric=deal, verb=governing_verb(deal), change=False, sign=1)
    if head.lemma_.lower() in lex.stake_verbs and root.dep_ == "dobj" and ent.label_ == "PERCENT":
        # "it now owns 8% of search-engine Google"
        return Reading(metric=None, verb=head, change=False, sign=1, concept=("stake", head.text))
    if head.pos_ in ("VERB", "AUX") or head.lemma_.lower() in lex.rise | lex.fall:
        lemma = head.lemma_.lower()
        is_rise, is_fall = lemma in lex.rise, lemma in lex.fall
        change = (is_rise or is_fall) and prep in (None, "by")
        metric_noun = metric_subject(head)
        if metric_noun is None and head.pos_ == "ADV" and head.head.pos_ in ("VERB", "AUX"):
            # "posted a profit of $3.36bn, up 27%": the change is of the clause's metric
            head = head.head
            metric_noun = next((c for c in head.children if c.dep_ in ("dobj", "attr") and metric(c)), None) or metric_subject(head)
        if metric_noun is None and (is_rise or is_fall):
            # "reduced Nissan's overheads by 20%": a transitive change; its object is the metric
            metric_noun = next((c for c in head.children if c.dep_ == "dobj" and metric(c)), None)
        # "paid $250m", "sold 2.4 million vehicles, up 4%" name the metric; "sold its arm for
        # $11.5bn" is the price of a deal, "sold shares at $85" a price per share
        concept = None
        if metric_noun is None and prep == "for" and head.lemma_.lower() in lex.deal_verbs:
            concept = ("deal value", head.text)
        elif metric_noun is None and prep in (None, "by"):
            concept = verb_concept(head)
        return Reading(metric=metric_noun, verb=head, change=change, sign=-1 if is_fall else 1, concept=concept)
    return None


def verb_concept(verb: Token) -> tuple[str, str] | None:
    """The metric a verb names when no noun does: "sold" -> sales, "paid" -> cost."""
    concept = lexicons().verb_metrics.get(verb.lemma_.lower())
    return (concept, verb.text) if concept else None


def governing_verb(noun: Token) -> Token | None:
    current = noun
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def metric_subject(verb: Token) -> Token | None:
    """The metric a verb reports on: its subject, or what a pronoun subject stands for."""
    subj = subject(verb)
    if subj is None:
        return None
    if subj.pos_ == "PRON" and verb.dep_ in ("advcl", "relcl") and verb.head.pos_ in ("VERB", "AUX"):
        # "That loss is higher ..., when it amounted to X": 'it' is the loss.
        main = subject(verb.head)
        if main is not None and metric(main):
            return main
    return subj if metric(subj) else None


def metric(noun: Token) -> tuple[str, str] | None:
    """(metric concept, the words as written) for a metric noun with its modifiers."""
    lex = lexicons()
    mods = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ != "PROPN"]
    tokens = mods + [noun]
    for i in range(len(tokens)):
        hit = match_phrase(tokens, i, lex.metrics)
        if hit and hit[1] == len(tokens):
            return hit[0], " ".join(t.text for t in tokens[i:])
    hit = match_phrase([noun], 0, lex.metrics)
    return (hit[0], noun.text) if hit else None


def demonstrative(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("that", "this", "these", "those") for c in noun.children)
