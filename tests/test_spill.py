"""Results set aside on disk during the parse come back equal, in order, sharing what they shared."""

from __future__ import annotations

from pathlib import Path

from kg.model import Document, DocumentResult, Entity, EntityKind, Evidence, Mention, Statement
from kg.spill import Spill


def _result(doc_id: str) -> DocumentResult:
    text = "Ann Lee said profits rose."
    sentence = Evidence(doc_id, 0, len(text), text)
    mention = Mention(doc_id, 0, 7, "Ann Lee", "name", sentence)
    ann = Entity(f"{doc_id}#0", EntityKind.PERSON, "Ann Lee", mentions=(mention,))
    said = Statement(ann.key, None, "said", "profits rose", False, sentence)
    return DocumentResult(Document(doc_id, f"{doc_id}.txt", text, text), (ann,), (said,))


def test_results_come_back_equal_and_in_the_order_they_were_added(tmp_path: Path) -> None:
    added = [_result(doc_id) for doc_id in ("b", "a", "c")]
    with Spill(str(tmp_path)) as spill:
        for result in added:
            spill.add(result)
        assert len(spill) == 3
        assert list(spill.results()) == added
        assert list(spill.results()) == added  # read again from the start


def test_a_sentence_shared_within_a_result_is_one_object_again(tmp_path: Path) -> None:
    with Spill(str(tmp_path)) as spill:
        spill.add(_result("a"))
        (back,) = spill.results()
    assert back.entities[0].mentions[0].sentence is back.facts[0].evidence


def test_results_added_after_a_reading_follow_the_others(tmp_path: Path) -> None:
    with Spill(str(tmp_path)) as spill:
        spill.add(_result("a"))
        assert [r.document.id for r in spill.results()] == ["a"]
        spill.add(_result("b"))
        assert [r.document.id for r in spill.results()] == ["a", "b"]


def test_the_file_leaves_nothing_behind(tmp_path: Path) -> None:
    with Spill(str(tmp_path)) as spill:
        spill.add(_result("a"))
    assert list(tmp_path.iterdir()) == []
