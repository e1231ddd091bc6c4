"""Hostile input: every file accounted for, clear messages, exit codes, nothing lost."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.lock import BuildLocked, exclusive
from kg.reading import Skipped, read_all
from kg.reading.decode import DecodeError, decode
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "alibaba-cloud-2036.txt"
ARTICLE = (
    "Acme Corp said on Monday that its revenue rose 12% to $4.5bn in the third quarter. "
    "The company, which is based in Chicago, plans to open 40 new stores by 2027, "
    "chief executive Jane Roe told reporters. She said the firm would also hire 2,000 people."
)
DUTCH = (
    "De omzet van het bedrijf steeg in het derde kwartaal met twaalf procent, zo maakte de directie maandag bekend. "
    "Het bedrijf wil voor het einde van het jaar veertig nieuwe winkels openen en tweeduizend mensen aannemen. "
    "Volgens analisten is dat een ambitieus plan voor een onderneming van deze omvang in de huidige markt."
)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


# --- decoding --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Café £5m".encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + "Café £5m".encode("utf-8"), "utf-8"),
        (b"\xff\xfe" + "Café £5m".encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + "Café £5m".encode("utf-16-be"), "utf-16-be"),
        ("Café £5m – “quoted”".encode("cp1252"), "cp1252"),
        ("Caf\u00e9 \u00a35m plus text".encode("utf-16-le"), "utf-16-le"),  # no byte-order mark
    ],
)
def test_encodings_are_detected(raw: bytes, encoding: str):
    text, found = decode(raw)
    assert found == encoding
    assert text.startswith("Café £5m")


def test_binary_is_not_text():
    with pytest.raises(DecodeError, match="binary"):
        decode(bytes(range(256)) * 4)


# --- formats -------------------------------------------------------------------------


def test_html_article_text_and_metadata(tmp_path: Path):
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Acme grows</title>"
        "<meta property='article:published_time' content='2024-05-06'>"
        "<meta property='og:site_name' content='Example News'>"
        "<script>var tracking = 'Acme Corp buys Google for $1';</script><style>p{}</style></head>"
        "<body><nav>Home | Business | Sport</nav><header>Subscribe now</header>"
        f"<article><h1>Acme grows</h1><p>{ARTICLE}</p></article>"
        "<footer>Copyright Example News</footer></body></html>",
        encoding="utf-8",
    )
    [document] = list(read_all(page, doc_id="story"))
    assert not isinstance(document, Skipped)
    assert document.title == "Acme grows" and document.date == "2024-05-06" and document.publisher == "Example News"
    assert "revenue rose 12%" in document.text
    for furniture in ("tracking", "Home | Business", "Subscribe now", "Copyright"):
        assert furniture not in document.text


def test_jsonl_bad_line_is_reported_by_number_and_the_rest_is_read(tmp_path: Path):
    corpus = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "One", "date": "2024-01-02", "text": ARTICLE}),
        "{this is not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": ARTICLE.replace("Acme", "Zenith")}),
        json.dumps(["not", "an", "object"]),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_all(corpus, doc_id="news"))
    documents = [i for i in items if not isinstance(i, Skipped)]
    skipped = {i.source: i.reason for i in items if isinstance(i, Skipped)}
    assert [d.id for d in documents] == ["news/a", "news/c"]
    assert documents[0].title == "One" and documents[0].date == "2024-01-02"
    assert set(skipped) == {f"{corpus}:2", f"{corpus}:3", f"{corpus}:5"}
    assert "malformed JSON" in skipped[f"{corpus}:2"]
    assert "empty" in skipped[f"{corpus}:3"]


def test_non_english_is_skipped(tmp_path: Path):
    path = tmp_path / "nl.txt"
    path.write_text(DUTCH, encoding="utf-8")
    [item] = list(read_all(path, doc_id="nl"))
    assert isinstance(item, Skipped) and "not English" in item.reason


# --- the build as a user runs it ----------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "latin1.txt").write_bytes(ARTICLE.replace("Acme", "Café Acme").encode("cp1252"))
    (folder / "utf16.txt").write_bytes(b"\xff\xfe" + ARTICLE.replace("Acme", "Zenith").encode("utf-16-le"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 8)
    (folder / "dutch.txt").write_text(DUTCH, encoding="utf-8")
    (folder / "lines.jsonl").write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    weird = 'Ünïcødé "quotes" \\back\\slash <angle> & emoji 🚀 and עברית'
    (folder / "weird name ü.txt").write_text(f"{weird} Corp said its profit rose 5% to $1m. " + ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_build(hostile: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("hostile-out")
    result = invoke("build", str(hostile), "--out", str(out), "--no-images", "--no-validate")
    return result, out


def test_every_input_is_accounted_for(hostile_build, hostile: Path):
    result, out = hostile_build
    assert result.exit_code == 1, result.output  # some skipped
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {Path(e["source"]).name: e["status"] for e in manifest["inputs"]}
    assert status == {
        "seed.txt": "built", "latin1.txt": "built", "utf16.txt": "built", "weird name ü.txt": "built",
        "lines.jsonl:1": "built", "lines.jsonl:2": "skipped",
        "empty.txt": "skipped", "binary.md": "skipped", "dutch.txt": "skipped",
    }
    assert manifest["counts"] == {"built": 5, "skipped": 4, "failed": 0}
    for entry in manifest["inputs"]:
        if entry["status"] == "built":
            assert len(entry["sha256"]) == 64
        else:
            assert entry["reason"]
    for name in ("empty.txt", "binary.md", "dutch.txt", "lines.jsonl:2"):
        assert name in result.output
    assert "Traceback" not in result.output


def test_hostile_text_gives_a_valid_graph(hostile_build):
    _, out = hostile_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    labels = {str(o) for o in graph.objects(None, None)}
    assert any("Café Acme" in label for label in labels)
    again = Graph().parse(data=graph.serialize(format="json-ld"), format="json-ld")
    assert isomorphic(graph, again)


def test_second_build_into_the_same_folder_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    with exclusive(out):
        with pytest.raises(BuildLocked, match="another kg build"):
            with exclusive(out):
                pass
        result = invoke("build", str(SEED), "--out", str(out), "--no-images", "--no-validate")
        assert result.exit_code == 2
        assert "another kg build" in result.output
    with exclusive(out):  # released when the holder is done
        pass


def _hold_lock(out: str, ready, release) -> None:  # runs in a child process
    with exclusive(Path(out)):
        ready.set()
        release.wait(30)


def test_a_killed_build_leaves_no_stale_lock(tmp_path: Path):
    out = tmp_path / "out"
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_hold_lock, args=(str(out), ready, release))
    child.start()
    assert ready.wait(10)
    with pytest.raises(BuildLocked):
        with exclusive(out):
            pass
    child.kill()  # like kill -9
    child.join(10)
    deadline = time.monotonic() + 5
    while True:
        try:
            with exclusive(out):
                break
        except BuildLocked:
            assert time.monotonic() < deadline
            time.sleep(0.05)


# --- query is read-only ------------------------------------------------------------


def test_query_refuses_update_and_service_and_stops_on_timeout(hostile_build):
    _, out = hostile_build
    graph = str(out / "graph.ttl")
    before = (out / "graph.ttl").read_bytes()
    update = invoke("query", 'INSERT DATA { <urn:a> <urn:b> "c" }', "--graph", graph)
    assert update.exit_code == 2 and "not allowed" in update.output
    service = invoke("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "--graph", graph)
    assert service.exit_code == 2 and "SERVICE" in service.output
    slow = invoke("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--graph", graph, "--timeout", "0.5")
    assert slow.exit_code == 2 and "0.5 s" in slow.output
    assert (out / "graph.ttl").read_bytes() == before


# --- any text survives ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_and_sentence_round_trip(name: str):
    from decimal import Decimal

    from kg import rdf
    from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, Mention

    text = f"{name} said profit rose."
    evidence = Evidence("d", 0, len(text), text)
    entity = Entity("organization:" + name, EntityKind.ORGANIZATION, name, (name + "!",), (Mention("d", 0, len(name), name, "name", evidence),))
    figure = FinancialFigure(entity.key, "profit", name, Decimal("1.5"), "percent", True, name, name, evidence)
    graph = rdf.to_graph(Corpus((Document("d", name, text, text, title=name),), (entity,), (figure,)), with_ontology=False)
    for fmt in ("turtle", "json-ld", "nt"):
        again = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        assert isomorphic(graph, again), fmt


def test_a_long_document_is_parsed_in_pieces_with_true_offsets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from kg import extraction, pipeline
    from kg import nlp as kg_nlp

    body = SEED.read_text(encoding="utf-8")
    long_text = "\n\n".join([body] * 4)
    path = tmp_path / "long.txt"
    path.write_text(long_text, encoding="utf-8")
    monkeypatch.setattr(extraction, "PIECE_CHARS", 3000)
    assert len(extraction.pieces(long_text)) >= 4
    assert "".join(text for _, text in extraction.pieces(long_text)) == long_text
    report = pipeline.build([path], tmp_path / "out", kg_nlp.load(), images_enabled=False, validation=False)
    assert not report.failed and not report.skipped
    text = path.read_text(encoding="utf-8")
    # facts come from every piece, not only the first (coreference does not cross pieces,
    # so a piece may lose a fact whose antecedent sits in the piece before)
    built = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    evidence = set(built.objects(None, PROV.wasDerivedFrom))  # the sentences facts were read from
    starts = sorted(built.value(e, KG.startOffset).toPython() for e in evidence)
    assert starts[0] < 3000 and starts[-1] > 2 * 3000
    for e in evidence:
        start, end = (built.value(e, p).toPython() for p in (KG.startOffset, KG.endOffset))
        assert text[start:end] == str(built.value(e, KG.text))
    mentions = list(built.subjects(RDF.type, KG.Mention))
    assert len(mentions) > 10
    for mention in mentions:
        start, end = (built.value(mention, p).toPython() for p in (KG.startOffset, KG.endOffset))
        assert text[start:end] == str(built.value(mention, KG.text))


def test_kill_9_during_a_build_leaves_the_previous_output_complete(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    first = invoke("build", str(SEED), "--out", str(out), "--no-images", "--no-validate")
    assert first.exit_code == 0, first.output
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "facts.jsonl", "manifest.json")}
    many = tmp_path / "many"
    many.mkdir()
    for n in range(60):
        (many / f"copy{n:03}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    script = "from kg.cli import run; run()"
    args = [sys.executable, "-c", script, "build", str(many), "--out", str(out), "--no-images", "--no-validate"]
    for delay in (1.5, 4.0, 6.5):  # kill while loading, while parsing, and while writing
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        graph = Graph().parse(out / "graph.ttl", format="turtle")  # complete and valid, old or new
        assert len(graph) > 0
        for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)
        json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # the next build cleans up after the killed ones and succeeds
    again = invoke("build", str(SEED), "--out", str(out), "--no-images", "--no-validate")
    assert again.exit_code == 0, again.output
    assert not list(out.glob(".*.tmp"))
    assert {name: (out / name).read_bytes() for name in before} == before
