"""KnowledgeNet (Diffbot, EMNLP 2019): predictions in the data set's own format, and Text F1.

The kg pipeline reads each record's ``documentText``; every :class:`~kg.model.Relation`
whose subject and object mentions both lie inside one passage becomes a fact of
that passage.  Scoring follows the data set's documented metric
(shared/eval/README.md, "Text F1"):

* a predicted fact is a true positive when an unmatched gold fact of the same
  passage has the same ``propertyId`` and both its subject and object character
  ranges intersect the predicted ones; each gold fact is matched at most once;
* an unmatched prediction is a false positive only when its property is in the
  passage's ``exhaustivelyAnnotatedProperties``;
* every unmatched gold fact is a false negative;
* precision, recall and F1 are micro-averaged per property, over all properties,
  and over the business properties 1-6.

Input without gold facts gives predictions and no scores.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from kg.evaluation.counts import Counts
from kg.model import DocumentResult, Relation
from kg.extraction import extract
from kg.reading import parse

# KnowledgeNet property id -> kg relation name (directions agree: the data's
# subject is kg's subject).
PROPERTIES: dict[str, str] = {
    "1": "subsidiary_of",
    "2": "founded_by",
    "3": "employee_of",
    "4": "ceo",
    "5": "date_founded",
    "6": "headquarters",
    "9": "educated_at",
    "10": "nationality",
    "11": "residence",
    "12": "birth_place",
    "14": "death_date",
    "15": "birth_date",
    "25": "spouse",
    "34": "child_of",
    "45": "political_party",
}
PROPERTY_IDS: dict[str, str] = {name: pid for pid, name in PROPERTIES.items()}
BUSINESS: frozenset[str] = frozenset({"1", "2", "3", "4", "5", "6"})

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts per property id (in :data:`PROPERTIES` order), and their micro sums."""

    per_property: tuple[tuple[str, Counts], ...]

    @property
    def overall(self) -> Counts:
        return sum((c for _, c in self.per_property), Counts())

    @property
    def business(self) -> Counts:
        return sum((c for pid, c in self.per_property if pid in BUSINESS), Counts())


# --- predictions -----------------------------------------------------------------


def predict(records: Sequence[Record], nlp: Language) -> list[Record]:
    """The input records with each passage's ``facts`` replaced by predicted facts.

    Records whose text is blank, or that the pipeline fails on, are returned with
    empty fact lists.  The input is not modified.
    """
    readable = [r for r in records if str(r.get("documentText", "")).strip()]
    documents = [parse(r["documentText"], source=str(r["documentId"]), doc_id=str(r["documentId"])) for r in readable]
    relations: dict[int, list[Relation]] = {}
    for record, result in zip(readable, extract(documents, nlp)):
        # a document the pipeline failed on has no predictions
        facts = result.facts if isinstance(result, DocumentResult) else ()
        relations[id(record)] = [f for f in facts if isinstance(f, Relation)]
    return [fill(record, relations.get(id(record), [])) for record in records]


def fill(record: Record, relations: Iterable[Relation]) -> Record:
    """A copy of ``record`` whose passages hold the relations that fall inside them
    (both mentions within the passage), as KnowledgeNet facts."""
    out = copy.deepcopy(record)
    passages = out.get("passages", [])
    for passage in passages:
        passage["facts"] = []
    text: str = record.get("documentText", "")
    seen: set[tuple[str, str, int, int, int, int]] = set()
    for rel in relations:
        pid = PROPERTY_IDS.get(rel.relation)
        if pid is None:
            continue
        (s0, s1), (o0, o1) = rel.subject_span, rel.object_span
        passage = next((p for p in passages if p["passageStart"] <= min(s0, o0) and max(s1, o1) <= p["passageEnd"]), None)
        if passage is None:
            continue
        key = (str(passage["passageId"]), pid, s0, s1, o0, o1)
        if key in seen:
            continue
        seen.add(key)
        passage["facts"].append(
            {
                "propertyId": pid,
                "subjectStart": s0,
                "subjectEnd": s1,
                "objectStart": o0,
                "objectEnd": o1,
                "subjectText": text[s0:s1],
                "objectText": text[o0:o1],
            }
        )
    for passage in passages:
        passage["facts"].sort(key=lambda f: (int(f["propertyId"]), f["subjectStart"], f["objectStart"], f["subjectEnd"], f["objectEnd"]))
    return out


# --- scoring -----------------------------------------------------------------------


def has_gold(records: Iterable[Record]) -> bool:
    """True when any passage of the records carries gold facts."""
    return any(p.get("facts") for r in records for p in r.get("passages", []))


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _matches(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    return (
        str(pred["propertyId"]) == str(gold["propertyId"])
        and _overlap(pred["subjectStart"], pred["subjectEnd"], gold["subjectStart"], gold["subjectEnd"])
        and _overlap(pred["objectStart"], pred["objectEnd"], gold["objectStart"], gold["objectEnd"])
    )


def score(gold: Sequence[Record], predicted: Sequence[Record]) -> Scores:
    """Text F1 counts of ``predicted`` against ``gold``, passage by passage.

    Records are paired by ``documentId`` and passages by ``passageId``; a gold
    passage with no predicted counterpart has no predictions.
    """
    counts: dict[str, Counts] = {pid: Counts() for pid in PROPERTIES}
    predicted_passages = {
        (str(r["documentId"]), str(p["passageId"])): p.get("facts", []) for r in predicted for p in r.get("passages", [])
    }
    for record in gold:
        for passage in record.get("passages", []):
            facts = predicted_passages.get((str(record["documentId"]), str(passage["passageId"])), [])
            for pid, c in _score_passage(passage, facts).items():
                counts[pid] = counts.get(pid, Counts()) + c
    return Scores(tuple(counts.items()))


def _score_passage(passage: Mapping[str, Any], predictions: Iterable[Mapping[str, Any]]) -> dict[str, Counts]:
    exhaustive = {str(p["propertyId"]) for p in passage.get("exhaustivelyAnnotatedProperties", [])}
    gold = list(passage.get("facts", []))
    matched = [False] * len(gold)
    out: dict[str, Counts] = {}
    for pred in predictions:
        pid = str(pred["propertyId"])
        hit = next((i for i, g in enumerate(gold) if not matched[i] and _matches(pred, g)), None)
        if hit is not None:
            matched[hit] = True
            out[pid] = out.get(pid, Counts()) + Counts(tp=1)
        elif pid in exhaustive:
            out[pid] = out.get(pid, Counts()) + Counts(fp=1)
    for g, was_matched in zip(gold, matched):
        if not was_matched:
            pid = str(g["propertyId"])
            out[pid] = out.get(pid, Counts()) + Counts(fn=1)
    return out


def evaluate(records: Sequence[Record], nlp: Language) -> tuple[list[Record], Scores | None]:
    """Predictions for ``records`` in the data set's format, and their scores when
    the records carry gold facts (None otherwise)."""
    predicted = predict(records, nlp)
    return predicted, (score(records, predicted) if has_gold(records) else None)


# --- report ------------------------------------------------------------------------


def _line(label: str, c: Counts) -> str:
    return f"{label} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}"


def report_lines(scores: Scores) -> Iterator[str]:
    """The score table as text lines; the last line is the overall micro score:
    ``micro P=0.xxx R=0.xxx F1=0.xxx``."""
    yield f"{'property':<22} {'gold':>5} {'pred':>5} {'tp':>5}   P      R      F1"
    for pid, c in scores.per_property:
        name = f"{pid} {PROPERTIES.get(pid, '?')}"
        yield f"{name:<22} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.tp:>5}   {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}"
    yield _line("business (1-6) micro", scores.business)
    yield _line("micro", scores.overall)
