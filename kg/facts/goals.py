"""Goals, plans and targets: "The department aims to serve two billion customers
worldwide and support 10 million companies by 2036."

A cue verb taking an infinitive ("aims to", "plans to", "intends to"), a
future auxiliary ("will"), or "is to" marks an intention; its subject is the
holder.  Each coordinated action verb is one goal, with its object, the
number that quantifies the object, a scope adverb ("worldwide") and a
deadline ("by 2036").  A deadline written once after coordinated actions is
shared by all of them, as the coordination reads.  Negated cues ("does not
plan to", "has no plans to") are not goals.

Plan nouns are cues too: "unveiled plans to cut prices", "struck a deal to
supply 30,000 vehicles", "set itself a target of getting 200 orders"; their
holder is the "by" phrase, the possessor, or the subject of the clause.  A cue
with no subject of its own takes the one of the clause it modifies ("BT has
moved ... by offering to cut prices").  "will try to sign up" is a goal to sign
up; "will benefit from" predicts a state and is not a plan.  A target level
("boost sales to 150,000") is the quantity before the size of the change.

Who stated the goal: the speaker of the sentence ("X said", "according to
X"), else the speaker of the previous sentence when that sentence announces
plans ("Jack Ma ... says he has great goals for the future.").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.facts import quantities
from kg.facts.amounts import amounts_of_change, object_text, quantity_of
from kg.facts.deadlines import deadline_of, deadline_value
from kg.facts.entities import DocEntities
from kg.facts.goal_lexicon import goal_lexicon as _lex
from kg.facts.goal_lexicon import lemma as _lemma
from kg.facts.syntax import conjuncts, evidence, subject
from kg.model import EntityKind, Goal
from kg.patterns import load

HOLDER_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT, EntityKind.PERSON)
# a state or government can hold a plan ("Russia has said it will turn Yugansk into ..."),
# and the model tags some firms as places
AGENT_KINDS = HOLDER_KINDS + (EntityKind.PLACE,)


def extract(doc: Doc, ents: DocEntities) -> Iterator[Goal]:
    """Goals, one per proposition: a plan restated later in the article ("GM's plans to
    build the marque" after "GM will build a new Cadillac") is not a second goal."""
    stated: set[tuple[str, str, object, str | None, str | None]] = set()
    for goal in _goals(doc, ents):
        key = (goal.holder, goal.action, goal.quantity, goal.unit, goal.deadline)
        if key not in stated:
            stated.add(key)
            yield goal


def _goals(doc: Doc, ents: DocEntities) -> Iterator[Goal]:
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        for cue, actions in _cues(sent):
            holder = _holder(cue, ents)
            if holder is None or _negated(cue) or _conditional(cue) or _expected_of(cue):
                continue
            stated_by = _speaker(sent, ents) or (_plan_announcer(sents[n - 1], ents) if n else None)
            # a deadline written once applies to every coordinated action; one on the cue to all
            deadline_token = next((d for a in [*actions, cue] for d in [deadline_of(a)] if d is not None), None)
            for action in actions:
                action = _complement(action)
                if _negated(action) or (cue.i == action.i and action.lemma_.lower() in _lex().states) or _appointment(action):
                    continue
                deadline = deadline_of(action) or deadline_token
                obj = next((c for c in action.children if c.dep_ in ("dobj", "attr")), None)
                counted = quantity_of(obj)
                # "grow 16% to 250,000": the size of the change and the level aimed at are two targets
                amounts: list[quantities.Quantity | None] = [counted] if counted else [*amounts_of_change(action)] or [None]
                iso, deadline_text = deadline_value(deadline) if deadline is not None else (None, None)
                for amount in amounts:
                    yield Goal(
                        holder=holder,
                        action=_action(action),
                        quantity=amount.value if amount else None,
                        unit=(amount.unit or "count") if amount else None,
                        object=object_text(obj),
                        scope=next((c.text for c in action.children if c.lower_ in _lex().scope), None),
                        deadline=iso,
                        deadline_text=deadline_text,
                        stated_by=stated_by if stated_by != holder else None,
                        modality=_modality(cue, action),
                        evidence=evidence(sent, ents.doc_id),
                    )
        yield from _forecasts(sent, ents, stated_by=_speaker(sent, ents))
        yield from _orders(sent, ents)
        yield from _job_losses(sent, ents)
        yield from _planned_events(sent, ents)


def _planned_events(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"GM's planned severe cutbacks", "its proposed merger": an event noun that a planning
    participle modifies is a plan of the noun's possessor."""
    data = load("goals")
    events: dict[str, str] = data["planned_events"]
    for noun in sent:
        action = events.get(noun.lower_) or events.get(noun.lemma_.lower())
        if noun.pos_ != "NOUN" or action is None:
            continue
        if not any(c.dep_ == "amod" and c.lower_ in data["planned_participles"] for c in noun.children):
            continue
        holder = next((k for c in noun.children if c.dep_ == "poss" for k in [_agent(c, ents)] if k is not None), None)
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
            evidence=evidence(sent, ents.doc_id),
        )


def _job_losses(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"Up to 2,500 jobs are to go at Marsh & McLennan", "500 jobs will be cut at Acme":
    jobs that will disappear at an organisation are cuts it plans."""
    lexicon_: dict[str, list[str]] = load("goals")["job_losses"]
    lex = _lex()
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon_["verbs"] or _negated(verb):
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
        holder = next((k for o in at if (k := _agent(o, ents)) is not None), None)
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
            stated_by=_speaker(sent, ents),
            modality=" ".join(t.text for t in sorted([*(c for c in verb.children if c.dep_ == "aux"), verb], key=lambda t: t.i)),
            evidence=evidence(sent, ents.doc_id),
        )


def _orders(sent: Span, ents: DocEntities) -> Iterator[Goal]:
    """"Air Deccan has ordered 30 Airbus planes", "JAL has made a firm order for 30 of
    the aircraft": an order is a purchase agreed but not yet completed."""
    orders: dict[str, str] = load("goals")["purchase_orders"]
    for token in sent:
        action = orders.get(token.lemma_.lower())
        if action is None:
            continue
        if token.pos_ == "VERB":
            holder, obj = _agent(subject(token), ents), next((c for c in token.children if c.dep_ == "dobj"), None)
        elif token.pos_ == "NOUN" and token.dep_ == "dobj" and token.head.lemma_.lower() in load("goals")["placing_verbs"]:
            holder = _agent(subject(token.head), ents)
            obj = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"), None)
        else:
            continue
        amount = quantity_of(obj)
        if holder is None or amount is None or _negated(token):
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
            evidence=evidence(sent, ents.doc_id),
        )


def _holder(cue: Token, ents: DocEntities) -> str | None:
    """Who holds the plan: the subject of the cue, or for a cue with none of its own
    the subject of the clause it modifies ("moved ... by offering to cut"); for a plan
    noun its "by" phrase, possessor, or the subject of the verb it is the object of."""
    if cue.pos_ == "NOUN":
        for child in cue.children:
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "by"):
                target = next((c for c in child.children if c.dep_ == "pobj"), child)
                if (key := _agent(target, ents)) is not None:
                    return key
        # "unveiled plans to ...", "has struck a deal to ...": the noun is the verb's object
        noun = cue
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return _agent(subject(noun.head), ents) if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX") else None
    current: Token | None = cue
    for _ in range(3):
        if current is None:
            return None
        subj = subject(current)
        if subj is not None:
            return _agent(subj, ents)
        # "by offering to cut": gerund -> "by" -> the verb it modifies (not "accused X of trying")
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.lower_ == "by":
            current = current.head.head
        elif current.dep_ in ("advcl", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            return None
    return None


def _conditional(cue: Token) -> bool:
    """A cue in a condition: "if it wants to rebuild the business"."""
    current = cue
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in current.children):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _expected_of(cue: Token) -> bool:
    """"Ofcom is expected to spend ...": someone else's expectation about the subject
    (not "is set to merge", the subject's own plan)."""
    return cue.lemma_.lower() in _lex().forecast and any(c.dep_ == "auxpass" for c in cue.children)


def _appointment(action: Token) -> bool:
    """A move between posts ("is to succeed Mr Schweitzer", "will step down", "is to
    become chairman") is a role with its status, not a goal."""
    lex = _lex()
    if action.lemma_.lower() in lex.personnel:
        return True
    # "will serve as Mr Ghosn's deputy": a post held, not a plan
    if action.lemma_.lower() in load("goals")["role_verbs"] and any(c.dep_ == "prep" and c.lower_ == "as" for c in action.children):
        return True
    return action.lemma_.lower() == "become" and any(c.dep_ == "attr" and c.lower_ in lex.titles for c in action.children)


def _agent(token: Token | None, ents: DocEntities) -> str | None:
    key = ents.key(token)
    return key if key is not None and ents.kind(key) in AGENT_KINDS else None


def _complement(action: Token) -> Token:
    """The action a catenative verb passes the goal to: "try to sign up" -> sign up."""
    if action.lemma_.lower() in _lex().catenatives:
        return next((c for c in action.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), action)
    return action


def _modality(cue: Token, action: Token) -> str:
    """The cue as written: "aims", "will", "is cutting"."""
    if cue.i != action.i:
        return cue.text
    aux = [c for c in action.children if c.dep_ == "aux" and c.lower_ not in ("to",)]
    return " ".join(t.text for t in [*aux, action]) if action.tag_ == "VBG" else (aux[0].text if aux else action.text)


def _forecasts(sent: Span, ents: DocEntities, *, stated_by: str | None) -> Iterator[Goal]:
    """"X forecast a net loss of 472bn yen", "X is projecting growth of around 5%":
    a forecast verb whose noun object carries a quantity; "X also expects higher
    revenue and wider profit margins": a comparative names the predicted change."""
    lex = _lex()
    comparatives: dict[str, str] = load("goals")["comparatives"]
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.forecast or _negated(verb):
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


def _forecast(verb: Token, obj: Token, holder: str, amount: quantities.Quantity | None, change: str | None,
              sent: Span, ents: DocEntities, *, stated_by: str | None) -> Goal:
    lex = _lex()
    # "For 2005, TimeWarner is projecting ... and also expects ...": the deadline of the first clause
    deadline = deadline_of(verb) or deadline_of(obj) or (deadline_of(verb.head) if verb.dep_ == "conj" else None)
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
        evidence=evidence(sent, ents.doc_id),
    )


def _cues(sent: Span) -> Iterator[tuple[Token, list[Token]]]:
    """(cue, action verbs) pairs: "aims to serve ... and support", "will open"."""
    lex = _lex()
    for token in sent:
        if token.pos_ == "NOUN" and token.lemma_.lower() in lex.cue_nouns:
            # "plans to cut", "a deal to supply"; "a target of getting 200 commitments"
            infinitives = [c for c in token.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")]
            gerunds = [g for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
            if infinitives or gerunds:
                yield token, conjuncts((infinitives or gerunds)[0])
            continue
        if token.pos_ not in ("VERB", "AUX"):
            continue
        lemma = _lemma(token)
        # "aims to serve", and "expects its sales to grow" (the complement has its own subject)
        xcomps = [c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)]
        if lemma == "be" and not xcomps and token.tag_ in ("VBZ", "VBP"):
            # "he is keen to start", "we are ready to restore": an adjective of intention, held now
            # (not "was keen to", a past wish, nor "may be ready to", a conjecture)
            xcomps = [c for a in token.children if a.dep_ == "acomp" and a.lower_ in lex.adjectives
                      for c in a.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children)]
        auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
        # "estimates that the Indian market will grow 15%": a forecast held by its author
        futures = [c for c in token.children if c.dep_ == "ccomp" and c.pos_ == "VERB"
                   and {a.lower_ for a in c.children if a.dep_ == "aux"} & (lex.auxiliaries | lex.reported_auxiliaries | {"may", "might"})]
        reported_future = token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.forecast
        progressive = {"is", "are", "'s", "’s", "'re"} | ({"was", "were"} if token.head.lemma_.lower() in lex.speech else set())
        if xcomps and (lemma in lex.verbs or (lemma == "be" and token.dep_ in lex.be_to)):
            # "aims to increase sales ..., launching 28 new models": a gerund of the same plan
            actions = conjuncts(xcomps[0])
            yield token, actions + [g for a in actions for g in a.children if g.dep_ == "advcl" and g.tag_ == "VBG"
                                    and not any(c.dep_ in ("nsubj", "mark") for c in g.children)]
        elif futures and lemma in lex.forecast:
            yield token, conjuncts(futures[0])
        elif token.pos_ == "VERB" and not reported_future and (
            auxiliaries & lex.auxiliaries
            # "said it would open": a future in reported speech
            or (auxiliaries & lex.reported_auxiliaries and token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.speech)
            # "is cutting 900 jobs", "are axing": a plan in the present progressive
            # ("said it was offering voluntary redundancy": the same, reported)
            or (token.tag_ == "VBG" and auxiliaries & progressive and lemma in lex.progressive)
        ):
            yield token, [token] + [c for c in token.conjuncts if c.pos_ == "VERB" and not any(a.dep_ == "nsubj" for a in c.children)]


def _action(verb: Token) -> str:
    """The verb lemma with its particle: "sign up", "spin off"."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()} {particle}" if particle else verb.lemma_.lower()


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _lex().negators for c in token.children if c.dep_ in ("neg", "advmod", "det"))


def _speaker(sent: Span, ents: DocEntities) -> str | None:
    """The person or organisation the sentence is attributed to."""
    lex = _lex()
    for token in sent:
        if token.lemma_.lower() in lex.speech and token.pos_ == "VERB":
            key = ents.key(subject(token))
            if key is not None and ents.kind(key) in HOLDER_KINDS:
                return key
        if token.lower_ == "according":
            for obj in (c for p in token.children if p.lower_ == "to" for c in p.children):
                key = ents.key(obj)
                if key is not None and ents.kind(key) is EntityKind.PERSON:
                    return key
    return None


def _plan_announcer(previous: Span, ents: DocEntities) -> str | None:
    """The speaker of a sentence that announces plans: "X says he has great goals"."""
    lex = _lex()
    if not any(t.lemma_.lower() in lex.plan_nouns for t in previous):
        return None
    return _speaker(previous, ents)
