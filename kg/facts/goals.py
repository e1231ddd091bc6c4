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

Verbs of wanting name a goal to get their object ("BT wants lighter
regulation": obtain; "is looking for 540bn yen": seek), "may" marks a
transaction under consideration ("may sell a 25% stake"), and a bid put
forward is a plan to acquire ("will table a new offer for MCI").  Reported
facts are not goals: a payment agreed to settle a case, "has seen an 18% jump".

Who stated the goal: the speaker of the sentence ("X said", "according to
X"), else the speaker of the previous sentence when that sentence announces
plans ("Jack Ma ... says he has great goals for the future.").

The cues and what blocks them are in :mod:`kg.facts.goal_cues`, holders and
speakers in :mod:`kg.facts.goal_holders`, goals read from forecasts, orders,
jobs to go and planned events in :mod:`kg.facts.goal_events`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.facts import quantities
from kg.facts.amounts import (
    amounts_of_change,
    object_text,
    partitive_quantity,
    quantity_of,
)
from kg.facts.deadlines import deadline_of, deadline_value
from kg.facts.entities import DocEntities
from kg.facts.goal_cues import (
    action_of,
    alleged,
    appointment,
    complement,
    conditional,
    cues,
    expected_of,
    extraposed,
    further_sought,
    modality,
    negated,
    object_of,
    overtaken,
    predicted_state,
    questioned,
    raised,
    rejected,
    undergone,
    settlement,
)
from kg.facts.goal_events import forecasts, job_losses, orders, planned_events
from kg.facts.goal_holders import holder as holder_of
from kg.facts.goal_holders import plan_announcer, speaker
from kg.facts.goal_lexicon import goal_lexicon as _lex
from kg.model import Goal


def extract(doc: Doc, ents: DocEntities) -> Iterator[Goal]:
    """Goals, one per proposition: a plan restated later in the article ("GM's plans to
    build the marque" after "GM will build a new Cadillac") is not a second goal."""
    # a proposition's first sentence, and the objects it names there: "wants X, as well as Y"
    # are two goals of one sentence
    stated: dict[tuple[str, str, object, str | None, str | None], tuple[int, set[str | None]]] = {}
    for goal in _goals(doc, ents):
        key = (goal.holder, goal.action, goal.quantity, goal.unit, goal.deadline)
        first = stated.setdefault(key, (goal.evidence.start, set()))
        if first[0] == goal.evidence.start and goal.object not in first[1]:
            first[1].add(goal.object)
            yield goal


def _goals(doc: Doc, ents: DocEntities) -> Iterator[Goal]:
    sents = ents.sentences
    said: dict[tuple[int, int], str | None] = {}

    def speaker_of(sent: Span) -> str | None:
        # read again only when a mention was added since (a pronoun the holder
        # lookup registered as an unnamed entity may be the speaker)
        at = (sent.start, ents.mentioned)
        if at not in said:
            said[at] = speaker(sent, ents)
        return said[at]

    for n, sent in enumerate(sents):
        for cue, actions in cues(sent, ents.columns):
            holder = holder_of(cue, ents)
            if holder is None or negated(cue) or conditional(cue) or expected_of(cue):
                continue
            if questioned(cue) or alleged(cue) or raised(cue) or overtaken(cue):
                continue
            stated_by = speaker_of(sent) or (plan_announcer(sents[n - 1], ents) if n else None)
            # a deadline written once applies to every coordinated action; one on the cue to all
            deadline_token = next((d for a in [*actions, cue] for d in [deadline_of(a)] if d is not None), None)
            for written in actions:
                action = complement(written)
                # "will be", "will continue to be sensitive": a state predicted, not a plan
                if negated(action) or (cue.i == written.i and action.lemma_.lower() in _lex().states) or appointment(action):
                    continue
                if rejected(written) or undergone(cue, action):
                    continue
                if settlement(cue, action) or predicted_state(action) or extraposed(action):
                    continue
                deadline = deadline_of(action) or deadline_token
                iso, deadline_text = deadline_value(deadline) if deadline is not None else (None, None)
                for obj, amount in _targets(action):
                    yield Goal(
                        holder=holder,
                        action=action_of(action),
                        quantity=amount.value if amount else None,
                        unit=(amount.unit or "count") if amount else None,
                        object=object_text(obj),
                        scope=next((c.text for c in action.children if c.lower_ in _lex().scope), None),
                        deadline=iso,
                        deadline_text=deadline_text,
                        stated_by=stated_by if stated_by != holder else None,
                        modality=modality(cue, action),
                        evidence=ents.evidence(sent),
                    )
        yield from forecasts(sent, ents, stated_by=speaker_of(sent))
        yield from orders(sent, ents)
        yield from job_losses(sent, ents)
        yield from planned_events(sent, ents)


def _targets(action: Token) -> Iterator[tuple[Token | None, quantities.Quantity | None]]:
    """(object, amount) pairs of an action: "grow 16% to 250,000" aims at a level and a
    size of change; "wants lighter regulation ..., as well as the removal of the threat"
    wants two things."""
    for obj in [object_of(action), *further_sought(action)]:
        counted = quantity_of(obj) or partitive_quantity(obj)
        amounts: list[quantities.Quantity | None] = [counted] if counted else [*amounts_of_change(action)] or [None]
        for amount in amounts:
            yield obj, amount
