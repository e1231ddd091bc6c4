"""The bizgold scorer on hand-made records: matching rules, optional facts, aliases."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.evaluation.bizgold import score

EV = "x"
GOLD = [
    {
        "id": "a",
        "aliases": {"Time Warner": ["TimeWarner"]},
        "facts": [
            {"kind": "role", "person": "Richard Parsons", "role": "chief executive", "org": "Time Warner", "evidence": EV},
            {"kind": "unit", "unit": "film division", "parent": "Time Warner", "relation": "division", "evidence": EV},
            {"kind": "financial", "org": "Time Warner", "value": 1130000000, "unit": "USD", "change": False,
             "alt": [{"value": 600000000, "unit": "GBP"}], "evidence": EV},
            {"kind": "financial", "org": "Time Warner", "value": 76, "unit": "percent", "change": True, "evidence": EV},
            {"kind": "goal", "holder": "Time Warner", "action": "restate", "quantity": None, "deadline": None, "evidence": EV},
            {"kind": "goal", "holder": "Time Warner", "action": "save", "quantity": 190000000, "quantity_max": 265000000,
             "unit": "GBP", "deadline": "2009", "evidence": EV},
            {"kind": "goal", "holder": "Time Warner", "action": "hire", "quantity": None, "deadline": None, "optional": True, "evidence": EV},
        ],
    }
]


def test_matching_rules():
    predictions = [{
        "id": "a",
        "facts": [
            {"kind": "role", "person": "Mr Parsons", "role": "CEO", "org": "TimeWarner Inc"},  # alias, honorific, synonym
            {"kind": "unit", "unit": "Time Warner film division", "parent": "Time Warner"},
            {"kind": "unit", "unit": "Time Warner", "parent": "Time Warner"},  # a unit name only matches a unit name
            {"kind": "financial", "org": "Time Warner", "value": 600000000, "unit": "GBP", "change": False},  # the conversion
            {"kind": "financial", "org": "Time Warner", "value": 76.5, "unit": "percent", "change": False},  # change flag differs
            {"kind": "goal", "holder": "Time Warner", "action": "restate", "deadline": None},
            {"kind": "goal", "holder": "Time Warner", "action": "save", "quantity": 200000000, "unit": "GBP", "deadline": "2009-03"},
            {"kind": "goal", "holder": "Time Warner", "action": "hire", "deadline": None},  # optional: neither hit nor miss
        ],
    }]
    scores = score(GOLD, predictions)
    counts = {k: (c.tp, c.fp, c.fn) for k, c in scores.by_kind.items()}
    assert counts == {"role": (1, 0, 0), "unit": (1, 1, 0), "financial": (1, 1, 1), "goal": (2, 0, 0)}
    assert scores.report()[-1] == "micro P=0.714 R=0.833 F1=0.769"


def test_cli_writes_predictions_and_scores(tmp_path):
    from kg.cli import app

    gold = tmp_path / "gold.jsonl"
    article = {"id": "z", "text": "Acme's cloud division aims to hire 500 engineers by 2030.", "aliases": {},
               "facts": [{"kind": "goal", "holder": "Acme cloud division", "action": "hire", "quantity": 500,
                          "unit": "count", "deadline": "2030", "evidence": EV}]}
    gold.write_text(json.dumps(article) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", "bizgold", str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    [line] = out.read_text(encoding="utf-8").splitlines()
    prediction = json.loads(line)
    assert prediction["id"] == "z" and any(f["kind"] == "goal" and f["action"] == "hire" for f in prediction["facts"])
    assert result.output.strip().splitlines()[-1].startswith("micro P=")


def test_cli_reports_a_malformed_line(tmp_path):
    from kg.cli import app

    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "bizgold", str(gold)])
    assert result.exit_code == 2
    assert "line 2" in result.output
