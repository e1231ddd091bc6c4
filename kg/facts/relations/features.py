"""Features of a subject-object mention pair: how the two are connected.

The dependency path between their heads with its words ("X, CEO of Y" is
``appos ↑ X ↓ prep of ↓ pobj``), the words between them, the words that
govern each, the trigger words of ``patterns/relations.json`` ("born",
"subsidiary", "married") on the path, on the modifiers of its nouns ("parent
company"), between the two or next to the object; the path read through
trigger classes and through lists; the argument types and the last word of
each name ("Inc", "University"); and whether a rival of the same type lies
closer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from kg.facts.relations.arguments import Argument
from kg.facts.relations.tokens import Tokens, tokens

MAX_PATH = 8  # dependency edges; longer paths say nothing specific
MAX_BETWEEN = 12  # tokens between the arguments that still count as a phrase


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """The dependency path from ``a`` up to the lowest common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    down = [b, *b.ancestors]
    down_ids = {t.i: n for n, t in enumerate(down)}
    for n, t in enumerate(up):
        if t.i in down_ids:
            return up[:n], t, down[: down_ids[t.i]]
    return None


def path_length(doc: Doc | Tokens, s: Argument, o: Argument) -> int:
    """Dependency edges between the heads of two arguments (a large number when unconnected)."""
    index = doc if isinstance(doc, Tokens) else tokens(doc)
    path = index.path(s.head, o.head)
    return len(path[0]) + len(path[2]) if path else 1000


def pair_features(doc: Doc | Tokens, s: Argument, o: Argument, args: Sequence[Argument]) -> Iterator[str]:
    """Features of one subject-object mention pair in one sentence (``args``: the
    sentence's arguments).  ``doc`` may be given as its :func:`tokens`, read once
    for all pairs."""
    index = doc if isinstance(doc, Tokens) else tokens(doc)
    yield f"K={s.kind}>{o.kind}"
    yield f"S={'pron' if s.pronoun else 'name'}"
    yield f"Ob={'pron' if o.pronoun else 'name'}"
    yield "ORD=so" if s.start < o.start else "ORD=os"
    yield from _path_features(index, s, o)
    yield from _between_features(index, s, o, args)
    yield from _context_features(index, s, o)
    yield from _rank_features(s, o, args)
    yield from _path_rank_features(index, s, o, args)
    yield from _name_features(index, s, o)


def _path_features(ix: Tokens, s: Argument, o: Argument) -> Iterator[str]:
    sh, oh = s.head, o.head
    path = ix.path(sh, oh)
    if path is None or len(path[0]) + len(path[2]) > MAX_PATH:
        yield "P=long"
        return
    up, top, down = path
    lemma, dep, trigger = ix.lemma, ix.dep, ix.trigger
    top_word = "" if top in (sh, oh) else lemma[top]
    deps = [f"{dep[t]}^" for t in up] + [f"[{ix.pos[top]}]"] + [f"{dep[t]}v" for t in reversed(down)]
    yield "P=" + " ".join(deps)
    yield f"PK={s.cls}>{o.cls} " + " ".join(deps)
    yield f"PKK={s.kind}>{o.kind} " + " ".join(deps)
    # the path with its words replaced by what they signal: "founded", "started"
    # and "set up" read alike
    classes = [f"{dep[t]}^{_word_class(ix, t)}" for t in up[1:]] + [f"[{_word_class(ix, top) if top_word else ''}]"]
    yield "PT=" + " ".join(classes + [f"{dep[t]}v{_word_class(ix, t)}" for t in reversed(down[1:])])
    inner = [t for t in up[1:] + down[1:] if not s.start <= t < s.end and not o.start <= t < o.end]
    lexical = [f"{dep[t]}^{lemma[t]}" for t in up[1:]] + [f"[{top_word}]"] + [f"{dep[t]}v{lemma[t]}" for t in reversed(down[1:])]
    yield "PL=" + " ".join(lexical)
    yield f"TOP={top_word}|{dep[top] if top_word else 'end'}"
    for t in inner + ([top] if top_word else []):
        yield f"L={lemma[t]}"
        if trigger[t]:
            yield f"TP={trigger[t]}"
    yield f"PN={min(len(up) + len(down), 6)}"
    # modifiers of the nouns on the path: "parent company", "chief executive officer"
    for t in inner + ([top] if top_word else []):
        for m in ix.modifiers[t]:
            if not s.start <= m < s.end and not o.start <= m < o.end:
                yield f"LM={lemma[m]}"
                if trigger[m]:
                    yield f"TM={trigger[m]}"
    if any(dep[t] == "conj" for t in up + down):
        # one of a list ("boards of A, B and C"): the path as from the list's first member
        yield "PC=" + " ".join(d for d in deps if d not in ("conj^", "conjv"))


def _between_features(ix: Tokens, s: Argument, o: Argument, args: Sequence[Argument]) -> Iterator[str]:
    first, second = (s, o) if s.start < o.start else (o, s)
    between = range(first.end, max(first.end, min(second.start, len(ix))))
    if len(between) <= MAX_BETWEEN:
        for t in between:
            yield f"B={ix.lemma[t]}"
            if ix.trigger[t]:
                yield f"TB={ix.trigger[t]}"
        yield f"BN={len(between)}"
        if len(between) <= 3:
            yield "BS=" + " ".join(ix.lemma[t] for t in between)
    else:
        yield "B=far"
    others = sum(1 for a in args if first.end <= a.start and a.end <= second.start and a.group not in (s.group, o.group))
    yield f"BM={min(others, 3)}"


def _context_features(ix: Tokens, s: Argument, o: Argument) -> Iterator[str]:
    """What governs each argument, and the words around the object (for dates:
    "born", "died", "(", "–")."""
    lemma, head, n = ix.lemma, ix.head, len(ix)
    sh, oh = s.head, o.head
    yield f"SH={ix.dep[sh]}|{lemma[head[sh]]}"
    yield f"OH={ix.dep[oh]}|{lemma[head[oh]]}"
    if ix.dep[oh] == "pobj":
        yield f"OHH={lemma[head[oh]]}|{lemma[head[head[oh]]]}"
    if o.start > 0:
        yield f"O-1={lemma[o.start - 1]}"
        if o.start > 1:
            yield f"O-2={lemma[o.start - 2]}"
    if o.end < n:
        yield f"O+1={lemma[o.end]}"
    if s.end < n:
        yield f"S+1={lemma[s.end]}"
    for t in range(max(o.start - 3, 0), min(o.end + 2, n)):
        if ix.trigger[t]:
            yield f"TW={ix.trigger[t]}"


def _word_class(ix: Tokens, t: int) -> str:
    """A token as its trigger class, else its part of speech."""
    return ix.trigger[t] or ix.pos[t]


def _rank_features(s: Argument, o: Argument, args: Sequence[Argument]) -> Iterator[str]:
    """Whether another argument of the object's type lies closer to the subject
    (and vice versa): a relation usually holds with the nearest candidate."""

    def rank(anchor: Argument, other: Argument) -> int:
        distance = abs(anchor.head - other.head)
        rivals = {
            a.group
            for a in args
            if a.cls == other.cls and a.kind == other.kind and a.group not in (anchor.group, other.group) and abs(anchor.head - a.head) < distance
        }
        return min(len(rivals), 2)

    object_rank = rank(s, o)
    yield f"OR={object_rank}"
    yield f"SR={rank(o, s)}"
    yield f"ORK={object_rank}|{s.kind}>{o.kind}"


def _path_rank_features(ix: Tokens, s: Argument, o: Argument, args: Sequence[Argument]) -> Iterator[str]:
    """Whether another argument of the object's type is closer to the subject in
    the parse (fewer dependency edges) than the object: in "X, who left A for
    B, where he is CEO" the post attaches to B, not to A."""
    distance = path_length(ix, s, o)
    rivals = {
        a.group
        for a in args
        if a.cls == o.cls and a.kind == o.kind and a.group not in (s.group, o.group) and not a.overlaps(s) and path_length(ix, s, a) < distance
    }
    rank = min(len(rivals), 2)
    yield f"DR={rank}"
    yield f"DRK={rank}|{s.kind}>{o.kind}"


def _name_features(ix: Tokens, s: Argument, o: Argument) -> Iterator[str]:
    """The last word of each name ("Inc", "University", "Party"): what kind of
    thing it names, whatever the entity recogniser said."""
    if not s.pronoun and s.cls == "entity":
        yield f"SW={ix.lemma[s.end - 1]}"
    if not o.pronoun and o.cls == "entity":
        yield f"OW={ix.lemma[o.end - 1]}"
