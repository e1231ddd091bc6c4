"""TimeML (TimeBank, AQUAINT): temporal expressions found by :mod:`kg.time`, scored as TempEval-3 task A.

Each ``*.tml`` file under a directory (searched recursively) gives one
document: the raw text of its ``<TEXT>`` element with every tag removed, the
gold ``TIMEX3`` elements inside it as character ranges of that text, and the
document creation time (the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``)
as the anchor for relative expressions.  The creation time itself lies outside
``<TEXT>`` and is not scored.

Scoring (shared/eval/README.md, TempEval-3 task A):

* relaxed span: a system expression matches a gold one when their character
  ranges intersect; matching is one-to-one per document, each system
  expression taking the unmatched gold expression it overlaps most;
* strict span: the extents are identical;
* value: a relaxed match whose TIMEX3 value strings are equal.

Precision divides by the number of system expressions, recall by the number
of gold expressions.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from kg import time


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: a character range of the document text and its attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimemlDocument:
    """The text of one TimeML document, its gold expressions and its creation date."""

    name: str
    text: str
    anchor: datetime.date | None
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True, slots=True)
class TimemlScores:
    """Counts over a set of documents; the rates are derived from them."""

    documents: int = 0
    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0

    def __add__(self, other: TimemlScores) -> TimemlScores:
        return TimemlScores(
            self.documents + other.documents,
            self.gold + other.gold,
            self.system + other.system,
            self.relaxed + other.relaxed,
            self.strict + other.strict,
            self.value + other.value,
        )

    def rates(self, hits: int) -> tuple[float, float, float]:
        """Precision, recall and F1 for ``hits`` matched pairs."""
        precision = hits / self.system if self.system else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def report(self) -> list[str]:
        """Report lines; the last one is ``value P=... R=... F1=...``."""
        lines = [f"documents={self.documents} gold={self.gold} system={self.system}"]
        for label, hits in (("span relaxed", self.relaxed), ("span strict", self.strict), ("value", self.value)):
            p, r, f = self.rates(hits)
            lines.append(f"{label} P={p:.3f} R={r:.3f} F1={f:.3f}")
        return lines


# --- reading ---------------------------------------------------------------------


def read(directory: Path) -> list[TimemlDocument]:
    """Every ``*.tml`` document below ``directory``, in sorted path order."""
    return [parse(path.read_text(encoding="utf-8"), name=str(path.relative_to(directory))) for path in sorted(directory.rglob("*.tml"))]


def parse(markup: str, *, name: str = "") -> TimemlDocument:
    """One TimeML document from its XML text.

    Raises ``ValueError`` when there is no ``<TEXT>`` element.
    """
    root = ET.fromstring(markup)
    body = root.find(".//TEXT")
    if body is None:
        raise ValueError(f"{name or 'document'}: no <TEXT> element")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(body, pieces, timexes, offset=0)
    text = "".join(pieces)
    spans = tuple(GoldTimex(t.start, t.end, text[t.start : t.end], t.type, t.value) for t in timexes)
    return TimemlDocument(name=name, text=text, anchor=_creation_date(root), timexes=spans)


def _flatten(element: ET.Element, pieces: list[str], timexes: list[GoldTimex], *, offset: int) -> int:
    """Append the text inside ``element`` (not its tail) to ``pieces``; return the new offset."""
    start = offset
    if element.text:
        pieces.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, pieces, timexes, offset=offset)
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        # the text is filled in by the caller, once the whole document is joined
        timexes.append(GoldTimex(start, offset, "", element.get("type", ""), element.get("value", "")))
    return offset


def _creation_date(root: ET.Element) -> datetime.date | None:
    """The calendar date of the creation-time TIMEX3, if it has one."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")[:10]
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                return None
    return None


# --- scoring ---------------------------------------------------------------------


def score_document(gold: Sequence[GoldTimex], system: Sequence[time.Timex]) -> TimemlScores:
    """The counts of one document."""
    taken: set[int] = set()
    relaxed = value = 0
    for found in system:
        best, overlap = -1, 0
        for index, expected in enumerate(gold):
            shared = min(found.end, expected.end) - max(found.start, expected.start)
            if index not in taken and shared > overlap:
                best, overlap = index, shared
        if best >= 0:
            taken.add(best)
            relaxed += 1
            value += found.value == gold[best].value
    extents = {(g.start, g.end) for g in gold}
    strict = len({(s.start, s.end) for s in system} & extents)
    return TimemlScores(1, len(gold), len(system), relaxed, strict, value)


def predict(documents: Sequence[TimemlDocument], nlp: Language) -> list[list[time.Timex]]:
    """The expressions :func:`kg.time.find` finds in each document, in order."""
    texts = (d.text for d in documents)
    return [time.find(doc, d.anchor) for doc, d in zip(nlp.pipe(texts), documents, strict=True)]


def score(documents: Iterable[TimemlDocument], predictions: Iterable[Sequence[time.Timex]]) -> TimemlScores:
    """The summed counts of documents and their predictions, paired in order."""
    total = TimemlScores()
    for document, found in zip(documents, predictions, strict=True):
        total = total + score_document(document.timexes, found)
    return total


def evaluate(directory: Path, nlp: Language) -> TimemlScores:
    """Read ``directory``, run ``nlp`` and :func:`kg.time.find`, and score against the gold."""
    documents = read(directory)
    return score(documents, predict(documents, nlp))
