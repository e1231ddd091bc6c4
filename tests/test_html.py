"""graph.html: one self-contained page; the same bytes for the same graph; and, in
real headless Chromium (Debian's chromium and chromium-driver, installed here
when missing and we may), search, click, evidence, class filter and a graph of
5,000 things that stays responsive."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns  # not SDO as a global: pytest's collection probes it and it warns
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

import sample_graphs
from kg import rdf
from kg.cli import app
from kg.export import html

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def data_of(page: bytes) -> dict[str, Any]:
    match = re.search(rb'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "no data island"
    return json.loads(match.group(1))


# --- the page as a file ----------------------------------------------------------------


def test_one_file_that_fetches_nothing() -> None:
    page = html.render(sample_graphs.graph())
    text = page.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count("<script") == 2
    for fetch in ("<script src", "<link", "<img", "@import", "url(", "fetch(", "XMLHttpRequest", "import(", "//cdn"):
        assert fetch not in text, fetch
    assert "/*DATA*/" not in text and "/*SCRIPT*/" not in text and "/*STYLE*/" not in text


def test_same_graph_same_bytes() -> None:
    assert html.render(sample_graphs.graph()) == html.render(sample_graphs.graph())


def test_the_data_the_page_reads() -> None:
    data = data_of(html.render(sample_graphs.graph(), pictures={"https://w3id.org/kgnews/id/person/jane-doe": "images/person/jane-doe.png"}))
    kinds = [k["id"] for k in data["kinds"]]
    nodes = {n["l"]: n for n in data["nodes"]}
    jane = nodes["Jane Doe"]
    assert kinds[jane["k"]] == "person" and jane["n"] == ["Doe"] and jane["img"] == "images/person/jane-doe.png"
    sentences = [data["sentences"][i][3] for i in jane["e"]]
    assert "Jane Doe, the chairman of Acme, spoke in Paris." in sentences
    for s, start, end in jane["m"]:  # mention marks fall on the name inside the sentence
        assert data["sentences"][s][3][start:end] == "Jane Doe"
    names = [n["l"] for n in data["nodes"]]
    edges = {(names[a], data["edgeKinds"][k]["id"], label, names[b]) for a, b, k, label, _ in data["edges"]}
    assert ("Jane Doe", "role", "chairman", "Acme") in edges
    goal = nodes["serve 5M customers worldwide"]
    assert ["deadline", "2030"] in goal["p"] and ["target", "5M (5,000,000)"] in goal["p"]
    assert kinds[data["nodes"][0]["k"]] in ("person", "organization", "unit", "place")  # entities first, most central first
    assert [k["id"] for k in data["kinds"] if not k["shown"]] == ["document"]
    assert len(data["overview"]) == len(data["nodes"])  # a small graph opens whole


def test_a_large_graph_opens_with_an_overview() -> None:
    data = data_of(html.render(rdf.to_graph(sample_graphs.big_corpus(people=400, orgs=100))))
    assert len(data["overview"]) == html.OVERVIEW
    assert {data["kinds"][data["nodes"][i]["k"]]["id"] for i in data["overview"]} <= {"person", "organization", "unit", "place"}
    assert data["overview"] == list(range(html.OVERVIEW))  # entities come first, the most central first
    assert data["kinds"][data["nodes"][0]["k"]]["id"] == "organization"  # an organisation with many members


def test_markup_in_names_stays_text() -> None:
    graph = Graph()
    evil = URIRef("https://example.org/evil")
    graph.add((evil, RDF.type, ns.SDO.Organization))
    graph.add((evil, RDFS.label, Literal("</script><script>alert(1)</script> & Co\u2028Ltd")))
    page = html.render(graph, title="<b>kg</b>")
    assert page.count(b"</script>") == 2 and b"<b>kg</b>" not in page
    assert data_of(page)["nodes"][0]["l"] == "</script><script>alert(1)</script> & Co\u2028Ltd"



def test_the_page_written_in_pieces_is_the_page(tmp_path: Path) -> None:
    # graph.html is streamed to disk a JSON record at a time: the same bytes as one json.dumps
    data = {"b": [], "a": [{"z": 1, "y": ["x", None]}, "</script>\u2028", 2.5], "c": "t", "d": {"k": [1, 2]}}
    assert "".join(html._json(data)) == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    graph = rdf.to_graph(sample_graphs.big_corpus(people=40, orgs=10))
    path = html.write(graph, tmp_path / "graph.html")
    assert path.read_bytes() == html.render(graph)
    assert data_of(path.read_bytes())["nodes"]

# --- in Chromium -------------------------------------------------------------------------


def ensure_chromium() -> None:
    """Debian's chromium and chromium-driver, installed with apt-get when missing (as
    CI does, running as root); skipped where they cannot be installed."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.skip("needs chromium and chromium-driver: apt-get install -y chromium chromium-driver (as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver"], check=True, env=env, capture_output=True)
    assert CHROMIUM.exists() and CHROMEDRIVER.exists()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1600,1000", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.html of the seed article, as `kg build` writes it (the real English pipeline)."""
    out = tmp_path_factory.mktemp("seed-build") / "output"
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out), "--no-validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "graph.html"


def open_page(browser: Any, page: Path) -> float:
    started = time.perf_counter()
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return window.kgViewer && window.kgViewer.ready") is True
    return time.perf_counter() - started


def search_and_choose(browser: Any, text: str, label: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    def offered(driver: Any) -> Any:
        items = driver.find_elements(By.CSS_SELECTOR, "#results li[role=option]")
        return next((li for li in items if li.find_element(By.CSS_SELECTOR, ".name").text == label), False)

    WebDriverWait(browser, 5).until(offered).click()
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.ID, "panel-title") and d.find_element(By.ID, "panel-title").text == label)


def click_node(browser: Any, label: str) -> None:
    """A real mouse click on the canvas where the viewer draws ``label``."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = browser.find_element(By.ID, "canvas")
    where = browser.execute_script("return kgViewer.position(kgViewer.find(arguments[0]))", label)
    assert where is not None, f"{label} is not drawn"
    box = canvas.rect
    ActionChains(browser).move_to_element_with_offset(canvas, int(where["x"] - box["width"] / 2), int(where["y"] - box["height"] / 2)).click().perform()


def severe_errors(browser: Any) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def save_screenshot(browser: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(path))
    assert path.read_bytes().startswith(PNG_SIGNATURE) and path.stat().st_size > 20_000
    if os.environ.get("KG_SCREENSHOTS"):  # keep a copy to look at (the README's picture is made this way)
        shutil.copy(path, Path(os.environ["KG_SCREENSHOTS"]) / path.name)


def test_search_alibaba_click_it_and_read_the_evidence(browser: Any, seed_page: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    search_and_choose(browser, "Alibaba", "Alibaba")
    panel = browser.find_element(By.ID, "panel")
    evidence = browser.find_element(By.ID, "evidence")
    assert "Alibaba\u2019s cloud computing division saw its revenue grow by 90 percent" in evidence.text
    assert "Jack Ma, currently chairman of the board of directors" in evidence.text
    assert "Jack Ma \u2014 chairman \u2192 Alibaba" in evidence.text  # which fact the sentence supports
    assert "Alibaba" in [m.text for m in evidence.find_elements(By.TAG_NAME, "mark")]  # the mention, highlighted
    assert "alibaba-cloud-2036" in evidence.text
    assert "organisation" in panel.text and "Alibaba cloud computing division" in browser.find_element(By.ID, "links").text
    save_screenshot(browser, tmp_path / "viewer-alibaba.png")

    browser.execute_script("kgViewer.settle()")
    click_node(browser, "Jack Ma")
    assert browser.find_element(By.ID, "panel-title").text == "Jack Ma"
    assert "chairman" in browser.find_element(By.ID, "links").text
    assert severe_errors(browser) == []


def test_class_filter_and_expand(browser: Any, seed_page: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    everything = browser.execute_script("return kgViewer.visibleCount()")
    browser.find_element(By.CSS_SELECTOR, "label[for=kind-statement]").click()
    assert browser.execute_script("return kgViewer.visibleCount()") == everything - 10  # the seed's ten statements
    browser.find_element(By.CSS_SELECTOR, "label[for=kind-document]").click()  # articles are hidden at first
    assert browser.execute_script("return kgViewer.visibleCount()") == everything - 10 + 1
    assert "Showing" in browser.find_element(By.ID, "status").text
    assert severe_errors(browser) == []


def test_five_thousand_things_stay_responsive(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = html.write(rdf.to_graph(sample_graphs.big_corpus(people=4000, orgs=1000)), tmp_path / "graph.html")
    assert page.stat().st_size < 8_000_000
    seconds = open_page(browser, page)
    assert seconds < 15, seconds
    assert browser.execute_script("return kgViewer.nodeCount()") == 6000  # 5,000 entities and 1,000 articles
    assert browser.execute_script("return kgViewer.visibleCount()") == html.OVERVIEW  # the overview first
    started = time.perf_counter()
    search_and_choose(browser, "Person 03999", "Person 03999")
    assert time.perf_counter() - started < 5
    assert "Org 0999" in browser.find_element(By.ID, "links").text
    search_and_choose(browser, "Org 0000", "Org 0000")  # shown in the overview, most of its members not
    before = browser.execute_script("return kgViewer.visibleCount()")
    browser.find_element(By.ID, "expand-button").click()
    assert browser.execute_script("return kgViewer.visibleCount()") > before  # expanded on demand
    started = time.perf_counter()
    browser.find_element(By.ID, "all-button").click()
    assert browser.execute_script("return kgViewer.visibleCount()") == 5000  # articles stay hidden
    assert time.perf_counter() - started < 10
    browser.execute_script("kgViewer.settle()")
    assert browser.execute_script("return kgViewer.lastDrawMs()") < 250  # one frame with everything drawn
    save_screenshot(browser, tmp_path / "viewer-5000.png")
    assert severe_errors(browser) == []
