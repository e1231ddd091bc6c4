"""Pass 3 of :mod:`kg.facts.entities`: left-to-right reference resolution.

Walking the document in order, every named mention is recorded, and pronouns,
definite descriptions ("the company", "the department"), titles ("the
chairman") and unnamed units ("Alibaba's cloud computing division") are
resolved against the entities mentioned so far, preferring the subject of the
current or the previous sentence (a salience ordering in the spirit of Hobbs
and Lappin & Leass).  Each resolution is recorded with the rule that made it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.facts.clusters import (
    FEMALE,
    MALE,
    NEUTER,
    DocEntities,
    _Cluster,
    _Lexicons,
    _pleonastic,
    _Seen,
)
from kg.facts.naming import _Name
from kg.facts.syntax import SUBJECTS, match_phrase, subject
from kg.model import EntityKind
from kg.patterns import load, words

PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
REGIONS = frozenset({"NORP", "GPE", "LOC"})  # entity labels of a place or nationality modifier
ORG_LIKE = (EntityKind.ORGANIZATION, EntityKind.UNIT)

PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
DESCRIPTION_WINDOW = 6  # sentences back that "the company" may reach


def _resolve(ents: DocEntities, names: list[_Name], text_key: dict[str, str], lex: _Lexicons) -> None:
    doc = ents.doc
    starts = {n.span.start: n for n in names if n.text in text_key}
    # Names are known before the pass, so "the division of Alibaba" finds its
    # parent even though the parent's name comes after the unit noun.
    for n in starts.values():
        for token in n.span:
            ents._token_key[token.i] = text_key[n.text]
    history: list[_Seen] = []
    skip_until = -1
    for i, pos in enumerate(ents.columns.pos):
        name = starts.get(i)  # else only a noun ("the company", a unit) or a pronoun may be a mention
        if i < skip_until or (name is None and pos not in ("NOUN", "PRON")) or (token := doc[i]).is_space:
            continue
        if name is not None:
            cluster = ents.clusters[text_key[name.text]]
            ents._mention(cluster, name.span, "name")
            if cluster.kind is EntityKind.PERSON:
                cluster.titles.update(_titles_of(name.span, lex))
            elif cluster.kind is EntityKind.ORGANIZATION and _public_body(name.span, lex):
                cluster.public = True
            _remember(ents, history, cluster, name.span.root)
            skip_until = name.span.end
            continue
        unit = _unit_at(ents, token, history, lex)
        if unit is not None:
            cluster, span = unit
            ents._mention(cluster, span, "unit-description")
            _remember(ents, history, cluster, token)
            continue
        resolved = _refer(ents, token, history, lex)
        if resolved is not None:
            cluster, rule = resolved
            start = min([c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound")] + [token.i])
            ents._mention(cluster, doc[start : token.i + 1], rule)
            if rule == "pronoun" and cluster.kind is EntityKind.PERSON and cluster.gender is None:
                cluster.gender = "m" if token.lower_ in MALE else "f" if token.lower_ in FEMALE else None
            _remember(ents, history, cluster, token)


def _remember(ents: DocEntities, history: list[_Seen], cluster: _Cluster, head: Token) -> None:
    subject = head.dep_ in SUBJECTS
    history.append(_Seen(cluster.key, cluster.kind, head.i, ents.sentence_of(head), subject))


def _titles_of(span: Span, lex: _Lexicons) -> set[str]:
    """Titles given to a named person in apposition or as a premodifier."""
    titles: set[str] = set()
    root = span.root
    for child in root.children:
        if child.dep_ == "appos":
            phrase = [t for t in child.subtree if t.i <= child.i and t.pos_ not in ("DET", "ADV", "PUNCT")]
            for i in range(len(phrase)):
                hit = match_phrase(phrase, i, lex.titles)
                if hit:
                    titles.add(hit[0])
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "cc", "nmod") and doc[i].head.i >= span.start:
        i -= 1
    left = list(doc[i + 1 : span.start])
    for j in range(len(left)):
        hit = match_phrase(left, j, lex.titles)
        if hit:
            titles.add(hit[0])
    return titles


def _public_body(span: Span, lex: _Lexicons) -> bool:
    """A name of a body that is not a company: its own head word says so
    ("Securities and Exchange Commission") or a noun in apposition or before it
    does ("Ofcom, the regulator", "telecoms regulator Ofcom")."""
    if any(t.lemma_.lower() in lex.public_bodies for t in span):
        return True
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in lex.public_bodies:
        return True
    return any(
        c.lemma_.lower() in lex.public_bodies and c.pos_ == "NOUN" and c.dep_ in ("appos", "compound", "nmod") for c in root.children
    )


def _unit_at(ents: DocEntities, token: Token, history: list[_Seen], lex: _Lexicons) -> tuple[_Cluster, Span] | None:
    """An organisational unit described by the noun phrase headed by ``token``.

    "Alibaba's cloud computing division" and "the cloud computing division of
    Alibaba" both name a unit: a unit noun, a descriptive modifier and a parent
    given by a possessor or an "of" phrase.  The unit is the same entity
    whenever parent and descriptor agree.
    """
    if token.pos_ != "NOUN":
        return None
    head = token.lemma_.lower()
    relation = lex.unit_relations.get(head)
    if relation is None and head not in lex.unit_modified_heads:
        return None
    modifiers = [
        t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod") and t.lower_ not in lex.unit_stoplist and ents.key(t) is None
    ]
    if not modifiers:
        return None
    if relation is None and all(t.ent_type_ in REGIONS for t in modifiers):
        # "its European operations": a market the organisation serves, not a unit
        return None
    if relation is None and any(t.lower_ in words("unit_links", "main_business") for t in [*token.lefts, *(d for m in modifiers for d in m.subtree)]):
        # "its core car-making operations": the organisation's own main line of business
        return None
    parent_token: Token | None = None
    for child in token.children:
        if child.dep_ == "poss":
            parent_token = child
    if parent_token is None:
        of = [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        parent_token = of[0] if of else None
    if parent_token is None:
        parent_token = next((t for t in token.lefts if t.dep_ == "compound" and ents.key(t) is not None), None)
    if parent_token is None and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in lex.owning_verbs:
        # "Verizon ... has built a successful mobile division": the subject owns it
        parent_token = subject(token.head)
    if parent_token is None:
        return None
    parent_key = ents.key(parent_token)
    if parent_key is None and parent_token.lower_ in PLURAL and _bound_by_plural_noun(ents, parent_token):
        return None  # "LSE and Euronext ... their operations": no one organisation's unit
    if parent_key is None and parent_token.lower_ in NEUTER | PLURAL:
        resolved = _pronoun(ents, parent_token, history, ORG_LIKE)
        if resolved is not None:
            ents._mention(ents.clusters[resolved], ents.doc[parent_token.i : parent_token.i + 1], "pronoun")
            parent_key = resolved
    if parent_key is None or ents.kind(parent_key) not in ORG_LIKE:
        return None
    # the whole modifier, with its own dependents: "outdoor products unit", "car-making operations"
    # (never reaching back into the possessor: "oil and gas giant Yukos's main production division")
    first = max(min(m.left_edge.i for m in modifiers), parent_token.right_edge.i + 1 if parent_token.i < token.i else 0)
    while first < token.i and (ents.key(ents.doc[first]) is not None or ents.doc[first].is_punct or ents.doc[first].lower_ in lex.unit_stoplist):
        first += 1
    if first == token.i:
        return None  # no description left beside the parent's name: "the Florida-based Falic group"
    descriptor = ents.doc[first : token.i + 1].text.lower()
    for cluster in ents.clusters.values():
        if cluster.kind is EntityKind.UNIT and cluster.parent == parent_key and cluster.descriptor == descriptor:
            break
    else:
        cluster = ents._new(EntityKind.UNIT)
        cluster.parent, cluster.descriptor = parent_key, descriptor
        cluster.relation = relation or "division"
        cluster.names = [f"{ents.name(parent_key)} {descriptor}", descriptor]
    left = min([t.i for t in token.lefts if t.dep_ in ("det", "poss") and t.i != parent_token.i] + [first])
    return cluster, ents.doc[left : token.i + 1]


def _refer(ents: DocEntities, token: Token, history: list[_Seen], lex: _Lexicons) -> tuple[_Cluster, str] | None:
    """Resolve a pronoun or definite description to an entity seen before."""
    lower = token.lower_
    if token.pos_ == "PRON" and token.dep_ != "expl":
        if lower in MALE or lower in FEMALE:
            key = _pronoun(ents, token, history, (EntityKind.PERSON,))
        elif lower in NEUTER and (not _pleonastic(token) or _be_to(token)):
            key = _clause_antecedent(ents, token, lex) or _pronoun(ents, token, history, ORG_LIKE)
        elif lower in PLURAL:
            key = None if _bound_by_plural_noun(ents, token) else _pronoun(ents, token, history, (EntityKind.ORGANIZATION,), window=1)
        else:
            key = None
        return (ents.clusters[key], "pronoun") if key else None
    if token.pos_ != "NOUN" or not (_definite(token, lex) or _national(ents, token, lex)):
        return None
    lemma = token.lemma_.lower()
    if lemma in lex.unit_descriptions:
        key = _latest(ents, token, history, (EntityKind.UNIT,), DESCRIPTION_WINDOW)
        return (ents.clusters[key], "definite-description") if key else None
    if lemma in lex.org_descriptions or lemma in lex.public_bodies:
        # "the company" agrees with a company, "the regulator" with a public body
        public = lemma in lex.public_bodies
        key = _latest(ents, token, history, (EntityKind.ORGANIZATION,), DESCRIPTION_WINDOW, public=public)
        return (ents.clusters[key], "definite-description") if key else None
    # "the chairman": the person this document has given that title.
    if any(p.lower_ == "of" for p in token.children):
        return None
    phrase = [t for t in token.lefts if t.dep_ in ("compound", "amod")] + [token]
    hit = match_phrase(phrase, 0, lex.titles)
    if hit and hit[1] == len(phrase):
        holders = [s.key for s in reversed(history) if hit[0] in ents.clusters[s.key].titles]
        return (ents.clusters[holders[0]], "title") if holders else None
    return None


def _be_to(token: Token) -> bool:
    """'it' as the subject of "is to" + infinitive ("said it is to relocate", "is in talks
    to buy"): a plan of what 'it' refers to, not an expletive copula."""
    head = token.head
    if head.lemma_ != "be" or any(c.dep_ in ("acomp", "attr") for c in head.children):
        return False
    # "it is in talks to buy": the same plan, held in a state (not "it was in shareholders'
    # interest to reject", an extraposed clause)
    states = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children
              if o.dep_ == "pobj" and o.lemma_.lower() in load("goals")["plan_states"]]
    # "is to" right after the copula ("is to relocate", "is also to"), not "is up to governments to decide"
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and _infinitive(c) and c.i - head.i <= 3
               and not any(p.dep_ == "prep" for p in head.children if p.i < c.i) for c in head.children) or any(
        a.dep_ == "acl" and a.pos_ == "VERB" and _infinitive(a) for state in states for a in state.children)


def _infinitive(verb: Token) -> bool:
    """An active infinitive: "to relocate", not "to be paid" (whose 'it' is the thing paid)."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children) and not any(a.dep_ == "auxpass" for a in verb.children)


def _clause_antecedent(ents: DocEntities, token: Token, lex: _Lexicons) -> str | None:
    """The subject that binds 'it' or 'its' within its sentence: the possessor's
    own clause subject ("India imports 70% of its oil"), or the speaker of the
    clause 'it' is the subject of ("Russia has said it will turn ...").  This is
    the one place a country is a pronoun's antecedent."""
    verb: Token | None = None
    if token.dep_ == "poss":
        verb = token.head
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
    elif token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp" and token.head.head.lemma_.lower() in lex.speech_verbs:
        verb = token.head.head
    elif token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "acl" and token.head.head.pos_ == "NOUN":
        # "Electrolux's announcement that it is to spin off": the author of the statement
        author = next((c for c in token.head.head.children if c.dep_ == "poss"), None)
        key = ents.key(author)
        return key if key is not None and ents.kind(key) in ORG_LIKE else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    found = subject(verb)
    if found is None or found.i >= token.i or token.i in {t.i for t in found.subtree}:
        return None
    if any(c.dep_ == "conj" for c in found.children):
        return None  # a coordinated subject is plural: "Yugansk and Russia"
    # "India's biggest oil firm, Oil & Natural Gas Corp, says it ...": the appositive names the subject
    key = ents.key(found) or next((k for c in found.children if c.dep_ == "appos" for k in [ents.key(c)] if k), None)
    if key is None or ents.kind(key) not in (*ORG_LIKE, EntityKind.PLACE):
        return None
    return key


def _bound_by_plural_noun(ents: DocEntities, token: Token) -> bool:
    """A plural possessive bound by its clause's plural common-noun or coordinated
    subject: in "The brothers are mulling the sale of another of their businesses",
    'their' is the brothers', not an organisation's; in "LSE and Euronext ... their
    operations" it is both organisations', not one's."""
    if token.dep_ != "poss":
        return False
    verb = token.head
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    found = subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if found is None or found.i >= token.i:
        return False
    # "LSE and Euronext do not have control over their operations": the coordination, not one of them
    return (found.tag_ == "NNS" and ents.key(found) is None) or any(c.dep_ == "conj" for c in found.children)


def _definite(token: Token, lex: _Lexicons) -> bool:
    """A bare definite noun phrase: a determiner, no name, no possessor."""
    dets = [c for c in token.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in lex.determiners:
        return False
    # an appositive description ("the Swedish firm, the world's largest maker of ...") names
    # no one; an appositive name ("the company, Acme,") does
    return not any(c.dep_ in ("poss", "compound") or (c.dep_ == "appos" and c.pos_ != "NOUN") or (c.dep_ == "amod" and c.pos_ == "PROPN")
                   for c in token.children)


def _national(ents: DocEntities, token: Token, lex: _Lexicons) -> bool:
    """A description whose possessor is a country ("South Korea's top car maker",
    "Germany's biggest bank") is as definite as "the company": it ranks, it does not
    name."""
    if token.lemma_.lower() not in lex.org_descriptions:
        return False
    if not any(c.dep_ == "poss" and (key := ents.key(c)) is not None and ents.kind(key) is EntityKind.PLACE for c in token.children):
        return False
    return not any(c.dep_ in ("compound", "appos") and c.pos_ != "NOUN" for c in token.children)


def _pronoun(ents: DocEntities, token: Token, history: list[_Seen], kinds: Iterable[EntityKind], *, window: int = PRONOUN_WINDOW) -> str | None:
    """Antecedent of a pronoun: the subject of its own clause's sentence first, then
    the subject of the nearest earlier sentence, then the nearest compatible mention."""
    kinds = tuple(kinds)
    sentence = ents.sentence_of(token)
    gender = "m" if token.lower_ in MALE else "f" if token.lower_ in FEMALE else None
    candidates = [
        s
        for s in history
        if s.kind in kinds
        and sentence - s.sentence <= window
        and s.token < token.i
        and (gender is None or ents.clusters[s.key].gender in (None, gender))
    ]
    if not candidates:
        # A personal pronoun may reach further back when only one person fits.
        if kinds == (EntityKind.PERSON,):
            far = {
                s.key
                for s in history
                if s.kind is EntityKind.PERSON
                and sentence - s.sentence <= DESCRIPTION_WINDOW
                and (gender is None or ents.clusters[s.key].gender in (None, gender))
            }
            return far.pop() if len(far) == 1 else None
        return None
    if kinds != (EntityKind.PERSON,) and token.dep_ in SUBJECTS and _competing_subject(ents, token):
        return None
    for back in range(window + 1):
        in_sentence = [s for s in candidates if s.sentence == sentence - back]
        subjects = [s for s in in_sentence if s.subject]
        if subjects:
            return subjects[-1].key
        if in_sentence:
            return _most_salient(in_sentence, history)
    return candidates[-1].key


def _most_salient(candidates: list[_Seen], history: list[_Seen]) -> str:
    """Among candidates in one sentence, none a subject: the entity mentioned most
    often so far (the story's topic), ties going to the most recent."""
    counts = Counter(s.key for s in history)
    best = max(range(len(candidates)), key=lambda i: (counts[candidates[i].key], i))
    return candidates[best].key


def _competing_subject(ents: DocEntities, token: Token) -> bool:
    """A common-noun subject earlier in the pronoun's sentence is a closer antecedent
    than any entity: in "That loss is higher ..., when it amounted to ...", 'it'
    is the loss, not the company."""
    singular = token.lower_ not in PLURAL
    return any(
        # "its shares rise ... after it said": a plural noun is no antecedent of 'it'
        t.dep_ in SUBJECTS and t.pos_ == "NOUN" and ents.key(t) is None and not (singular and t.tag_ == "NNS")
        for t in ents.sentence(token.i)
        if t.i < token.i
    )


def _latest(
    ents: DocEntities, token: Token, history: list[_Seen], kinds: tuple[EntityKind, ...], window: int, *, public: bool | None = None
) -> str | None:
    """Antecedent of a definite description ("the company"): the most recent
    compatible entity that was a sentence subject (the topic), else the most
    recent compatible mention.  A regulator named in passing does not become
    "the company" when the story's subject was named one sentence earlier."""
    sentence = ents.sentence_of(token)
    recent = [
        s
        for s in history
        if s.kind in kinds and sentence - s.sentence <= window and (public is None or ents.clusters[s.key].public == public)
    ]
    subjects = [s for s in recent if s.subject]
    if subjects:
        return subjects[-1].key
    return recent[-1].key if recent else None
