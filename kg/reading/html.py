"""HTML articles: the article's own text and the page's metadata.

Scripts, styles, navigation, headers, footers, asides and forms are page
furniture.  When the page marks its article (<article>, <main>), only that
part is read.  Block elements end paragraphs, so the text keeps the shape
the NLP stage expects (blank lines between paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe", "button", "select"})
BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "br", "tr", "table", "figure", "figcaption", "pre", "dd", "dt"})
VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"})
META_FIELDS = {
    "og:title": "title", "twitter:title": "title", "title": "title",
    "article:published_time": "date", "date": "date", "pubdate": "date", "publish-date": "date", "dc.date": "date",
    "og:site_name": "source", "publisher": "source", "application-name": "source",
    "og:url": "url",
    "og:locale": "language",
}


@dataclass(slots=True)
class _Part:
    chunks: list[str] = field(default_factory=list)

    def text(self) -> str:
        joined = "".join(self.chunks)
        paragraphs = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", joined)]
        return "\n\n".join(p for p in paragraphs if p)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Part()
        self.article = _Part()
        self.skip_depth = 0
        self.article_depth = 0
        self.in_title = False
        self.title_text: list[str] = []
        self.meta: dict[str, str] = {}
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and attributes.get("lang"):
            self.lang = attributes["lang"]
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key in META_FIELDS and attributes.get("content"):
                self.meta.setdefault(META_FIELDS[key], attributes["content"].strip())
        if tag == "link" and attributes.get("rel", "").lower() == "canonical" and attributes.get("href"):
            self.meta.setdefault("url", attributes["href"])
        if tag in VOID:
            if tag == "br":
                self._add("\n")
            return
        if tag == "title":
            self.in_title = True
        if self.skip_depth or tag in SKIPPED:
            self.skip_depth += 1
            return
        if tag in ("article", "main") or self.article_depth:
            self.article_depth += 1
        if tag in BLOCKS:
            self._add("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag == "title":
            self.in_title = False
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag in BLOCKS:
            self._add("\n\n")
        if self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_text.append(data)
            return
        if not self.skip_depth:
            self._add(data.replace("\n", " "))

    def _add(self, text: str) -> None:
        self.page.chunks.append(text)
        if self.article_depth:
            self.article.chunks.append(text)


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    language: str | None


def parse(markup: str) -> Page:
    """The article text and metadata of an HTML page."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    article = reader.article.text()
    text = article if len(article) >= 200 or not reader.page.text() else reader.page.text()
    title = reader.meta.get("title") or ("".join(reader.title_text).strip() or None)
    return Page(text, title, reader.meta.get("date"), reader.meta.get("source"), reader.meta.get("url"), reader.meta.get("language") or reader.lang)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)
