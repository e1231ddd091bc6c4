"""What the picture of one entity, or of one article, shows.

An entity's picture is its neighbourhood: the entity (heavy outline), its goals
and financial figures with their deadlines, the goals it stated for others, and
the entities one fact away (posts, units, relations, cited sources, speakers of
its goals).  An article's picture is everything that article states.  Both are
capped so that they stay readable; footnotes say what was left out.
"""

from __future__ import annotations

import unicodedata

from kg.export.centrality import ranked
from kg.export.overview import (
    FACT_KINDS,
    MAX_NODES,
    Drawable,
    Scene,
    centrality,
    drawable,
    footnotes,
    listing,
    subtitle,
)
from kg.export.projection import Node, Projection
from kg.export.styles import ENTITY_KINDS, NODE_STYLES, plural

MAX_FACTS = 14  # goals and figures drawn in an entity's picture
MAX_NEIGHBOURS = 20  # linked entities drawn in an entity's picture
MAX_FACTS_PER_ENTITY = 8  # goals and figures kept per entity when an article's picture is trimmed


def neighbourhood(projection: Projection, key: str, *, drawn: Drawable | None = None, rank: dict[str, float] | None = None) -> Scene:
    """The picture of the entity ``key``: itself, its facts and its neighbours.
    ``drawn`` and ``rank`` (from :func:`drawable` and :func:`centrality`) can be
    passed in when many pictures are made from one graph."""
    drawn = drawn or drawable(projection)
    rank = rank if rank is not None else centrality(drawn, drawn.linked())[1]
    node = projection.nodes[key]
    kinds = list(NODE_STYLES)

    def by_kind(k: str) -> tuple[int, str, str]:
        return kinds.index(drawn.nodes[k].kind), drawn.nodes[k].label.lower(), k

    owned = sorted((k for k, n in drawn.nodes.items() if n.owner == key and n.kind in FACT_KINDS), key=by_kind)
    stated = sorted({e.target for e in drawn.edges if e.kind == "stated" and e.source == key}, key=by_kind)
    facts = owned[:MAX_FACTS] + stated[: max(0, MAX_FACTS - len(owned))]
    keep = {key, *facts}
    neighbours: set[str] = set()
    for edge in drawn.edges:
        if edge.kind in ("by",) and edge.source in keep:
            keep.add(edge.target)
        elif key in (edge.source, edge.target) and edge.kind not in ("goal", "figure"):
            neighbours.add(drawn.owner(edge.target if edge.source == key else edge.source))
        elif edge.kind == "stated" and edge.target in facts:
            neighbours.add(edge.source)
    neighbours |= {drawn.owner(goal) for goal in stated[: max(0, MAX_FACTS - len(owned))]}
    neighbours.discard(key)
    labels = {k: drawn.nodes[k].label for k in neighbours}
    near = sorted(neighbours, key=lambda k: (-rank.get(k, 0.0), labels[k].lower(), k))
    keep |= set(near[:MAX_NEIGHBOURS])
    shown = tuple(n for k, n in drawn.nodes.items() if k in keep and (k == key or _touches(drawn, k, keep)))
    if key not in drawn.nodes:
        shown = (node, *shown)
    edges = tuple(e for e in drawn.edges if e.source in keep and e.target in keep)
    notes = _entity_notes(projection, node, len(owned) + len(stated) - len(facts), near[MAX_NEIGHBOURS:], labels)
    around = subtitle(n for n in shown if n.key != key)
    return Scene(shown, edges, node.label, NODE_STYLES[node.kind].legend + (f" \u2014 linked: {around}" if around else ""), notes, focus=key)


def _touches(drawn: Drawable, key: str, keep: set[str]) -> bool:
    return any(key in (e.source, e.target) and e.source in keep and e.target in keep for e in drawn.edges)


def _entity_notes(projection: Projection, node: Node, facts_left: int, left: list[str], labels: dict[str, str]) -> tuple[str, ...]:
    notes = [f"{name.capitalize()}: {value}" for name, value in node.props]
    said = [e for e in projection.edges if e.kind == "said" and e.source == node.key]
    cited = [e for e in projection.edges if e.kind == "source" and e.target == node.key]
    if said or cited:
        parts = [f"made {len(said)} {'statement' if len(said) == 1 else 'statements'}"] if said else []
        parts += [f"cited as a source {len(cited)} {'time' if len(cited) == 1 else 'times'}"] if cited else []
        notes.append(f"{node.label} {' and '.join(parts)} (kg query statements).")
    if facts_left > 0:
        notes.append(f"{facts_left} more goals and figures are not drawn (kg query goals, kg query figures).")
    notes.append(listing("Also linked", [labels[k] for k in left]))
    notes.append(listing(f"Mentioned in {len(node.docs)} {'article' if len(node.docs) == 1 else 'articles'}", list(node.docs), most=8))
    return tuple(note for note in notes if note)


def document(projection: Projection, key: str, *, limit: int = MAX_NODES) -> Scene:
    """The picture of the article ``key``: the facts it states, trimmed to ``limit`` nodes."""
    node = projection.nodes[key]
    doc_id = node.prop("id") or node.label
    drawn = drawable(projection, doc=doc_id)
    linked = drawn.linked()
    kept = linked if len(linked) <= limit else trim(drawn, linked, limit)
    shown = tuple(n for k, n in drawn.nodes.items() if k in kept)
    edges = tuple(e for e in drawn.edges if e.source in kept and e.target in kept)
    entities = sum(1 for k in linked if drawn.nodes[k].kind in ENTITY_KINDS)
    drawn_entities = sum(1 for n in shown if n.kind in ENTITY_KINDS)
    notes = list(footnotes(projection, linked, docs={doc_id}))
    if drawn_entities < entities:
        notes.insert(0, f"The {drawn_entities} most central of {entities} entities with facts are drawn.")
    statements = sum(1 for n in projection.of_kind("statement") if doc_id in n.docs)
    if statements:
        notes.append(f"{statements} {plural('statement', statements)} (kg query statements).")
    about = [doc_id if node.prop("title") else "", node.prop("publisher"), node.prop("date"), subtitle(shown)]
    return Scene(shown, edges, f"Article: {node.label}", " \u00b7 ".join(x for x in about if x), tuple(notes))


def trim(drawn: Drawable, linked: set[str], limit: int) -> set[str]:
    """At most ``limit`` of the ``linked`` nodes.  Entities are taken most central
    first, each with up to MAX_FACTS_PER_ENTITY goals and figures (and their
    deadlines) and as many of its linked entities; an entity whose share does not
    fit is left out, and none is drawn without an edge."""
    links, rank = centrality(drawn, linked)
    kinds = list(NODE_STYLES)
    facts_of: dict[str, list[str]] = {}
    for key in sorted(linked, key=lambda k: (kinds.index(drawn.nodes[k].kind), drawn.nodes[k].label, k)):
        if drawn.nodes[key].kind in FACT_KINDS:
            facts_of.setdefault(drawn.owner(key), []).append(key)
    central = ranked(rank, {k: drawn.nodes[k].label for k in links})
    place = {key: i for i, key in enumerate(central)}
    deadlines_of: dict[str, list[str]] = {}
    for edge in drawn.edges:
        if edge.kind == "by":
            deadlines_of.setdefault(edge.source, []).append(edge.target)
    kept: set[str] = set()
    for key in central:
        facts = facts_of.get(key, [])[:MAX_FACTS_PER_ENTITY]
        partners = sorted(links[key], key=place.__getitem__)[:MAX_FACTS_PER_ENTITY]
        new = {key, *facts, *(d for f in facts for d in deadlines_of.get(f, [])), *partners} - kept
        if len(kept) + len(new) <= limit:
            kept |= new
    # a partner reached through a goal that did not fit would stand alone
    drawn_keys = {k for e in drawn.edges if e.source in kept and e.target in kept for k in (e.source, e.target)}
    return kept & drawn_keys


SHOWABLE = ENTITY_KINDS | {"document"}


def candidates(projection: Projection, name: str) -> list[Node]:
    """The entities or articles ``name`` may mean, best match only: an IRI, then a
    name (or article id) spelt the same up to case and accents, then another name
    of the entity, then names that start with ``name``, then names containing it."""
    found = projection.nodes.get(name.strip())
    if found is not None and found.kind in SHOWABLE:
        return [found]
    wanted = _normal(name)
    if not wanted:
        return []
    tiers: dict[int, list[Node]] = {}
    for node in projection.nodes.values():
        if node.kind not in SHOWABLE:
            continue
        first = [_normal(node.label)] + ([_normal(node.prop("id"))] if node.kind == "document" else [])
        others = [_normal(n) for n in node.names]
        every = first + others
        tier = 0 if wanted in first else 1 if wanted in others else 2 if any(n.startswith(wanted) for n in every) else 3 if any(wanted in n for n in every) else None
        if tier is not None:
            tiers.setdefault(tier, []).append(node)
    if not tiers:
        return []
    kinds = list(NODE_STYLES)
    return sorted(tiers[min(tiers)], key=lambda n: (kinds.index(n.kind), n.label.lower(), n.key))


def _normal(text: str) -> str:
    """Case, accents, curly quotes and runs of spaces do not tell names apart."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())
