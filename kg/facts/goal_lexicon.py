"""The lexicon of goal cues (kg/patterns/goals.json), loaded once: cue verbs,
auxiliaries, plan nouns, forecast verbs and the words that block a goal.

The model's lemmatiser slips on some cue verbs ("hopes" -> "hop"); :func:`lemma`
mends the known cases from the lexicon's ``lemma_fixes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from kg.patterns import lexicon, load, words


@dataclass(frozen=True, slots=True)
class GoalLexicon:
    verbs: frozenset[str]
    auxiliaries: frozenset[str]
    reported_auxiliaries: frozenset[str]
    progressive: frozenset[str]
    forecast: frozenset[str]
    event_nouns: dict[str, str]
    scope: frozenset[str]
    negators: frozenset[str]
    speech: frozenset[str]
    plan_nouns: frozenset[str]
    cue_nouns: frozenset[str]
    catenatives: frozenset[str]
    states: frozenset[str]
    personnel: frozenset[str]
    titles: frozenset[str]
    lemma_fixes: dict[str, str]
    adjectives: frozenset[str]
    be_to: frozenset[str]
    sought: dict[str, tuple[str, str]]  # verb -> (preposition or "", action)
    tentative: frozenset[str]
    settling: frozenset[str]
    agreeing: frozenset[str]
    bidding: frozenset[str]
    bids: frozenset[str]
    facilities: frozenset[str]
    achieving: frozenset[str]
    causatives: frozenset[str]
    allegations: frozenset[str]
    linking: frozenset[str]
    question_words: frozenset[str]
    quotes: frozenset[str]
    adverb_particles: frozenset[str]
    rejecting: frozenset[str]
    perception: frozenset[str]
    past_perfect: frozenset[str]
    intentions: frozenset[str]


@cache
def goal_lexicon() -> GoalLexicon:
    data = load("goals")
    return GoalLexicon(
        verbs=frozenset(data["verbs"]),
        auxiliaries=frozenset(data["auxiliaries"]),
        reported_auxiliaries=frozenset(data["reported_auxiliaries"]),
        progressive=frozenset(data["progressive_plans"]),
        forecast=frozenset(data["forecast_verbs"]),
        event_nouns=dict(data["event_nouns"]),
        scope=frozenset(data["scope_words"]),
        negators=frozenset(data["negators"]),
        speech=words("speech", "verbs"),
        plan_nouns=words("speech", "plan_nouns"),
        cue_nouns=frozenset(data["plan_nouns"]),
        catenatives=frozenset(data["catenatives"]),
        states=frozenset(data["states"]),
        personnel=frozenset(data["personnel_moves"]),
        titles=frozenset(form.split()[-1] for form in lexicon("roles", "titles")),
        lemma_fixes=dict(data["lemma_fixes"]),
        adjectives=frozenset(data["cue_adjectives"]),
        be_to=frozenset(data["be_to_clauses"]),
        sought={verb: (entry["preposition"], entry["action"]) for verb, entry in data["sought"].items()},
        tentative=frozenset(data["tentative_auxiliaries"]),
        settling=frozenset(data["settling_verbs"]),
        agreeing=frozenset(data["agreeing_cues"]),
        bidding=frozenset(data["bids"]["verbs"]),
        bids=frozenset(data["bids"]["nouns"]),
        facilities=frozenset(data["facilities"]),
        achieving=frozenset(data["achieving_verbs"]),
        causatives=frozenset(data["causatives"]),
        allegations=frozenset(data["allegation_nouns"]),
        linking=frozenset(data["linking_verbs"]),
        question_words=frozenset(data["question_words"]),
        quotes=frozenset(data["quotation_marks"]),
        adverb_particles=frozenset(data["adverb_particles"]),
        rejecting=frozenset(data["rejecting_adverbs"]),
        perception=frozenset(data["perception_verbs"]),
        past_perfect=frozenset(data["past_perfect_auxiliaries"]),
        intentions=frozenset(data["intentions"]),
    )


def lemma(token: Token) -> str:
    """The verb's lemma, mended where the model's lemmatiser is known to slip ("hopes" -> "hop")."""
    return goal_lexicon().lemma_fixes.get(token.lower_, token.lemma_.lower())
