"""The compact records a build keeps once its corpus is let go."""

from __future__ import annotations

from kg.model import Corpus, CorpusCounts, Document, Entity, EntityKind, Evidence, Statement


def _document(doc_id: str) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text="Ann said so.", content="Ann said so.")


def test_counts_keep_the_document_ids_and_count_entities_and_facts_by_kind() -> None:
    evidence = Evidence("b", 0, 12, "Ann said so.")
    corpus = Corpus(
        documents=(_document("b"), _document("a")),
        entities=(
            Entity("person:ann", EntityKind.PERSON, "Ann"),
            Entity("organization:acme", EntityKind.ORGANIZATION, "Acme"),
            Entity("person:bo", EntityKind.PERSON, "Bo", anonymous=True),
        ),
        facts=(Statement("person:ann", None, "said", "so", False, evidence),),
    )
    counts = CorpusCounts.of(corpus)
    assert counts.documents == ("b", "a")  # corpus order
    assert counts.entities == (("organization", 1), ("person", 2))
    assert counts.facts == (("statement", 1),)


def test_an_empty_corpus_counts_nothing() -> None:
    assert CorpusCounts.of(Corpus((), (), ())) == CorpusCounts(())
