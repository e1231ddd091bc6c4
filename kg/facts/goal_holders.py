"""Who holds a goal and who stated it: the subject of the cue (or of the clause
the cue modifies), the possessor or "by" phrase of a plan noun; the speaker of
the sentence ("X said", "according to X") or of a previous sentence that
announces plans."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.facts.entities import DocEntities
from kg.facts.goal_cues import plan_clauses
from kg.facts.goal_lexicon import goal_lexicon as _lex
from kg.facts.syntax import first_conjunct, subject
from kg.model import EntityKind

HOLDER_KINDS = (EntityKind.ORGANIZATION, EntityKind.UNIT, EntityKind.PERSON)
# a state or government can hold a plan ("Russia has said it will turn Yugansk into ..."),
# and the model tags some firms as places
AGENT_KINDS = HOLDER_KINDS + (EntityKind.PLACE,)


def holder(cue: Token, ents: DocEntities) -> str | None:
    """Who holds the plan: the subject of the cue, or for a cue with none of its own
    the subject of the clause it modifies ("moved ... by offering to cut"); the agent
    of a passive ("will be bought by Quiksilver"); the owner of a facility; for a plan
    noun see :func:`_plan_noun_holder`."""
    if cue.pos_ == "NOUN":
        return _plan_noun_holder(cue, ents)
    current: Token | None = cue
    for _ in range(3):
        if current is None:
            return None
        subj = subject(current)
        # "its programme, which aims to save": a cue verb of intention, not a mere "will"
        if subj is not None and subj.tag_ == "WDT" and current.dep_ == "relcl" and current.lemma_.lower() in _lex().verbs:
            return _antecedent_agent(current.head, ents)
        by = [o for p in current.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"]
        if subj is not None and subj.dep_ == "nsubjpass" and by:
            # "it will be bought by Quiksilver": the plan is the agent's
            return agent(by[0], ents)
        if subj is not None:
            return agent(subj, ents) or _owner(subj, current, ents)
        # "by offering to cut": gerund -> "by" -> the verb it modifies (not "accused X of trying")
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.lower_ == "by":
            current = current.head.head
        elif current.dep_ in ("advcl", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            return None
    return None


def _plan_noun_holder(cue: Token, ents: DocEntities) -> str | None:
    """The holder of a plan noun: the subject its clause names ("a deal for Airbus to
    sell"), its "by" phrase or possessor, the subject of the verb it is the object of
    ("unveiled plans to"), or of the verb whose state it names ("is in talks to")."""
    for clause in plan_clauses(cue):
        own = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if own is not None and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children):
            return agent(own, ents)
    for child in cue.children:
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "by"):
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
            if (key := agent(target, ents)) is not None:
                return key
    noun = first_conjunct(cue)
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return agent(subject(noun.head), ents)
    # "is in talks to buy", "begin trials with a view to launching", "filed in a bid to stave off"
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "with") and noun.head.head.pos_ in ("VERB", "AUX"):
        return agent(subject(noun.head.head), ents)
    return None


def _owner(subj: Token, verb: Token, ents: DocEntities) -> str | None:
    """The holder behind a facility, which holds no plan itself: its possessor, else the
    speaker ("it said the new plant would produce 150,000 cars"); not a facility
    undergoing the action ("which facilities would be affected")."""
    lex = _lex()
    if subj.dep_ != "nsubj" or subj.pos_ != "NOUN" or subj.lemma_.lower() not in lex.facilities:
        return None
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    if owner is not None:
        return agent(owner, ents)
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lex.speech and not any(c.dep_ == "neg" for c in verb.head.children):
        return agent(subject(verb.head), ents)
    return None


def _antecedent_agent(noun: Token, ents: DocEntities) -> str | None:
    """The holder behind a relative pronoun: the noun it stands for, or for a plan or
    programme that is no agent, its possessor ("its restructuring programme, which
    aims to save ...")."""
    return agent(noun, ents) or next((k for c in noun.children if c.dep_ == "poss" for k in [agent(c, ents)] if k), None)


def agent(token: Token | None, ents: DocEntities) -> str | None:
    key = ents.key(token)
    return key if key is not None and ents.kind(key) in AGENT_KINDS else None


def speaker(sent: Span, ents: DocEntities) -> str | None:
    """The person or organisation the sentence is attributed to."""
    lex = _lex()
    words, doc = ents.columns, sent.doc
    for i in range(sent.start, sent.end):
        if words.lemma[i] in lex.speech and words.pos[i] == "VERB":
            key = ents.key(subject(doc[i]))
            if key is not None and ents.kind(key) in HOLDER_KINDS:
                return key
        if words.lower[i] == "according":
            for obj in (c for p in doc[i].children if p.lower_ == "to" for c in p.children):
                key = ents.key(obj)
                if key is not None and ents.kind(key) is EntityKind.PERSON:
                    return key
    return None


def plan_announcer(previous: Span, ents: DocEntities) -> str | None:
    """The speaker of a sentence that announces plans: "X says he has great goals"."""
    lex = _lex()
    if not any(t.lemma_.lower() in lex.plan_nouns for t in previous):
        return None
    return speaker(previous, ents)
