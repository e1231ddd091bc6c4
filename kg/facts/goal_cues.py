"""Cues of intention and the actions they govern: "aims to serve ... and
support", "will open", "is to relocate", "is cutting 900 jobs", "unveiled plans
to cut"; and what blocks a cue (negation, a condition, someone else's
expectation, a move between posts)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.facts.amounts import amounts_of_change, quantity_of
from kg.facts.clusters import Columns
from kg.facts.goal_lexicon import goal_lexicon as _lex
from kg.facts.goal_lexicon import lemma as _lemma
from kg.facts.syntax import conjuncts
from kg.patterns import load


def cues(sent: Span, words: Columns) -> Iterator[tuple[Token, list[Token]]]:
    """(cue, action verbs) pairs: "aims to serve ... and support", "will open";
    ``words`` are the Doc's :class:`~kg.facts.clusters.Columns`."""
    lex = _lex()
    doc = sent.doc
    for i in range(sent.start, sent.end):
        pos = words.pos[i]
        if pos not in ("NOUN", "VERB", "AUX"):
            continue
        token = doc[i]
        if pos == "NOUN" and words.lemma[i] in lex.cue_nouns:
            if token.dep_ == "dobj" and token.head.lemma_.lower() in lex.achieving:
                continue  # "had met its objectives of growing ...": a plan's fate
            # "plans to cut", "a deal to supply"; "a target of getting 200 commitments"
            infinitives = [c for c in plan_clauses(token) if c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")]
            # "with a view to launching higher-speed services"
            gerunds = [g for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "to") for g in p.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
            if infinitives or gerunds:
                yield token, conjuncts((infinitives or gerunds)[0])
            continue
        if pos not in ("VERB", "AUX"):
            continue
        lemma = _lemma(token)
        children = list(token.children)  # read four times below
        # "aims to serve", and "expects its sales to grow" (the complement has its own subject)
        xcomps = [c for c in children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)]
        if lemma == "be" and not xcomps and token.tag_ in ("VBZ", "VBP"):
            # "he is keen to start", "we are ready to restore": an adjective of intention, held now
            # (not "was keen to", a past wish, nor "may be ready to", a conjecture)
            xcomps = [c for a in children if a.dep_ == "acomp" and a.lower_ in lex.adjectives
                      for c in a.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children)]
        auxiliaries = {c.lower_ for c in children if c.dep_ == "aux"}
        # "estimates that the Indian market will grow 15%": a forecast held by its author
        futures = [c for c in children if c.dep_ == "ccomp" and c.pos_ == "VERB"
                   and {a.lower_ for a in c.children if a.dep_ == "aux"} & (lex.auxiliaries | lex.reported_auxiliaries | {"may", "might"})]
        reported_future = token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.forecast
        progressive = {"is", "are", "'s", "’s", "'re"} | ({"was", "were"} if token.head.lemma_.lower() in lex.speech else set())
        if xcomps and (lemma in lex.verbs or (lemma == "be" and token.dep_ in lex.be_to)):
            # "aims to increase sales ..., launching 28 new models": a gerund of the same plan
            actions = conjuncts(xcomps[0])
            yield token, actions + _gerunds(actions)
        elif lemma in lex.sought and sought_object(token) is not None and (
            token.tag_ in ("VBZ", "VBP") or (token.tag_ == "VBG" and auxiliaries & progressive)
        ):
            # "BT wants lighter regulation", "it was looking for a further 540bn yen": held now
            # (not "wanted", a past wish)
            yield token, [token]
        elif futures and lemma in lex.forecast:
            # "the market will grow 15% ..., reaching 1.6 million vehicles by 2010"
            actions = conjuncts(futures[0])
            yield token, actions + _gerunds(actions)
        elif token.pos_ == "VERB" and not reported_future and (
            auxiliaries & lex.auxiliaries
            # "said it would open": a future in reported speech
            # (not a quotation's "would": only indirect speech backshifts "will")
            or (auxiliaries & lex.reported_auxiliaries and token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.speech and not quoted(token))
            # "is cutting 900 jobs", "are axing": a plan in the present progressive
            # ("said it was offering voluntary redundancy": the same, reported)
            or (token.tag_ == "VBG" and auxiliaries & progressive and lemma in lex.progressive)
            # "the company may sell a 25% stake": a transaction under consideration
            or (auxiliaries & lex.tentative and lemma in lex.progressive)
        ):
            yield token, [token] + [c for c in token.conjuncts if c.pos_ == "VERB" and not any(a.dep_ == "nsubj" for a in c.children)]


def plan_clauses(noun: Token) -> list[Token]:
    """The clauses that say what a plan noun is for: its own ("plans to cut prices"), or
    the purpose clause of the verb it is the object of, where the parser often puts it
    ("signed an agreement with Nissan to supply it with 36,000 cars")."""
    own = [c for c in noun.children if c.dep_ in ("acl", "relcl")]
    if noun.dep_ != "dobj" or noun.head.pos_ != "VERB":
        return own
    return own + [c for c in noun.head.children if c.dep_ == "advcl" and c.i > noun.i]


def _gerunds(actions: list[Token]) -> list[Token]:
    """Gerunds that carry the same plan on: "aims to increase sales ..., launching 28
    new models", "agreed to buy ..., taking its stake to 42.3%"; only with an amount
    (not "deploy a fleet ..., inviting buyers to try one out", the manner of the plan)."""
    return [g for a in actions for g in a.children if g.dep_ == "advcl" and g.tag_ == "VBG"
            and not any(c.dep_ in ("nsubj", "mark") for c in g.children)
            and (any(c.dep_ == "dobj" and quantity_of(c) is not None for c in g.children) or next(amounts_of_change(g), None) is not None)]


def complement(action: Token) -> Token:
    """The action a catenative verb passes the goal to: "try to sign up" -> sign up; or a
    verb of perception to its clause: "expects to see earnings grow" -> grow."""
    if action.lemma_.lower() in _lex().perception:
        return next((c for c in action.children if c.dep_ == "ccomp" and c.pos_ == "VERB" and any(s.dep_ == "nsubj" for s in c.children)), action)
    if action.lemma_.lower() in _lex().catenatives:
        return next((c for c in action.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), action)
    return action


def modality(cue: Token, action: Token) -> str:
    """The cue as written: "aims", "will", "is cutting"."""
    if cue.i != action.i:
        return cue.text
    aux = [c for c in action.children if c.dep_ == "aux" and c.lower_ not in ("to",)]
    return " ".join(t.text for t in [*aux, action]) if action.tag_ == "VBG" else (aux[0].text if aux else action.text)


def sought_object(verb: Token) -> Token | None:
    """What a verb of wanting or searching is after: "wants lighter regulation",
    "looking for a further 540bn yen"; a pronoun is not an object to aim at."""
    entry = _lex().sought.get(verb.lemma_.lower())
    if entry is None:
        return None
    preposition = entry[0]
    heads = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == preposition] if preposition else [verb]
    dep = "pobj" if preposition else "dobj"
    return next((o for h in heads for o in h.children if o.dep_ == dep and o.pos_ in ("NOUN", "PROPN", "NUM")), None)


def further_sought(verb: Token) -> list[Token]:
    """More things a verb of wanting is after: "wants lighter regulation ..., as well as
    the removal of the threat", which the parser joins to the verb."""
    if sought_object(verb) is None:
        return []
    return [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN"]


def object_of(action: Token) -> Token | None:
    """The object the action takes: its direct object or attribute, or what a verb of
    wanting is after."""
    return sought_object(action) or next((c for c in action.children if c.dep_ in ("dobj", "attr")), None)


def action_of(verb: Token) -> str:
    """The verb lemma with its particle: "sign up", "spin off"; a verb of wanting is
    named by the action of getting its object ("wants X": obtain)."""
    lex = _lex()
    entry = lex.sought.get(verb.lemma_.lower())
    if entry is not None and sought_object(verb) is not None:
        return entry[1]
    # "will table a new offer for MCI": a bid is a plan to acquire
    if verb.lemma_.lower() in lex.bidding and any(c.dep_ == "dobj" and c.lemma_.lower() in lex.bids for c in verb.children):
        return "acquire"
    # "buy back its shares": the parser may leave the particle an adverb right after the verb
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in lex.adverb_particles)), None)
    return f"{verb.lemma_.lower()} {particle}" if particle else verb.lemma_.lower()


def undergone(cue: Token, action: Token) -> bool:
    """"he expects the loss of revenue to be offset by spending": a passive complement with
    its own subject predicts what happens to that subject; the cue's subject does nothing."""
    return cue.i != action.i and any(c.dep_ == "auxpass" for c in action.children) and any(c.dep_ == "nsubjpass" for c in action.children)


def overtaken(cue: Token) -> bool:
    """"The firm had hoped to market a drug": an intention in the past perfect was
    overtaken by what the article reports, it is not held now (a commitment, "had agreed
    to defer", still binds)."""
    lex = _lex()
    return cue.pos_ == "VERB" and _lemma(cue) in lex.intentions and cue.tag_ == "VBN" and any(
        a.dep_ == "aux" and a.lower_ in lex.past_perfect for a in cue.children)


def rejected(action: Token) -> bool:
    """The alternative turned down: "buy back its shares rather than buy the LSE"."""
    if action.dep_ != "conj":
        return False
    between = [c for c in action.head.children if action.head.i < c.i < action.i and c.dep_ in ("cc", "prep", "advmod")]
    return any(w.lower_ in _lex().rejecting for c in between for w in [c, *c.children])


def negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _lex().negators for c in token.children if c.dep_ in ("neg", "advmod", "det"))


def conditional(cue: Token) -> bool:
    """A cue in a condition: "if it wants to rebuild the business"."""
    current = cue
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in current.children):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def quoted(clause: Token) -> bool:
    """Whether the clause opens a direct quotation ('"He would talk about ...," he said'),
    whose "would" is habitual or hypothetical, not a reported "will"."""
    before = clause.left_edge.i - 1
    return before >= 0 and clause.doc[before].text in _lex().quotes


def questioned(cue: Token) -> bool:
    """A cue in an indirect question: "Whether it will act wisely is another matter",
    "speculation about what it will mean"; the plan is asked about, not stated (a
    relative clause, "which aims to", states it)."""
    lex = _lex()
    current = cue
    for _ in range(3):
        if current.dep_ == "relcl":
            return False
        words = [c for c in current.children if c.dep_ in ("mark", "nsubj", "dobj", "advmod", "attr")]
        words += [d for c in current.children if c.dep_ == "dobj" for d in c.children if d.dep_ == "det"]
        if any(w.lower_ in lex.question_words and (w.dep_ == "mark" or w.tag_ in ("WP", "WDT", "WRB")) for w in words):
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head.i == current.i:
            return False
        current = current.head
    return False


def alleged(cue: Token) -> bool:
    """A cue in the "that" clause of an allegation ("charges, raised by the Attorney
    General, that it sought to rig bids"): what someone is accused of intending.  The
    parser hangs the clause on the noun, or on the verb after it."""
    lex = _lex()
    if cue.dep_ in ("acl", "ccomp") and cue.head.pos_ == "NOUN" and cue.head.lemma_.lower() in lex.allegations:
        return True
    mark = next((c for c in cue.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is None:
        return False
    # the clause right after the allegation noun's phrase, only punctuation between
    before = mark.i - 1
    while before >= 0 and cue.doc[before].is_punct:
        before -= 1
    nouns = [t for t in cue.doc[max(before - 30, 0) : before + 1] if t.pos_ == "NOUN" and t.lemma_.lower() in lex.allegations and t.right_edge.i == before]
    return bool(nouns)


def raised(cue: Token) -> bool:
    """"it looks set to keep selling", "seems likely to": a linking verb with an adjective
    raises the subject of a clause the writer assesses; no one states a plan."""
    return cue.lemma_.lower() in _lex().linking and any(c.dep_ in ("acomp", "oprd") for c in cue.children)


def expected_of(cue: Token) -> bool:
    """"Ofcom is expected to spend ...": someone else's expectation about the subject
    (not "is set to merge", the subject's own plan)."""
    return cue.lemma_.lower() in _lex().forecast and any(c.dep_ == "auxpass" for c in cue.children)


def appointment(action: Token) -> bool:
    """A move between posts ("is to succeed Mr Schweitzer", "will step down", "is to
    become chairman") is a role with its status, not a goal."""
    lex = _lex()
    if action.lemma_.lower() in lex.personnel:
        return True
    # "will serve as Mr Ghosn's deputy": a post held, not a plan
    if action.lemma_.lower() in load("goals")["role_verbs"] and any(c.dep_ == "prep" and c.lower_ == "as" for c in action.children):
        return True
    return action.lemma_.lower() == "become" and any(c.dep_ == "attr" and c.lower_ in lex.titles for c in action.children)


def settlement(cue: Token, action: Token) -> bool:
    """"agreed to pay $850m to settle the suit": a penalty agreed, reported as done
    (not "offered to pay $300m to settle charges", still to be accepted)."""
    return cue.lemma_.lower() in _lex().agreeing and any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in _lex().settling for c in action.children)


def predicted_state(action: Token) -> bool:
    """"it would make the situation clearer": a causative with an adjective small clause
    predicts a state, not a plan; so does a linking verb with 'like' or an adjective
    ("it will look like real currency")."""
    if action.lemma_.lower() in _lex().linking:
        return any((c.dep_ == "prep" and c.lower_ == "like") or c.dep_ == "acomp" for c in action.children)
    if action.lemma_.lower() not in _lex().causatives:
        return False
    return any(c.dep_ in ("ccomp", "oprd", "acomp", "xcomp") and c.pos_ == "ADJ" for c in action.children)


def extraposed(action: Token) -> bool:
    """"It would make great sense for us to build on that": 'it' stands in for the
    infinitive clause with its own subject, no one holds a plan."""
    subj = next((c for c in action.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ != "it":
        return False
    return any(c.dep_ in ("advcl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
               and any(n.dep_ == "nsubj" for n in c.children) for c in action.children)
