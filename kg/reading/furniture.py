"""Page furniture: reading-time lines, tag headers, share prompts, notices.

Furniture is recognised by its form (a whole line that is only "2 min", a
paragraph that says the article was machine-translated), never by the words
of one particular site.  Each stretch found is reported with its offsets so
the reader can blank it out of the text the NLP stage sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.model import Furniture
from kg.patterns import load


@dataclass(frozen=True, slots=True)
class _Rules:
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    notices: tuple[tuple[str, re.Pattern[str]], ...]
    publisher: re.Pattern[str]
    languages: dict[str, str]


@cache
def _rules() -> _Rules:
    data = load("furniture")
    return _Rules(
        lines=tuple((k, re.compile(p, re.IGNORECASE)) for k, p in data["line_patterns"].items()),
        notices=tuple((k, re.compile(p)) for k, p in data["notice_patterns"].items()),
        publisher=re.compile(data["publisher_pattern"]),
        languages=dict(data["languages"]),
    )


# Lines may end in "\n" or "\r\n"; a line holding only "\r" is blank.
_PARAGRAPH = re.compile(r"[^\r\n]+(?:\r?\n[^\r\n]+)*")
_LINE = re.compile(r"[^\r\n]+")


def find(text: str) -> Iterator[Furniture]:
    """Furniture in ``text``, in document order.

    Single lines are matched against the line patterns; notices are whole
    paragraphs (a translation notice is furniture from its first word to its last).
    """
    rules = _rules()
    for match in _PARAGRAPH.finditer(text):
        paragraph = match.group()
        kind = next((k for k, p in rules.notices if p.search(paragraph)), None)
        if kind is not None:
            yield Furniture(kind, match.start(), match.end(), paragraph)
            continue
        for line in _LINE.finditer(paragraph):
            kind = next((k for k, p in rules.lines if p.match(line.group())), None)
            if kind is not None:
                start = match.start() + line.start()
                yield Furniture(kind, start, start + len(line.group()), line.group())


def notice_metadata(furniture: tuple[Furniture, ...]) -> tuple[str | None, str | None]:
    """(publisher, translated_from language code) stated by a translation notice."""
    rules = _rules()
    for item in furniture:
        for _, pattern in rules.notices:
            found = pattern.search(item.text)
            if found is None:
                continue
            language = rules.languages.get(found.group("language"))
            publisher = rules.publisher.search(item.text)
            return (publisher.group("publisher") if publisher else None), language
    return None, None


def blank(text: str, spans: Iterator[tuple[int, int]] | list[tuple[int, int]]) -> str:
    """``text`` with the given character spans replaced by spaces (newlines kept).

    The result has the same length as ``text``, so offsets stay valid.
    """
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    blanked = "".join(chars)
    # nothing blanked: the text itself, not an equal copy that every later stage would hold too
    return text if blanked == text else blanked
