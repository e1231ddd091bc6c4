"""Business-news facts (bizgold): predictions in the facts.jsonl format, and scores.

Matching follows the data set's documented rules (shared/eval/README.md and
its reference scorer), so that figures printed here agree with it:

* names match when, after lower-casing, dropping punctuation, possessive 's,
  articles, honorifics and legal suffixes, one name's words are a subset of the
  other's (the article's alias map extends the gold name); a unit name only
  matches a unit name;
* numbers match within 1 % relative (a range matches anywhere inside it; a
  bracketed conversion in ``alt`` also matches), units by class (a currency
  code, percent, or anything else);
* role: person, overlapping title words (synonyms folded), and organisation
  when the gold has one; unit: unit and parent; financial: organisation,
  change flag and value; goal: holder, deadline prefix, and quantity when gold
  has one, else the action;
* one-to-one greedy matching per kind; optional gold facts are neither hits
  nor misses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from kg import rdf
from kg.evaluation.counts import Counts
from kg.export import facts_table
from kg.extraction import Failed, extract
from kg.reading import parse
from kg.resolve import resolve

KINDS = ("role", "unit", "financial", "goal")
_IGNORED_WORDS = frozenset(
    "inc corp corporation plc ltd limited group co company holdings sa ag nv the mr mrs ms dr".split()
)
_UNIT_WORDS = frozenset("division unit arm business operation operations wing department service services subsidiary".split())
_TITLE_STOP = frozenset("of the board directors and currently former new group company a an".split())
# Spellings of one title, folded to one word so that word overlap compares like with like.
_TITLE_FOLDS = (
    (re.compile(r"\bchief executive officer\b|\bceo\b|\bchief executive\b|\bboss\b"), "chief-executive"),
    (re.compile(r"\bchief financial officer\b|\bcfo\b|\bfinance director\b|\bfinancial director\b"), "chief-financial-officer"),
    (re.compile(r"\bchief operating officer\b|\bchief operations officer\b|\bcoo\b"), "chief-operating-officer"),
    (re.compile(r"\bchairwoman\b|\bchairman\b|\bchairperson\b|\bchair\b"), "chairman"),
    (re.compile(r"\bmanaging director\b|\bmd\b"), "managing-director"),
)


# --- predictions -----------------------------------------------------------------


def predict(articles: list[dict[str, Any]], nlp: Language) -> Iterator[dict[str, Any]]:
    """One ``{"id", "facts"}`` record per article, facts as in facts.jsonl."""
    documents = [parse(a["text"], source=a["id"], doc_id=a["id"]) for a in articles]
    for result in extract(documents, nlp):
        if isinstance(result, Failed):
            yield {"id": result.doc_id, "facts": []}
            continue
        graph = rdf.to_graph(resolve([result]))
        facts = [row for row in facts_table.rows(graph) if row["kind"] in KINDS]
        yield {"id": result.document.id, "facts": facts}


# --- scoring -----------------------------------------------------------------------


@dataclass(slots=True)
class Scores:
    by_kind: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})

    @property
    def micro(self) -> Counts:
        return sum(self.by_kind.values(), Counts())

    def report(self) -> list[str]:
        """Lines of a per-kind table; the last line is the micro average."""
        lines = [f"{'kind':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for kind, c in self.by_kind.items():
            lines.append(f"{kind:<10} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>5} {c.fp:>5} {c.fn:>5}")
        m = self.micro
        lines.append(f"micro P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f}")
        return lines


def score(gold: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]) -> Scores:
    predicted = {p["id"]: list(p.get("facts") or []) for p in predictions}
    scores = Scores()
    for article in gold:
        aliases = article.get("aliases") or {}
        for kind in KINDS:
            golds = [g for g in article["facts"] if g.get("kind") == kind]
            preds = [p for p in predicted.get(article["id"], []) if p.get("kind") == kind]
            scores.by_kind[kind] += _score_kind(kind, preds, golds, aliases)
    return scores


def _score_kind(kind: str, preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]], aliases: Mapping[str, list[str]]) -> Counts:
    used = [False] * len(golds)
    tp = fp = 0
    for pred in preds:
        # a required gold fact first; an optional one only absorbs the prediction
        hit = next((i for i, g in enumerate(golds) if not used[i] and not g.get("optional") and _matches(kind, pred, g, aliases)), None)
        if hit is None:
            hit = next((i for i, g in enumerate(golds) if not used[i] and g.get("optional") and _matches(kind, pred, g, aliases)), None)
        if hit is None:
            fp += 1
            continue
        used[hit] = True
        tp += 0 if golds[hit].get("optional") else 1
    return Counts(tp, fp, sum(1 for i, g in enumerate(golds) if not used[i] and not g.get("optional")))


def _matches(kind: str, pred: Mapping[str, Any], gold: Mapping[str, Any], aliases: Mapping[str, list[str]]) -> bool:
    if kind == "role":
        return (
            _names_match(pred.get("person"), gold.get("person"), aliases)
            and bool(_title_words(pred.get("role")) & _title_words(gold.get("role")))
            and (gold.get("org") is None or _names_match(pred.get("org"), gold.get("org"), aliases))
        )
    if kind == "unit":
        return _names_match(pred.get("unit"), gold.get("unit"), aliases) and _names_match(pred.get("parent"), gold.get("parent"), aliases)
    if kind == "financial":
        return (
            _names_match(pred.get("org"), gold.get("org"), aliases)
            and bool(pred.get("change")) == bool(gold.get("change"))
            and _value_matches(pred.get("value"), pred.get("unit"), gold, "value", "value_max")
        )
    if kind == "goal":
        if not _names_match(pred.get("holder"), gold.get("holder"), aliases):
            return False
        deadline = gold.get("deadline")
        if deadline and not str(pred.get("deadline") or "").startswith(str(deadline)):
            return False
        if gold.get("quantity") is not None:
            return _value_matches(pred.get("quantity"), pred.get("unit"), gold, "quantity", "quantity_max")
        return str(pred.get("action") or "").lower() == str(gold.get("action") or "").lower()
    return False


def _words(name: Any) -> list[str]:
    if not name:
        return []
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    text = re.sub(r"['\u2019]s\b", "", text)
    return [w for w in re.sub(r"[^a-z0-9 ]+", " ", text).split() if w not in _IGNORED_WORDS]


def _one_name_matches(pred: Any, gold: Any) -> bool:
    p, g = _words(pred), _words(gold)
    if not p or not g:
        return False
    if "".join(p) == "".join(g):
        return True
    if bool(set(p) & _UNIT_WORDS) != bool(set(g) & _UNIT_WORDS):
        return False
    return set(p) <= set(g) or set(g) <= set(p)


def _names_match(pred: Any, gold: Any, aliases: Mapping[str, list[str]]) -> bool:
    if pred is None or gold is None:
        return False
    forms = [gold, *aliases.get(gold, [])]
    for canonical, others in aliases.items():
        if gold in others:
            forms += [canonical, *others]
    return any(_one_name_matches(pred, form) for form in forms)


def _title_words(title: Any) -> set[str]:
    text = " ".join(_words(title))
    for pattern, folded in _TITLE_FOLDS:
        text = pattern.sub(folded, text)
    return {w for w in text.split() if w not in _TITLE_STOP}


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _unit_class(unit: Any) -> str:
    if unit is None:
        return "other"
    text = str(unit).strip()
    if text.lower() in ("percent", "%", "pct", "per cent"):
        return "percent"
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.lower() not in ("ton", "bbl", "job"):
        return text.upper()
    return "other"


def _value_matches(value: Any, unit: Any, gold: Mapping[str, Any], key: str, key_max: str) -> bool:
    predicted = _number(value)
    if predicted is None:
        return False
    targets = [(_number(gold.get(key)), _number(gold.get(key_max)), gold.get("unit"))]
    targets += [(_number(a.get("value", a.get("quantity"))), None, a.get("unit")) for a in gold.get("alt") or []]
    for target, upper, target_unit in targets:
        if target is None or _unit_class(unit) != _unit_class(target_unit):
            continue
        if upper is not None and min(target, upper) - 1e-9 <= predicted <= max(target, upper) + 1e-9:
            return True
        if abs(predicted - target) <= 0.01 * max(abs(target), 1e-9):
            return True
    return False


def read_jsonl(lines: Iterable[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.strip()]
