"""Statements and their sources: who said what, and who reported it.

* Reported speech: a speech verb with a subject and a clausal complement
  ("Ma says he has great goals"; "'...,' says Ma").
* Attribution phrases: "according to X".  A person is the speaker; an
  organisation that is not the speaker is the cited source ("..., which
  according to Ma is also risky, according to ZDNet").
* Quotations that carry no attribution of their own continue the statement
  before them: a quote right after "..., according to the chairman." is the
  chairman's.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.facts.entities import DocEntities
from kg.facts.syntax import subject
from kg.model import EntityKind, Statement
from kg.patterns import words

SPEAKER_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.UNIT)
OPEN_QUOTES = ("“", '"', "‘")
CLOSE_QUOTES = ("”", '"', "’")


@cache
def _speech_verbs() -> frozenset[str]:
    return words("speech", "verbs")


def extract(doc: Doc, ents: DocEntities) -> Iterator[Statement]:
    previous_speaker: str | None = None
    previous_source: str | None = None
    in_quote = False
    for sent in ents.sentences:
        text = ents.text_of(sent)
        if not text.strip():
            continue
        quoted = _quoted(text, in_quote)
        in_quote = _ends_inside_quote(text, in_quote)
        # a statement is something said: an attribution whose content is empty
        # (the sentence is all attribution) states nothing
        found = [s for s in _attributed(sent, ents, quoted) if s.content.strip(" .,;:")]
        if found:
            yield from found
            previous_speaker, previous_source = found[-1].speaker, found[-1].source
        elif quoted and (previous_speaker or previous_source) and _strip_quotes(text).strip(" .,;:"):
            yield Statement(
                speaker=previous_speaker,
                source=previous_source,
                cue="quote",
                content=_strip_quotes(text),
                quoted=True,
                evidence=ents.evidence(sent),
            )
        elif not quoted:
            previous_speaker = previous_source = None


def _attributed(sent: Span, ents: DocEntities, quoted: bool) -> Iterator[Statement]:
    speakers: list[tuple[str, Token]] = []  # people cited with "according to"
    sources: list[str] = []
    words, doc = ents.columns, sent.doc
    according = [doc[i] for i in range(sent.start, sent.end) if words.lower[i] == "according"]
    for token in according:
        for obj in (c for p in token.children if p.lower_ == "to" for c in p.children if c.dep_ == "pobj"):
            key = ents.key(obj)
            if key is None:
                continue
            if ents.kind(key) is EntityKind.PERSON:
                speakers.append((key, token))
            elif ents.kind(key) in SPEAKER_KINDS:
                sources.append(key)
    source = sources[-1] if sources else None
    said = False
    for i in range(sent.start, sent.end):
        if words.pos[i] != "VERB" or words.lemma[i] not in _speech_verbs():
            continue
        token = doc[i]
        content = next((c for c in token.children if c.dep_ in ("ccomp", "parataxis")), None)
        key = ents.key(subject(token))
        if content is None or key is None or ents.kind(key) not in SPEAKER_KINDS:
            continue
        said = True
        yield Statement(
            speaker=key,
            source=source,
            cue=token.text,
            content=_strip_quotes(_text_without(content, [])),
            quoted=quoted,
            evidence=ents.evidence(sent),
        )
    if said:
        return
    attributions = [t for _, t in speakers] + according
    if speakers or sources:
        yield Statement(
            speaker=speakers[0][0] if speakers else None,
            source=source,
            cue="according to",
            content=_strip_quotes(_text_without(sent.root, attributions, within=sent)),
            quoted=quoted,
            evidence=ents.evidence(sent),
        )


def _text_without(head: Token, removed: list[Token], *, within: Span | None = None) -> str:
    """The text of ``head``'s phrase (or the sentence) minus attribution phrases."""
    drop = {t.i for r in removed for t in r.subtree}
    tokens = [t for t in (within if within is not None else head.subtree) if t.i not in drop]
    text = "".join(t.text_with_ws for t in tokens).strip()
    return text.strip(" ,;").replace(" ,", ",").replace(",,", ",").replace(", .", ".")


def _quoted(sentence: str, in_quote: bool) -> bool:
    return in_quote or sentence.strip().startswith(OPEN_QUOTES[:2])


def _ends_inside_quote(sentence: str, in_quote: bool) -> bool:
    """Whether a double quotation opened in or before this sentence (its text) is still open after it."""
    state = in_quote
    if '"' not in sentence and "“" not in sentence and "”" not in sentence:
        return state
    for char in sentence:
        if char == "“":
            state = True
        elif char == "”":
            state = False
        elif char == '"':
            state = not state
    return state


def _strip_quotes(text: str) -> str:
    return text.strip().strip("“”\"").strip()
