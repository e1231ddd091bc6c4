"""Which entities matter most, and which belong together: PageRank and communities.

Both are deterministic: nodes are visited in sorted order, ranks are rounded so
equal ranks compare equal, and the community search is seeded.
"""

from __future__ import annotations

import networkx as nx


def pagerank(links: nx.Graph, weight: dict[str, float], *, alpha: float = 0.85, rounds: int = 100) -> dict[str, float]:
    """Personalised PageRank of the nodes of ``links``: random jumps land on a node in
    proportion to its ``weight``.  Power iteration in sorted order, rounded so that
    equal ranks compare equal.  (``nx.pagerank`` needs scipy, which kg does not
    depend on.)"""
    order = sorted(links)
    if not order:
        return {}
    neighbours = {v: sorted(links[v]) for v in order}
    total = sum(weight.get(v, 1.0) for v in order)
    jump = {v: weight.get(v, 1.0) / total for v in order}
    rank = dict(jump)
    for _ in range(rounds):
        dangling = sum(rank[v] for v in order if not neighbours[v])
        new = {v: (1 - alpha + alpha * dangling) * jump[v] for v in order}
        for v in order:
            for w in neighbours[v]:
                new[w] += alpha * rank[v] / len(neighbours[v])
        rank = new
    return {v: round(r, 9) for v, r in rank.items()}


def communities(links: nx.Graph) -> list[list[str]]:
    """Groups of densely linked nodes (Louvain, seeded), each sorted, largest first."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(links))
    ordered.add_edges_from(sorted(tuple(sorted((a, b))) for a, b in links.edges()))
    found = nx.community.louvain_communities(ordered, seed=0) if ordered.number_of_edges() else [{v} for v in ordered]
    return sorted((sorted(group) for group in found), key=lambda group: (-len(group), group))


def ranked(rank: dict[str, float], label: dict[str, str]) -> list[str]:
    """Keys most central first; ties by label, then key."""
    return sorted(rank, key=lambda k: (-rank[k], label.get(k, "").lower(), k))
