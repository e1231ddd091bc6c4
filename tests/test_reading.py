"""Reading articles: furniture found by form, metadata, clean errors, discovery."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.reading import ReadError, Skipped, discover, parse, read

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "alibaba-cloud-2036.txt"

BODY = "Acme Corp said on Monday that its revenue rose by 12 percent to 3 billion euros."


def blanked(document: Document, piece: str) -> None:
    """``piece`` occurs in the text and every occurrence is blanked in the content."""
    start = document.text.find(piece)
    assert start >= 0, f"{piece!r} not in text"
    while start >= 0:
        assert document.content[start : start + len(piece)].strip() == "", f"{piece!r} not blanked"
        start = document.text.find(piece, start + 1)


def kept(document: Document, piece: str) -> None:
    """``piece`` is article content: unchanged at the same offsets in the content."""
    start = document.text.find(piece)
    assert start >= 0, f"{piece!r} not in text"
    assert document.content[start : start + len(piece)] == piece


def invariants(document: Document) -> None:
    assert len(document.content) == len(document.text)
    # blanking only ever turns characters into spaces, and keeps newlines
    for original, seen in zip(document.text, document.content):
        assert seen == original or (seen == " " and original != "\n")
    for item in document.furniture:
        assert document.text[item.start : item.end] == item.text
        assert document.content[item.start : item.end].strip() == ""


# --- the seed article -------------------------------------------------------


def test_seed_furniture_is_blanked_and_text_kept() -> None:
    raw = SEED.read_text(encoding="utf-8")
    document = read(SEED)

    assert document.text == raw
    assert document.id == "alibaba-cloud-2036"
    assert document.source == str(SEED)
    invariants(document)
    for piece in ("2 min", "Tags in this article", ", ,"):
        blanked(document, piece)
    notice = raw[raw.index("This news article was automatically translated") :].rstrip()
    blanked(document, notice)
    kept(document, "Jack Ma, currently chairman of the board of directors")
    kept(document, "Experienced in setbacks")
    assert document.content.lstrip().startswith("Alibaba")


def test_seed_furniture_kinds() -> None:
    document = read(SEED)
    kinds = {item.kind: item.text for item in document.furniture}
    assert kinds["reading-time"] == "2 min"
    assert kinds["tags-header"] == "Tags in this article"
    assert kinds["empty-list"] == ", ,"
    assert kinds["translation-notice"].startswith("This news article was automatically translated from Dutch")
    assert kinds["translation-notice"].endswith("read our launch article.")


def test_seed_notice_metadata() -> None:
    document = read(SEED)
    assert document.publisher == "Techzine.eu"
    assert document.translated_from == "nl"


# --- furniture recognised by form, in invented articles ----------------------


def test_furniture_by_form_in_another_article() -> None:
    text = (
        "5 min read\n\n"
        "Tags:\n\n"
        f"{BODY}\n\n"
        "Share this article\n\n"
        "This article was machine-translated from German by Example.com.\n"
    )
    document = parse(text, source="invented.txt", doc_id="invented")
    invariants(document)
    for piece in ("5 min read", "Tags:", "Share this article", "This article was machine-translated from German by Example.com."):
        blanked(document, piece)
    kept(document, BODY)
    assert document.publisher == "Example.com"
    assert document.translated_from == "de"
    assert [f.kind for f in document.furniture] == ["reading-time", "tags-header", "share-line", "translation-notice"]


@pytest.mark.parametrize(
    "line",
    ["3 minutes", "10 min read", "4 mins reading time", "TAGS", "Related topics:", "Advertisement", "Read more", "Share on Twitter", "• · •", "; ;"],
)
def test_furniture_lines(line: str) -> None:
    document = parse(f"{line}\n\n{BODY}\n", source="x.txt", doc_id="x")
    blanked(document, line)
    kept(document, BODY)
    invariants(document)


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares rose 5 min after the open.",
        "Tags are sold by the company in 40 countries.",
        "Analysts said the share price, at 3 dollars, was low.",
        # a translation mentioned in the news is not a notice about the article
        "Her memoir, translated from Chinese, sold two million copies.",
    ],
)
def test_article_sentences_that_look_like_furniture_are_kept(sentence: str) -> None:
    document = parse(f"{BODY}\n\n{sentence}\n", source="x.txt", doc_id="x")
    kept(document, sentence)
    assert document.furniture == ()


def test_crlf_article_keeps_its_content() -> None:
    """A file saved with Windows line ends is furniture-stripped like any other."""
    raw = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    document = parse(raw, source="crlf.txt", doc_id="crlf")
    invariants(document)
    kept(document, "Jack Ma, currently chairman of the board of directors")
    blanked(document, "Tags in this article")
    assert document.translated_from == "nl"
    assert document.publisher == "Techzine.eu"


def test_no_notice_no_metadata() -> None:
    document = parse(BODY, source="x.txt", doc_id="x")
    assert document.publisher is None
    assert document.translated_from is None
    assert document.content == document.text


# --- Markdown -----------------------------------------------------------------


MARKDOWN = """---
title: "Acme grows"
date: 2020-01-02
source: Example News
---
# Acme grows

## Results

{body}
"""


def test_markdown_front_matter_and_headings(tmp_path: Path) -> None:
    path = tmp_path / "acme.md"
    path.write_text(MARKDOWN.format(body=BODY), encoding="utf-8")
    document = read(path)

    assert document.id == "acme"
    assert document.title == "Acme grows"
    assert document.date == "2020-01-02"
    assert document.publisher == "Example News"
    invariants(document)
    blanked(document, 'title: "Acme grows"')
    blanked(document, "date: 2020-01-02")
    blanked(document, "---")
    # heading marks go, heading words stay (they are text the NLP may read)
    heading = document.text.index("# Acme grows")
    assert document.content[heading : heading + 2] == "  "
    assert document.content[heading + 2 : heading + len("# Acme grows")] == "Acme grows"
    sub = document.text.index("## Results")
    assert document.content[sub : sub + len("## Results")] == "   Results"
    kept(document, BODY)
    assert [f.kind for f in document.furniture][:1] == ["front-matter"]


def test_markdown_crlf_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(MARKDOWN.format(body=BODY).replace("\n", "\r\n").encode("utf-8"))
    document = read(path)
    assert document.title == "Acme grows"
    assert document.date == "2020-01-02"
    blanked(document, "date: 2020-01-02")
    kept(document, BODY)


def test_markdown_publisher_field(tmp_path: Path) -> None:
    path = tmp_path / "p.markdown"
    path.write_text(f"---\npublisher: Some Paper\n---\n{BODY}\n", encoding="utf-8")
    assert read(path).publisher == "Some Paper"


def test_txt_is_not_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    text = f"# not a heading in plain text\n\n{BODY}\n"
    path.write_text(text, encoding="utf-8")
    document = read(path)
    assert document.content == text
    assert document.title is None


# --- errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n\t  \r\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("furniture.txt", b"2 min\n\nTags in this article\n\n, ,\n\nShare this article\n", "furniture"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty"),
    ],
)
def test_bad_files_raise_read_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read(path)
    error = caught.value
    assert error.source == str(path)
    assert reason.lower() in error.reason.lower()
    assert str(path) in str(error)
    assert error.reason in str(error)


def test_text_that_is_not_utf8_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 Noir said revenue rose \u2013 by \u00a35m.".encode("cp1252"))
    assert read(path).text == "Caf\u00e9 Noir said revenue rose \u2013 by \u00a35m."


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.source == str(path)
    assert "cannot read" in caught.value.reason


def test_parse_empty_text_raises() -> None:
    with pytest.raises(ReadError, match="empty"):
        parse("", source="s.txt", doc_id="s")


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode("utf-8") + BODY.encode("utf-8"))
    document = read(path)
    assert document.text == BODY
    assert document.content == BODY


def test_utf8_bom_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff".encode("utf-8") + f"---\ntitle: T\n---\n{BODY}\n".encode())
    document = read(path)
    assert document.title == "T"
    kept(document, BODY)


def test_doc_id_argument() -> None:
    assert read(SEED, doc_id="news/alibaba").id == "news/alibaba"


# --- any input: a document or a clean error -------------------------------------------

lines = st.sampled_from(["2 min", "Tags:", ", ,", "Share this article", "---", "title: X", "# Head", "", BODY, "translated from German by Example.com"])


@settings(max_examples=80, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.lists(st.one_of(lines, st.text(max_size=30)), max_size=8).map(lambda ls: "\n".join(ls).encode("utf-8"))),
       suffix=st.sampled_from([".txt", ".md"]))
def test_any_bytes_read_or_clean_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_bytes(data)
        try:
            document = read(path)
        except ReadError as err:
            assert err.source == str(path)
            assert err.reason
            return
    invariants(document)
    assert document.content.strip()
    assert document.id == "any"


# --- discovery ----------------------------------------------------------------


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BODY, encoding="utf-8")
    return path


def test_discover_sorted_recursive_hidden_ignored(tmp_path: Path) -> None:
    root = tmp_path / "in"
    b = touch(root / "b.txt")
    a = touch(root / "a.md")
    deep = touch(root / "sub" / "deeper" / "c.markdown")
    upper = touch(root / "sub" / "D.TXT")
    touch(root / ".hidden.txt")
    touch(root / ".git" / "notes.txt")
    touch(root / "sub" / ".cache" / "x.md")
    touch(root / "image.png")
    touch(root / "notes.rst")

    found = [p for p in discover([root]) if isinstance(p, Path)]
    assert len(found) == len(list(discover([root])))
    assert found == sorted(found)
    assert set(found) == {a, b, deep, upper}


def test_discover_hidden_parent_of_root_is_allowed(tmp_path: Path) -> None:
    root = tmp_path / ".articles"
    article = touch(root / "a.txt")
    assert list(discover([root])) == [article]


def test_discover_explicit_files_in_given_order(tmp_path: Path) -> None:
    b = touch(tmp_path / "b.txt")
    a = touch(tmp_path / "a.txt")
    assert list(discover([b, a])) == [b, a]


def test_discover_explicit_unsupported_file_is_skipped(tmp_path: Path) -> None:
    pdf = touch(tmp_path / "report.pdf")
    bare = touch(tmp_path / "README")
    found = list(discover([pdf, bare]))
    assert isinstance(found[0], Skipped) and found[0].source == str(pdf)
    assert "'.pdf'" in found[0].reason and ".txt" in found[0].reason
    assert isinstance(found[1], Skipped) and found[1].source == str(bare)
    assert "(none)" in found[1].reason


def test_discover_missing_path_is_skipped(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert list(discover([missing])) == [Skipped(str(missing), "no such file or directory")]


def test_discover_empty_folder(tmp_path: Path) -> None:
    assert list(discover([tmp_path])) == []


def test_discover_seeds() -> None:
    assert list(discover([SEEDS])) == [SEED]
