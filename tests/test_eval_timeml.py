"""TimeML evaluation: reading gold TIMEX3s with offsets, and TempEval-3 scoring."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kg import time
from kg.evaluation import timeml

FIXTURE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1989-10-30" temporalFunction="false" functionInDocument="CREATION_TIME">10/30/89</TIMEX3></DCT>
<TEXT>
Acme Corp. <EVENT eid="e1" class="REPORTING">said</EVENT> profit rose in <TIMEX3 tid="t1" type="DATE" value="1989-Q3">the third quarter</TIMEX3> from <TIMEX3 tid="t2" type="DATE" value="1988-Q3">a year earlier</TIMEX3>.
It will pay a dividend <TIMEX3 tid="t3" type="DATE" value="1989-11-03">Friday</TIMEX3> and has <EVENT eid="e2" class="STATE">held</EVENT> the stake for <TIMEX3 tid="t4" type="DURATION" value="P2Y">two years</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "fixture_1.tml").write_text(FIXTURE, encoding="utf-8")
    return tmp_path


def test_read_gives_text_offsets_and_anchor(corpus: Path) -> None:
    (document,) = timeml.read(corpus)
    assert document.name == "sub/fixture_1.tml"
    assert document.anchor == datetime.date(1989, 10, 30)
    assert "<" not in document.text
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("the third quarter", "DATE", "1989-Q3"),
        ("a year earlier", "DATE", "1988-Q3"),
        ("Friday", "DATE", "1989-11-03"),
        ("two years", "DURATION", "P2Y"),
    ]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def _at(text: str, phrase: str, value: str) -> time.Timex:
    start = text.index(phrase)
    return time.Timex(start, start + len(phrase), phrase, "DATE", value)


def test_score_counts_relaxed_strict_and_value_matches(corpus: Path) -> None:
    (document,) = timeml.read(corpus)
    text = document.text
    system = [
        _at(text, "third quarter", "1989-Q3"),  # relaxed only, right value
        _at(text, "a year earlier", "1988"),  # strict, wrong value
        _at(text, "Friday", "1989-11-03"),  # strict, right value
        _at(text, "Acme", "XXXX"),  # no gold: a false positive
    ]
    scores = timeml.score([document], [system])
    assert scores == timeml.TimemlScores(documents=1, gold=4, system=4, relaxed=3, strict=2, value=2)
    assert scores.rates(scores.value) == (0.5, 0.5, 0.5)
    assert scores.report()[-1] == "value P=0.500 R=0.500 F1=0.500"


def test_each_gold_expression_matches_once(corpus: Path) -> None:
    (document,) = timeml.read(corpus)
    text = document.text
    twice = [_at(text, "Friday", "1989-11-03"), _at(text, "Friday", "1989-11-03")]
    scores = timeml.score_document(document.timexes, twice)
    assert (scores.relaxed, scores.value, scores.system) == (1, 1, 2)


def test_evaluate_runs_the_pipeline(corpus: Path) -> None:
    from kg import nlp as kg_nlp

    scores = timeml.evaluate(corpus, kg_nlp.load())
    assert scores.documents == 1 and scores.gold == 4
    assert scores.relaxed >= 3
    assert scores.report()[-1].startswith("value P=")


def test_cli_prints_value_f1_last(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    folder = tmp_path / "tml"
    folder.mkdir()
    (folder / "doc.tml").write_text(
        '<?xml version="1.0" ?>\n<TimeML>\n<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
        'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>\n<TEXT>\nSales rose '
        '<TIMEX3 tid="t1" type="DATE" value="1997">last year</TIMEX3> and will grow in '
        '<TIMEX3 tid="t2" type="DATE" value="1999">1999</TIMEX3>.\n</TEXT>\n</TimeML>\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", "timeml", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "value P=1.000 R=1.000 F1=1.000"
    missing = CliRunner().invoke(app, ["eval", "timeml", str(tmp_path / "nope")])
    assert missing.exit_code == 2
