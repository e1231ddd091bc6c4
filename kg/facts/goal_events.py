"""Goals read from forms other than a cue verb: forecasts ("X forecast a net
loss of 472bn yen"), orders ("Air Deccan has ordered 30 planes"), jobs to go
("2,500 jobs are to go at Marsh") and planned events ("GM's planned
cutbacks")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.facts import quantities
from kg.facts.amounts import object_text, quantity_of
from kg.facts.deadlines import deadline_of, deadline_value
from kg.facts.entities import DocEntities
from kg.facts.goal_cues import negated
from kg.facts.goal_holders import HOLDER_KINDS, agent, speaker
from kg.facts.goal_lexicon import goal_lexicon as _lex
from kg.facts.syntax import conjuncts, subject
from kg.model import Goal
from kg.patterns import load


def forecasts(sent: Span, ents: DocEntities, *, stated_by: str | None) -> Iterator[Goal]:
    """"X forecast a net loss of 472bn yen", "X is projecting growth of around 5%":
    a forecast verb whose noun object carries a quantity; "X also expects higher
    revenue and wider profit margins": a comparative names the predicted change."""
    lex = _lex()
    comparatives: dict[str, str] = load("goals")["comparatives"]
    words, doc = ents.columns, sent.doc
    for i in range(sent.start, sent.end):
        if words.pos[i] != "VERB" or words.lemma[i] not in lex.forecast:
            continue
        verb = doc[i]
        if negated(verb):
            continue
        # "has seen an 18% jump in profits": what happened, not what is expected; "it would
        # see a million jobs axed": what will happen to the subject, not its forecast
        if verb.lemma_.lower() in load("goals")["experienced_in_past"] and (
            verb.tag_ in ("VBD", "VBN") or any(a.dep_ == "aux" and a.lower_ in lex.auxiliaries | lex.reported_auxiliaries for a in verb.children)
        ):
            continue
        holder = ents.key(subject(verb))
        if holder is None or ents.kind(holder) not in HOLDER_KINDS:
            continue
        first = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        for obj in conjuncts(first) if first is not None else []:
            amount = quantity_of(obj) or next((q for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                                             for o in p.children if o.dep_ == "pobj" for q in [quantity_of(o)] if q), None)
            change = next((comparatives[c.lower_] for c in obj.children if c.dep_ == "amod" and c.lower_ in comparatives), None)
            if amount is None and change is None:
                continue
            yield _forecast(verb, obj, holder, amount, change, sent, ents, stated_by=stated_by)
        yield from _predicted_levels(verb, holder, sent, ents, stated_by=stated_by)


def _predicted_levels(verb: Token, holder: str, sent: Span, ents: DocEntities, *, stated_by: str | None) -> Iterator[Goal]:
    """"expected operating margins to be lower in 2005, at 4% of sales", "forecasts sales
    to be 10% higher": a comparative predicted of the complement clause's subject, the
    level its "at" amount, else the amount of the change."""
    comparatives: dict[str, str] = load("goals")["comparatives"]
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or clause.lemma_ != "be" or not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
            continue
        adjective = next((c for c in clause.children if c.dep_ == "acomp" and c.lower_ in comparatives), None)
        measured = next((c for c in clause.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        if adjective is None or measured is None:
            continue
        level = next((q for w in (clause, verb, adjective) for p in w.children if p.dep_ == "prep" and p.lower_ == "at"
                      for o in p.children if o.dep_ == "pobj" for q in [quantity_of(o)] if q), None)
        size = next((q for c in adjective.children if c.dep_ == "npadvmod" for q in [quantity_of(c)] if q), None)
        yield _forecast(verb, measured, holder, level or size, comparatives[adjective.lower_], sent, ents, stated_by=stated_by)


def _forecast(verb: Token, obj: Token, holder: str, amount: quantities.Quantity | None, change: str | None,
              sent: Span, ents: DocEntities, *, stated_by: str | None) -> Goal:
    lex = _lex()
    # "For 2005, TimeWarner is projecting ... and also expects ...": the deadline of the first clause
    # "expected margins to be lower in 2005": the deadline of the predicted clause
    deadline = deadline_of(verb) or deadline_of(obj) or deadline_of(obj.head) or (deadline_of(verb.head) if verb.dep_ == "conj" else None)
    iso, deadline_text = deadline_value(deadline) if deadline is not None else (None, None)
    return Goal(
        holder=holder,
        action=change or lex.event_nouns.get(obj.lower_, lex.event_nouns.get(obj.lemma_.lower(), verb.lemma_.lower())),
        quantity=amount.value if amount else None,
        unit=(amount.unit or "count") if amount else None,
        object=object_text(obj),
        scope=None,
        deadline=iso,
        deadline_text=deadline_text,
        stated_by=stated_by if stated_by != holder else None,
        modality=verb.text,
        evidence=ents.evidence(sent),
    )


def orders(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"Air Deccan has ordered 30 Airbus planes", "JAL has made a firm order for 30 of
    the aircraft": an order is a purchase agreed but not yet completed."""
    orders: dict[str, str] = load("goals")["purchase_orders"]
    words, doc = ents.columns, sent.doc
    for i in range(sent.start, sent.end):
        action = orders.get(words.lemma[i])
        if action is None:
            continue
        token = doc[i]
        if token.pos_ == "VERB":
            holder, obj = agent(subject(token), ents), next((c for c in token.children if c.dep_ == "dobj"), None)
        elif token.pos_ == "NOUN" and token.dep_ == "dobj" and token.head.lemma_.lower() in load("goals")["placing_verbs"]:
            holder = agent(subject(token.head), ents)
            obj = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"), None)
        else:
            continue
        amount = quantity_of(obj)
        if holder is None or amount is None or negated(token):
            continue
        yield Goal(
            holder=holder,
            action=action,
            quantity=amount.value,
            unit=amount.unit or "count",
            object=object_text(obj),
            scope=None,
            deadline=None,
            deadline_text=None,
            stated_by=None,
            modality=token.text,
            evidence=ents.evidence(sent),
        )


def job_losses(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"Up to 2,500 jobs are to go at Marsh & McLennan", "500 jobs will be cut at Acme":
    jobs that will disappear at an organisation are cuts it plans."""
    lexicon_: dict[str, list[str]] = load("goals")["job_losses"]
    lex = _lex()
    words, doc = ents.columns, sent.doc
    for i in range(sent.start, sent.end):
        if words.pos[i] != "VERB" or words.lemma[i] not in lexicon_["verbs"]:
            continue
        verb = doc[i]
        if negated(verb):
            continue
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        be_to = verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and "to" in auxiliaries
        # in "jobs are to go" the jobs are the subject of "are"
        jobs = next((c for w in ([verb, verb.head] if be_to else [verb]) for c in w.children
                     if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lexicon_["nouns"]), None)
        if jobs is None:
            continue
        if not (be_to or auxiliaries & (lex.auxiliaries | lex.reported_auxiliaries)):
            continue
        at = [o for w in (verb, jobs) for p in w.children if p.dep_ == "prep" and p.lower_ == "at" for o in p.children if o.dep_ == "pobj"]
        holder = next((k for o in at if (k := agent(o, ents)) is not None), None)
        if holder is None:
            continue
        amount = quantity_of(jobs)
        yield Goal(
            holder=holder,
            action="cut",
            quantity=amount.value if amount else None,
            unit=(amount.unit or "count") if amount else None,
            object=object_text(jobs),
            scope=None,
            deadline=None,
            deadline_text=None,
            stated_by=speaker(sent, ents),
            modality=" ".join(t.text for t in sorted([*(c for c in verb.children if c.dep_ == "aux"), verb], key=lambda t: t.i)),
            evidence=ents.evidence(sent),
        )


def planned_events(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"GM's planned severe cutbacks", "its proposed merger": an event noun that a planning
    participle modifies is a plan of the noun's possessor."""
    data = load("goals")
    events: dict[str, str] = data["planned_events"]
    words, doc = ents.columns, sent.doc
    for i in range(sent.start, sent.end):
        if words.pos[i] != "NOUN":
            continue
        action = events.get(words.lower[i]) or events.get(words.lemma[i])
        if action is None:
            continue
        noun = doc[i]
        if not any(c.dep_ == "amod" and c.lower_ in data["planned_participles"] for c in noun.children):
            continue
        holder = next((k for c in noun.children if c.dep_ == "poss" for k in [agent(c, ents)] if k is not None), None)
        if holder is None:
            continue
        amount = quantity_of(noun)
        yield Goal(
            holder=holder,
            action=action,
            quantity=amount.value if amount else None,
            unit=(amount.unit or "count") if amount else None,
            object=None,
            scope=None,
            deadline=None,
            deadline_text=None,
            stated_by=None,
            modality=next(c.text for c in noun.children if c.dep_ == "amod" and c.lower_ in data["planned_participles"]),
            evidence=ents.evidence(sent),
        )
